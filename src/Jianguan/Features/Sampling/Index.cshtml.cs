using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Sampling;

/// <summary>双随机抽查: the annual plans (filtered, counted, a page at a time), the libraries and the caller's own assignments.</summary>
[Authorize(Policy = Policies.SamplingRead)]
public sealed class IndexModel(JianguanDbContext db, CalendarService calendars, TimeProvider time) : Shared.PagedPageModel
{
    public const string Approved = "approved";
    public const string Pending = "pending";

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    /// <summary><see cref="Approved"/> or <see cref="Pending"/>; anything else lists both.</summary>
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<SamplingPlan> Plans { get; private set; } = [];

    /// <summary>The plans matching the filters (all pages).</summary>
    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    /// <summary>The years that have plans, newest first, for the filter.</summary>
    public List<int> Years { get; private set; } = [];

    public Dictionary<long, List<SamplingDraw>> DrawsByBatch { get; private set; } = [];

    public int Objects { get; private set; }

    public int Inspectors { get; private set; }

    public int DueSoon { get; private set; }

    public int Overdue { get; private set; }

    /// <summary>The assignments naming an inspector linked to the signed-in account, open ones first (at most <see cref="MaxMine"/>).</summary>
    public List<SamplingAssignment> Mine { get; private set; } = [];

    public const int MaxMine = 100;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var plans = db.SamplingPlans.AsNoTracking();
        if (Year is { } year)
        {
            plans = plans.Where(p => p.Year == year);
        }

        plans = State switch
        {
            Approved => plans.Where(p => p.ApprovedOn != null),
            Pending => plans.Where(p => p.ApprovedOn == null),
            _ => plans,
        };
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var text = Q.Trim();
            plans = plans.Where(p => p.Title.Contains(text) || (p.DecisionRef != null && p.DecisionRef.Contains(text)));
        }

        Total = await plans.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Plans = await plans.Include(p => p.Batches).OrderByDescending(p => p.Year).ThenByDescending(p => p.Id).PageAt(PageNumber).ToListAsync(ct);
        Years = await db.SamplingPlans.AsNoTracking().Select(p => p.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        var batches = Plans.SelectMany(p => p.Batches).Select(b => b.Id).ToList();
        DrawsByBatch = (await db.SamplingDraws.AsNoTracking().Where(d => batches.Contains(d.BatchId)).OrderBy(d => d.Id).ToListAsync(ct))
            .GroupBy(d => d.BatchId).ToDictionary(g => g.Key, g => g.ToList());
        Objects = await db.SamplingObjects.CountAsync(ct);
        Inspectors = await db.Inspectors.CountAsync(i => i.Active, ct);
        var calendar = await calendars.GetAsync(ct);
        var today = ChinaTime.Today(time);
        var open = await db.SamplingAssignments.AsNoTracking().Where(a => a.PublishClockId != null && a.PublishedAt == null && !a.Exempt).ToListAsync(ct);
        var states = open.Select(a => SamplingService.PublishStatus(a, today, calendar).State).ToList();
        DueSoon = states.Count(s => s == PublishState.DueSoon);
        Overdue = states.Count(s => s == PublishState.Overdue);
        Mine = await MineAsync(ct);
    }

    private async Task<List<SamplingAssignment>> MineAsync(CancellationToken ct)
    {
        if (User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is not { } userId)
        {
            return [];
        }

        var codes = await db.Inspectors.AsNoTracking().Where(i => i.UserId == userId && i.Active).Select(i => i.Code).ToListAsync(ct);
        if (codes.Count == 0)
        {
            return [];
        }

        // The codes are joined with '|' in the assignment: a LIKE narrows the rows, the split decides.
        var query = db.SamplingAssignments.AsNoTracking().Where(a => a.Status == Draw.Selection.Assigned);
        var candidates = new List<SamplingAssignment>();
        foreach (var code in codes)
        {
            candidates.AddRange(await query.Where(a => a.Inspectors.Contains(code)).ToListAsync(ct));
        }

        var mine = codes.ToHashSet(StringComparer.Ordinal);
        return [.. candidates.DistinctBy(a => a.Id).Where(a => SamplingService.SplitList(a.Inspectors).Any(mine.Contains))
            .OrderBy(a => a.CompletedOn is null ? 0 : 1).ThenByDescending(a => a.DrawId).ThenBy(a => a.Order).Take(MaxMine)];
    }

    public async Task<IActionResult> OnGetPlansXlsxAsync(CancellationToken ct)
    {
        var stream = new MemoryStream();
        await SamplingWorkbooks.WritePlansAsync(db, stream, ct);
        stream.Position = 0;
        return File(stream, SamplingWorkbooks.ContentType, "年度抽查计划.xlsx");
    }
}
