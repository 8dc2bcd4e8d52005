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
