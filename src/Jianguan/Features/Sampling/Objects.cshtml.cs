using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Sampling;

[Authorize(Policy = Policies.SamplingManage)]
public sealed class ObjectsModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Grade { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<SamplingObject> Objects { get; private set; } = [];

    /// <summary>Objects matching the filters (all pages).</summary>
    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public Dictionary<string, int> Counts { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Counts = await db.SamplingObjects.GroupBy(o => o.RiskGrade).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var query = db.SamplingObjects.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Grade))
        {
            query = query.Where(o => o.RiskGrade == Grade);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            query = query.Where(o => o.Name.Contains(Q) || o.Key.Contains(Q));
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Objects = await query.OrderBy(o => o.Key).ThenBy(o => o.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRefreshAsync(CancellationToken ct)
    {
        var (added, updated) = await SamplingService.RefreshObjectsAsync(db, audit, AuditActor.From(HttpContext), time.GetUtcNow(), ct);
        Message = $"已从交易数据更新：新增 {added} 个，更新 {updated} 个";
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostGradeAsync(long id, string risk, string credit, string? note, CancellationToken ct)
    {
        try
        {
            await SamplingService.SetGradeAsync(db, audit, AuditActor.From(HttpContext), id, risk, credit, note ?? "", time.GetUtcNow(), ct);
            Message = "已更新等级";
        }
        catch (SamplingException e)
        {
            Message = e.Message;
            db.ChangeTracker.Clear();
        }

        await OnGetAsync(ct);
        return Page();
    }
}
