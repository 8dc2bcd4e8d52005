using Jianguan.Platform.Inbox;
using Jianguan.Platform.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Credit.Penalties;

/// <summary>
/// One decision: facts, publication, the copies to member units with who read them when, and the listings made
/// from it. Opening it as a member of a unit it was copied to records that reader's receipt.
/// </summary>
[Authorize(Policy = CreditPolicies.Read)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, IAuthorizationService authorization) : PageModel
{
    public PenaltyDecision? Decision { get; private set; }

    public IReadOnlyList<PenaltyReceipt> Receipts { get; private set; } = [];

    public List<BlacklistEntry> Listings { get; private set; } = [];

    public IReadOnlyList<PenaltyAction> Actions { get; private set; } = [];

    public bool CanList { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await db.Set<PenaltyDecision>().AnyAsync(p => p.Id == id, ct))
        {
            return NotFound();
        }

        var actor = AuditActor.From(HttpContext);
        if (await InboxReader.ForAsync(db, User, ct) is { } reader)
        {
            await PenaltyService.MarkCopyReadAsync(db, reader, id, audit, actor, time.GetUtcNow(), ct);
        }

        await LoadAsync(id, ct);
        await audit.RecordAsync(db, actor, "penalty.view", PenaltyService.Machine.Target(id), new { Decision!.Number }, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Decision = await db.Set<PenaltyDecision>().AsNoTracking().Include(p => p.Organisation).Include(p => p.History).FirstAsync(p => p.Id == id, ct);
        Receipts = await PenaltyService.ReceiptsAsync(db, id, ct);
        Listings = await db.Set<BlacklistEntry>().AsNoTracking().Where(e => e.PenaltyId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var own = await MayActAsync(Decision.OrganisationId, ct);
        Actions = own ? await PenaltyService.Table.AllowedForAsync(Decision.State, authorization, User) : [];
        CanList = (await authorization.AuthorizeAsync(User, CreditPolicies.Manage)).Succeeded;
    }

    /// <summary>The deciding unit acts on its decision; the office on any.</summary>
    private async Task<bool> MayActAsync(int organisationId, CancellationToken ct) =>
        User.IsInRole(Roles.OfficeAdmin)
        || await InfoRequestService.UnitOfAsync(db, User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, ct) == organisationId;

    public async Task<IActionResult> OnPostActionAsync(long id, PenaltyAction action, string? reason, CancellationToken ct)
    {
        var row = await db.Set<PenaltyDecision>().AsNoTracking().Where(p => p.Id == id).Select(p => new { p.State, p.OrganisationId }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return NotFound();
        }

        if (PenaltyService.Table.Find(row.State, action) is { } t && (!(await authorization.AuthorizeAsync(User, t.Policy)).Succeeded || !await MayActAsync(row.OrganisationId, ct)))
        {
            return Forbid();
        }

        try
        {
            if (action == PenaltyAction.Publish)
            {
                await PenaltyService.PublishAsync(db, audit, AuditActor.From(HttpContext), id, time.GetUtcNow(), ct);
            }
            else
            {
                await PenaltyService.Machine.ApplyAsync(db, id, action, reason, audit, AuditActor.From(HttpContext), time, ct);
            }

            return Redirect(PenaltyService.Link(id));
        }
        catch (WorkflowRefusedException e)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            await LoadAsync(id, ct);
            return Page();
        }
    }
}
