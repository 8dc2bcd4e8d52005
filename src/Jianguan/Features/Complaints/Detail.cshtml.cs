using Jianguan.Features.Clues;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Complaints;

/// <summary>
/// A complaint: clocks with working days left, history, the actions the table allows this user, handler
/// assignment, and the complainant's identity (masked; in clear only to the assigned handler after the audited reveal).
/// </summary>
[Authorize(Policy = ComplaintWorkflow.ReadPolicy)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time,
    IAuthorizationService authorization) : PageModel
{
    public ComplaintDetail? Complaint { get; private set; }

    public IReadOnlyList<ComplaintAction> Actions { get; private set; } = [];

    public List<AppUser> Handlers { get; private set; } = [];

    public bool CanHandle { get; private set; }

    public bool IsHandler { get; private set; }

    public ComplainantIdentity? Identity { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The action whose form failed, with what the user typed.</summary>
    public ComplaintAction? FailedAction { get; private set; }

    public string? Text { get; private set; }

    public DateOnly? On { get; private set; }

    public DateOnly Today { get; private set; }

    /// <summary>The clue this complaint became, if any.</summary>
    public SourceClue? Clue { get; private set; }

    /// <summary>A handler of the receiving department who may register clues, on an accepted or decided complaint not yet a clue.</summary>
    public bool CanMakeClue { get; private set; }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var scope = await ComplaintScope.ForAsync(db, User, ct);
        Today = ChinaTime.Today(time);
        Complaint = await ComplaintQueries.GetAsync(db, scope, id, await calendars.GetAsync(ct), Today, ct);
        if (Complaint is null)
        {
            return false;
        }

        var entity = new Complaint { Number = "", Title = "", Content = "", ComplainantName = "", ReceiptHash = "", DepartmentId = Complaint.Row.DepartmentId };
        CanHandle = scope.CanHandle(entity);
        Actions = CanHandle ? await ComplaintWorkflow.Table.AllowedForAsync(Complaint.Row.State, authorization, User) : [];
        if (ComplaintWorkflow.DecideRule(Complaint.Row.Kind, Complaint.Row.Procedure) is null)
        {
            Actions = [.. Actions.Where(a => a is not (ComplaintAction.Suspend or ComplaintAction.Resume))];
        }

        Handlers = CanHandle ? await ComplaintWorkflow.HandlersOfAsync(db, Complaint.Row.DepartmentId, ct) : [];
        IsHandler = scope.UserId is not null && Complaint.HandlerId == scope.UserId;
        Clue = await ClueSources.OfComplaintAsync(db, id, ct);
        CanMakeClue = Clue is null && CanHandle && ClueSources.ComplaintMayBecomeClue(Complaint.Row.State, Complaint.Decision)
            && (await authorization.AuthorizeAsync(User, CluePolicies.Manage)).Succeeded;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostActionAsync(long id, string? action, string? text, DateOnly? on, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanHandle)
        {
            return Forbid();
        }

        if (!ComplaintLabels.TryParse<ComplaintAction>(action, out var a) || !Actions.Contains(a))
        {
            Error = "当前状态不能执行该操作，请刷新后重试。";
            return Page();
        }

        try
        {
            await ComplaintWorkflow.ApplyAsync(db, audit, AuditActor.From(HttpContext), await calendars.GetAsync(ct), id, a, text, on, time.GetUtcNow(), ct);
        }
        catch (ComplaintException e)
        {
            Error = e.Message;
            FailedAction = a;
            Text = text;
            On = on;
            return Page();
        }

        return Redirect(ComplaintWorkflow.Link(id));
    }

    public async Task<IActionResult> OnPostAssignAsync(long id, string? handlerId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanHandle)
        {
            return Forbid();
        }

        try
        {
            await ComplaintWorkflow.AssignAsync(db, audit, AuditActor.From(HttpContext), id, handlerId ?? "", time.GetUtcNow(), ct);
        }
        catch (ComplaintException e)
        {
            Error = e.Message;
            return Page();
        }

        return Redirect(ComplaintWorkflow.Link(id));
    }

    /// <summary>Turns the accepted or decided complaint into a clue (once), without the complainant's identity.</summary>
    public async Task<IActionResult> OnPostClueAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanHandle || !(await authorization.AuthorizeAsync(User, CluePolicies.Manage)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            await ClueSources.FromComplaintAsync(db, audit, AuditActor.From(HttpContext), id, time.GetUtcNow(), ct);
        }
        catch (ClueException e)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            Error = e.Message;
            Response.StatusCode = e.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect(ComplaintWorkflow.Link(id));
    }

    /// <summary>
    /// The printable document of the current stage (受理通知书 / 不予受理决定书 / 处理决定书) as .docx. The complainant is
    /// named masked: the handler completes the addressee on paper after the audited reveal.
    /// </summary>
    public async Task<IActionResult> OnGetDocxAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var d = Complaint!;
        var r = d.Row;
        var title = ComplaintDocuments.TitleFor(r.State);
        if (title is null)
        {
            return NotFound();
        }

        var doc = new Platform.Documents.DocxDocument(title) { PageHeader = r.Department };
        doc.Heading(title).Paragraph($"编号：{r.Number}").Paragraph($"投诉人：{r.Complainant}")
            .Paragraph($"事项：{r.ProcedureName}{r.KindName}——{r.Title}（收到日期 {ChinaTime.FormatDate(r.ReceivedOn)}）");
        switch (r.State)
        {
            case ComplaintState.NotAccepted:
                doc.Paragraph("经审查，本机关决定不予受理。理由如下：").Paragraph(d.RejectReason ?? "");
                break;
            case ComplaintState.Handling or ComplaintState.Suspended:
                doc.Paragraph("经审查，你方提出的事项符合受理条件，本机关决定予以受理。");
                foreach (var c in d.Clocks.Where(c => c.State != Platform.Clocks.ClockState.Stopped))
                {
                    doc.Paragraph($"{c.RuleName}：截止日期 {ChinaTime.FormatDate(c.Due)}（{c.Basis}）。");
                }

                break;
            default:
                doc.Paragraph("经调查核实，本机关作出如下处理决定：").Paragraph(d.Decision ?? "")
                    .Paragraph($"决定日期：{ChinaTime.FormatDate(d.DecidedOn)}");
                break;
        }

        doc.Paragraph($"{r.Department}").Paragraph(ChinaTime.FormatChineseDate(Today));
        var stream = new MemoryStream();
        doc.WriteTo(stream);
        stream.Position = 0;
        return File(stream, Platform.Documents.DocxDocument.ContentType, $"{r.Number}-{title}.docx");
    }

    /// <summary>The explicit, audited reveal: only the assigned handler gets the identity; anyone else is refused.</summary>
    public async Task<IActionResult> OnPostRevealAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!IsHandler)
        {
            return Forbid();
        }

        Identity = await ComplaintWorkflow.RevealAsync(db, audit, AuditActor.From(HttpContext), id, ct);
        return Identity is null ? Forbid() : Page();
    }
}

/// <summary>Which document a complaint's state prints.</summary>
public static class ComplaintDocuments
{
    public static string? TitleFor(ComplaintState state) => state switch
    {
        ComplaintState.NotAccepted => "不予受理决定书",
        ComplaintState.Handling or ComplaintState.Suspended => "受理通知书",
        ComplaintState.Decided or ComplaintState.FeedbackGiven or ComplaintState.Closed => "处理决定书",
        _ => null,
    };
}
