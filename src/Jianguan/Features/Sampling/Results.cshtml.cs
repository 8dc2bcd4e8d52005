using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Sampling;

[Authorize(Policy = Policies.SamplingRead)]
public sealed class ResultsModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, CalendarService calendars, IAuthorizationService authorization) : Shared.PagedPageModel
{
    /// <summary>Object or inspector names contain this.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<(SamplingAssignment Assignment, PublishState State, int? DaysLeft)> Rows { get; private set; } = [];

    /// <summary>Assigned objects matching the filter (all pages).</summary>
    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(ct);
        var today = ChinaTime.Today(time);
        var query = db.SamplingAssignments.AsNoTracking().Where(a => a.Status == Features.Sampling.Draw.Selection.Assigned);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var text = Q.Trim();
            query = query.Where(a => a.ObjectName.Contains(text) || a.ObjectKey.Contains(text) || a.InspectorNames.Contains(text));
        }

        Total = await query.CountAsync(ct);
        var byGrade = await query.GroupBy(a => new { a.Grade, a.Result }).Select(g => new { g.Key.Grade, g.Key.Result, Count = g.Count() }).ToListAsync(ct);
        ByGrade = GradeChart([.. byGrade.Select(g => (g.Grade, g.Result, g.Count))]);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        var list = await query.OrderByDescending(a => a.DrawId).ThenBy(a => a.Order).ThenBy(a => a.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).ToListAsync(ct);
        Rows = [.. list.Select(a =>
        {
            var (state, left) = SamplingService.PublishStatus(a, today, calendar);
            return (a, state, left);
        })];
        CanManage = (await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded;
        CanMakeClue = (await authorization.AuthorizeAsync(User, Clues.CluePolicies.Manage)).Succeeded;
    }

    public bool CanMakeClue { get; private set; }

    /// <summary>The assigned objects of the filter by risk grade, split by inspection result (null when there are none).</summary>
    public Shared.StackedChart? ByGrade { get; private set; }

    /// <summary>Results in the chart's order, bottom-up; no result yet is 待检查.</summary>
    private static readonly (string? Result, string Class, string Name)[] ResultSeries =
    [
        (InspectionResults.Problem, "res-problem", InspectionResults.Problem),
        (InspectionResults.NoProblem, "res-ok", InspectionResults.NoProblem),
        (InspectionResults.NotFound, "res-missing", InspectionResults.NotFound),
        (null, "res-pending", "待检查"),
    ];

    public static Shared.StackedChart? GradeChart(IReadOnlyList<(string Grade, string? Result, int Count)> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Sum(c => c.Count) == 0)
        {
            return null;
        }

        var grades = SamplingGrades.All.Concat(counts.Select(c => c.Grade).Where(g => !SamplingGrades.All.Contains(g)).Distinct().Order(StringComparer.Ordinal)).ToList();
        int Count(string grade, string? result) => counts.Where(c => c.Grade == grade && (result is null
            ? c.Result is null || !InspectionResults.All.Contains(c.Result)
            : c.Result == result)).Sum(c => c.Count);
        var columns = grades.Select(g => new Shared.StackInput(SamplingGrades.Name(g), null, SamplingGrades.Name(g) + "对象", null,
            [.. ResultSeries.Select(r => Count(g, r.Result))])).ToList();
        var total = counts.Sum(c => c.Count);
        var problems = counts.Where(c => c.Result == InspectionResults.Problem).Sum(c => c.Count);
        return Shared.SvgCharts.Stacked("grade-chart", columns, [.. ResultSeries.Select(r => new Shared.ChartSeries(r.Class, r.Name))], "个",
            $"按风险等级统计的已分派检查对象（与下方列表的关键词相同），共 {total} 个，其中发现问题 {problems} 个；柱内按检查结果分色。",
            width: 560, height: 240);
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            await SamplingService.PublishAsync(db, audit, AuditActor.From(HttpContext), id, time.GetUtcNow(), ct);
        }
        catch (SamplingException)
        {
            return BadRequest();
        }

        return Redirect("/Sampling/Results");
    }

    /// <summary>An inspection finding becomes a clue (source 抽查检查发现); one clue per assignment.</summary>
    public async Task<IActionResult> OnPostClueAsync(long id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Clues.CluePolicies.Manage)).Succeeded)
        {
            return Forbid();
        }

        var a = await db.SamplingAssignments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Result != null, ct);
        if (a is null)
        {
            return NotFound();
        }

        try
        {
            var clue = await Clues.ClueService.CreateAsync(db, audit, AuditActor.From(HttpContext), Clues.ClueSource.Inspection,
                id.ToString(CultureInfo.InvariantCulture), "抽查检查发现：" + a.ObjectName, time.GetUtcNow(),
                new Clues.ClueDetails(Description: Cut(string.IsNullOrWhiteSpace(a.Findings) ? a.Result : a.Result + "：" + a.Findings, 4000), Firms: Cut(a.ObjectName, 1000), SourceLink: "/Sampling/Draws/Detail?id=" + a.DrawId.ToString(CultureInfo.InvariantCulture)), ct);
            return Redirect("/Clues/" + clue.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (Clues.ClueException e)
        {
            return new ContentResult { Content = e.Message, StatusCode = StatusCodes.Status409Conflict, ContentType = "text/plain; charset=utf-8" };
        }
    }

    private static string? Cut(string? text, int max) => text is { Length: > 0 } t && t.Length > max ? t[..max] : text;

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var stream = new MemoryStream();
        await SamplingWorkbooks.WriteResultsAsync(db, stream, await calendars.GetAsync(ct), ChinaTime.Today(time), ct);
        stream.Position = 0;
        return File(stream, SamplingWorkbooks.ContentType, "抽查结果.xlsx");
    }
}
