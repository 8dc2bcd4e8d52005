using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Credit.Accountability;

/// <summary>
/// The accountability dashboard (履职问责) for the office: duties missed or late per member unit and kind in a year
/// or quarter, drill-down to the list and to each case, and the report as .docx (the same figures).
/// </summary>
[Authorize(Policy = CreditPolicies.Accountability)]
public sealed class IndexModel(JianguanDbContext db, AccountabilityService service, AuditTrail audit, TimeProvider time) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Quarter { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public AccountabilityReport? Report { get; private set; }

    public IReadOnlyList<LateDuty> PageRows { get; private set; } = [];

    public string? Error { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Report?.Duties.Count ?? 0);

    private AccountabilityPeriod? Period(DateOnly today)
    {
        if (!AccountabilityPeriod.TryCreate(Year ?? today.Year, Quarter, out var period))
        {
            Error = "统计期间无效：年份为 2000–2199 年，季度为 1–4。";
            return null;
        }

        Year = period.Year;
        return period;
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        if (Period(today) is not { } period)
        {
            return;
        }

        Report = await service.ComputeAsync(db, period, today, Unit, Kind, ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        PageRows = [.. Report.Duties.Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize)];
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "accountability.view", "accountability",
            new { period = period.Name, unit = Unit, kind = Kind, rows = Report.Duties.Count }, ct);
    }

    public async Task<IActionResult> OnGetDocxAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        if (Period(today) is not { } period)
        {
            return BadRequest();
        }

        var (document, name) = await service.DownloadAsync(db, audit, AuditActor.From(HttpContext), period, today, ct);
        return File(document, Platform.Documents.DocxDocument.ContentType, name);
    }
}
