using Jianguan.Features.Clues;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Inbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Reports.Monthly;

/// <summary>
/// One monthly report (by id or <c>yyyy-MM</c>): its frozen figures, the staff's problems, summary and remarks (editable
/// in draft), the workflow's actions for this user, the history, and for a forwarded report the read receipts of
/// every addressee. An addressee opening it reads its notification. Views and downloads are audited.
/// </summary>
[Authorize(Policy = ReportPolicies.Read)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock, IAuthorizationService authorization,
    Platform.Calendar.CalendarService calendars) : PageModel
{
    public MonthlyReport Report { get; private set; } = null!;

    public MonthlyReportContent Document { get; private set; } = null!;

    public IReadOnlyList<MonthlyReportAction> Actions { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public IReadOnlyList<MonthlyReportTransition> History { get; private set; } = [];

    public IReadOnlyList<MonthlyReceipt> Receipts { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>Clues registered from this report's problem items, by item number (1-based).</summary>
    public IReadOnlyDictionary<int, SourceClue> Clues { get; private set; } = new Dictionary<int, SourceClue>();

    /// <summary>The report is submitted or forwarded and this user may turn its problems into clues.</summary>
    public bool CanMakeClues { get; private set; }

    [BindProperty]
    public string? Problems { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    [BindProperty]
    public string? Remarks { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        if (!await LoadAsync(key, ct))
        {
            return NotFound();
        }

        var actor = AuditActor.From(HttpContext);
        if (Report.State == MonthlyReportState.Forwarded && await InboxReader.ForAsync(db, User, ct) is { } reader)
        {
            await MonthlyReportService.MarkReadAsync(db, audit, actor, reader, Report.Id, clock.GetUtcNow(), ct);
            Receipts = await MonthlyReportService.ReceiptsAsync(db, Report.Id, ct);
        }

        await audit.RecordAsync(db, actor, "monthly.view", MonthlyReportService.Machine.Target(Report.Id), new { month = Report.Month }, ct);
        Problems = Report.Problems;
        Summary = Report.Summary;
        Remarks = Report.Remarks;
        return Page();
    }

    public Task<IActionResult> OnGetDocxAsync(string key, CancellationToken ct) => DownloadAsync(key, "docx", "文字处理文档", async (content, stream) =>
    {
        MonthlyReportDocuments.Docx(content).WriteTo(stream);
        await Task.CompletedTask;
        return DocxDocument.ContentType;
    }, ct);

    public Task<IActionResult> OnGetXlsxAsync(string key, CancellationToken ct) => DownloadAsync(key, "xlsx", "电子表格", async (content, stream) =>
    {
        await MonthlyReportDocuments.WriteXlsxAsync(stream, content, ct);
        return XlsxDocument.ContentType;
    }, ct);

    public Task<IActionResult> OnPostSaveAsync(string key, CancellationToken ct) => WriteAsync(key, ReportPolicies.Write, (id, actor) =>
        MonthlyReportService.SaveAsync(db, audit, actor, clock, id, new MonthlyReportService.Edit(Problems, Summary, Remarks), ct), ct);

    public Task<IActionResult> OnPostRegenerateAsync(string key, CancellationToken ct) => WriteAsync(key, ReportPolicies.Write, (id, actor) =>
        MonthlyReportService.RegenerateAsync(db, audit, actor, clock, id, ct), ct);

    public Task<IActionResult> OnPostSendForReviewAsync(string key, CancellationToken ct) => ActAsync(key, MonthlyReportAction.SendForReview, ct);

    public Task<IActionResult> OnPostApproveAsync(string key, CancellationToken ct) => ActAsync(key, MonthlyReportAction.Approve, ct);

    public Task<IActionResult> OnPostReturnAsync(string key, CancellationToken ct) => ActAsync(key, MonthlyReportAction.Return, ct);

    public Task<IActionResult> OnPostSubmitAsync(string key, CancellationToken ct) => ActAsync(key, MonthlyReportAction.Submit, ct);

    public Task<IActionResult> OnPostForwardAsync(string key, CancellationToken ct) => ActAsync(key, MonthlyReportAction.Forward, ct);

    /// <summary>Turns problem item <paramref name="item"/> (1-based) into a clue, once per item; the clue links back here.</summary>
    public async Task<IActionResult> OnPostClueAsync(string key, int item, CancellationToken ct)
    {
        var report = await MonthlyReportService.FindAsync(db, key, ct);
        if (report is null || !(await MonthlyReportService.VisibleStatesAsync(authorization, User)).Contains(report.State))
        {
            return NotFound();
        }

        if (!(await authorization.AuthorizeAsync(User, ReportPolicies.Clue)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            await ClueSources.FromReportProblemAsync(db, audit, AuditActor.From(HttpContext), report.Id, item, clock.GetUtcNow(), ct);
        }
        catch (ClueException e)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            Response.StatusCode = e.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return await LoadAsync(key, ct) ? Page() : NotFound();
        }

        return Redirect("/Reports/Monthly/" + report.Id.ToString(CultureInfo.InvariantCulture) + "#problem-" + item.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<IActionResult> ActAsync(string key, MonthlyReportAction action, CancellationToken ct)
    {
        var report = await MonthlyReportService.FindAsync(db, key, ct);
        // The policy of the row the report's state offers (returning is the reviewer's in review, the office's after).
        var row = report is null ? null : MonthlyReportService.Table.Find(report.State, action);
        var policy = row?.Policy ?? MonthlyReportService.Table.Rows.First(r => r.Action == action).Policy;
        var calendar = await calendars.GetAsync(ct);
        return await WriteAsync(key, policy, (id, actor) => MonthlyReportService.ActAsync(db, audit, actor, clock, id, action, Reason, calendar, ct), ct);
    }

    private async Task<IActionResult> WriteAsync(string key, string policy, Func<long, AuditActor, Task> write, CancellationToken ct)
    {
        var report = await MonthlyReportService.FindAsync(db, key, ct);
        if (report is null || !(await MonthlyReportService.VisibleStatesAsync(authorization, User)).Contains(report.State))
        {
            return NotFound();
        }

        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            await write(report.Id, AuditActor.From(HttpContext));
        }
        catch (MonthlyReportException e)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            Response.StatusCode = e.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            // Re-rendered with what the user typed (problems, summary, remarks, reason), nothing saved.
            return await LoadAsync(key, ct) ? Page() : NotFound();
        }

        return Redirect("/Reports/Monthly/" + report.Id.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<IActionResult> DownloadAsync(string key, string extension, string format, Func<MonthlyReportContent, Stream, Task<string>> write, CancellationToken ct)
    {
        if (!await LoadAsync(key, ct))
        {
            return NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(HttpContext), "monthly.download", MonthlyReportService.Machine.Target(Report.Id),
            new { month = Report.Month, format }, ct);
        var stream = new MemoryStream();
        var type = await write(Document, stream);
        stream.Position = 0;
        return File(stream, type, Document.FileName(extension));
    }

    private async Task<bool> LoadAsync(string key, CancellationToken ct)
    {
        var report = await MonthlyReportService.FindAsync(db, key, ct);
        if (report is null || !(await MonthlyReportService.VisibleStatesAsync(authorization, User)).Contains(report.State))
        {
            return false;
        }

        Report = report;
        Document = MonthlyReportContent.Of(report);
        Actions = await MonthlyReportService.Table.AllowedForAsync(report.State, authorization, User);
        CanEdit = report.State == MonthlyReportState.Draft && (await authorization.AuthorizeAsync(User, ReportPolicies.Write)).Succeeded;
        History = await MonthlyReportService.HistoryAsync(db, report.Id, ct);
        Clues = await ClueSources.OfReportAsync(db, report.Id, ct);
        CanMakeClues = ClueSources.ReportMayBecomeClue(report.State) && (await authorization.AuthorizeAsync(User, ReportPolicies.Clue)).Succeeded;
        if (report.State == MonthlyReportState.Forwarded)
        {
            Receipts = await MonthlyReportService.ReceiptsAsync(db, report.Id, ct);
        }

        return true;
    }
}
