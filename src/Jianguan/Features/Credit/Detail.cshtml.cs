using Jianguan.Platform.Crypto;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Credit;

/// <summary>One listing: its facts, its history, and the actions its state allows (expire, repair, revoke).</summary>
[Authorize(Policy = CreditPolicies.Read)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, IAuthorizationService authorization) : PageModel
{
    public BlacklistEntry? Entry { get; private set; }

    public string? PenaltyNumber { get; private set; }

    public IReadOnlyList<BlacklistAction> Actions { get; private set; } = [];

    public string? Error { get; private set; }

    public DateOnly Today { get; private set; }

    public string? MaskedId => Entry?.IdNumber is { Length: > 0 } id ? Masking.Identifier(id) : null;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(HttpContext), "credit.blacklist.view", BlacklistService.Machine.Target(id), new { Entry!.Number }, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        Entry = await db.Set<BlacklistEntry>().AsNoTracking().Include(e => e.History).FirstOrDefaultAsync(e => e.Id == id, ct);
        if (Entry is null)
        {
            return false;
        }

        PenaltyNumber = Entry.PenaltyId is { } p ? await db.Set<PenaltyDecision>().AsNoTracking().Where(x => x.Id == p).Select(x => x.Number).FirstOrDefaultAsync(ct) : null;
        Actions = [.. (await BlacklistService.Table.AllowedForAsync(Entry.State, authorization, User))
            .Where(a => a != BlacklistAction.Expire || Entry.EndOn < Today)];
        return true;
    }

    public async Task<IActionResult> OnPostActionAsync(long id, BlacklistAction action, string? reason, DateOnly? effectiveOn, CancellationToken ct)
    {
        var row = await db.Set<BlacklistEntry>().AsNoTracking().Where(e => e.Id == id).Select(e => (BlacklistState?)e.State).FirstOrDefaultAsync(ct);
        if (row is not { } state)
        {
            return NotFound();
        }

        if (BlacklistService.Table.Find(state, action) is { } t && !(await authorization.AuthorizeAsync(User, t.Policy)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            await BlacklistService.TransitionAsync(db, audit, AuditActor.From(HttpContext), id, action, reason, effectiveOn, time.GetUtcNow(), ct);
            return Redirect(BlacklistService.Link(id));
        }
        catch (Exception e) when (e is CreditException or WorkflowRefusedException)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            await LoadAsync(id, ct);
            return Page();
        }
    }
}
