using Jianguan.Platform.Documents;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Firms;

/// <summary>
/// A firm's page: who it is, every tender of a period (default the last three years) with its bid and the result,
/// co-bidders, alerts naming it, a timeline and the co-bidding network; the tenders export to XLSX. Views and
/// exports are recorded (firm.view, firm.export).
/// </summary>
[Authorize(Policy = Policies.TradingRead)]
public sealed class DetailModel(
    JianguanDbContext db, CurrentDataScope scope, AuditTrail audit, TimeProvider clock, IAuthorizationService authorization)
    : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public FirmDetail Firm { get; private set; } = null!;

    public string? PeriodError { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var (from, to) = Period();
        var alerts = (await authorization.AuthorizeAsync(User, Policies.AlertsRead)).Succeeded;
        if (await FirmQueries.FirmAsync(db, await scope.GetAsync(ct), id, from, to, PageNumber, alerts, ct) is not { } firm)
        {
            return NotFound();
        }

        Firm = firm;
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "firm.view", $"entity:{id}",
            new { name = firm.Entity.Name, from = ChinaTime.FormatDate(from), to = ChinaTime.FormatDate(to), tenders = firm.Summary.Tenders }, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(long id, CancellationToken ct)
    {
        var (from, to) = Period();
        if (await FirmQueries.ExportAsync(db, await scope.GetAsync(ct), id, from, to, ct) is not { } export)
        {
            return NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(HttpContext), "firm.export", $"entity:{id}",
            new { name = export.Entity.Name, from = ChinaTime.FormatDate(from), to = ChinaTime.FormatDate(to), rows = export.Tenders.Count }, ct);
        var stream = new MemoryStream();
        await FirmWorkbook.WriteAsync(stream, export.Tenders, ct);
        stream.Position = 0;
        var name = $"单位投标记录-{export.Entity.Name}-{ChinaTime.FormatDate(from)}至{ChinaTime.FormatDate(to)}.xlsx";
        return File(stream, XlsxDocument.ContentType, name);
    }

    /// <summary>The period asked for, else the last three years; a reversed period is swapped and said so.</summary>
    private (DateOnly From, DateOnly To) Period()
    {
        var (defaultFrom, defaultTo) = FirmQueries.DefaultPeriod(clock);
        var from = From ?? (To is { } t ? t.AddYears(-3).AddDays(1) : defaultFrom);
        var to = To ?? defaultTo;
        if (from > to)
        {
            (from, to) = (to, from);
            PeriodError = "起始日期晚于截止日期，已对调。";
        }

        if (!ModelState.IsValid)
        {
            PeriodError = "日期格式应为 年-月-日，已按默认期间（近三年）查询。";
            (from, to) = (defaultFrom, defaultTo);
        }

        From = from;
        To = to;
        return (from, to);
    }
}
