using Jianguan.Features.Governance.Liaison;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Governance.PowerList;

/// <summary>
/// A power-list item: the version shown, every version (change history), the meetings it was disputed in; a
/// revision or repeal for its department (or the office); a dispute as unclear for any member unit.
/// </summary>
[Authorize(Policy = GovernancePolicies.Member)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, IAuthorizationService authorization) : PageModel
{
    public PowerItem? Item { get; private set; }

    public List<PowerItem> Versions { get; private set; } = [];

    public List<Meeting> Disputes { get; private set; } = [];

    public List<Organisation> Departments { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public DateOnly Today { get; private set; }

    public string? Error { get; private set; }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        Item = await db.Set<PowerItem>().AsNoTracking().Include(p => p.Department).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (Item is null)
        {
            return false;
        }

        Versions = await PowerListService.HistoryAsync(db, Item.ItemKey, ct);
        var ids = Versions.Select(v => v.Id).ToList();
        Disputes = await db.Set<Meeting>().AsNoTracking().Where(m => m.PowerItemId != null && ids.Contains(m.PowerItemId.Value))
            .OrderByDescending(m => m.RequestedAt).ToListAsync(ct);
        Departments = await LiaisonService.Units(db).ToListAsync(ct);
        var unit = await MeetingService.UnitOfAsync(db, User, ct);
        CanEdit = (await authorization.AuthorizeAsync(User, GovernancePolicies.PowerListEdit)).Succeeded
            && (User.IsInRole(Roles.OfficeAdmin) || unit == Item.DepartmentId);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    private async Task<IActionResult> RunAsync(long id, bool edit, Func<Task<string>> action, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (edit && !CanEdit)
        {
            return Forbid();
        }

        try
        {
            return Redirect(await action());
        }
        catch (GovernanceException e)
        {
            Error = e.Message;
            await LoadAsync(id, ct);
            return Page();
        }
    }

    public Task<IActionResult> OnPostReviseAsync(long id, int? departmentId, string? kind, string? name, string? legalBasis, string? responsibleUnit,
        string? responsibilities, string? accountability, DateOnly? from, string? note, CancellationToken ct) =>
        RunAsync(id, true, async () =>
        {
            if (!User.IsInRole(Roles.OfficeAdmin) && departmentId != Item!.DepartmentId)
            {
                throw new GovernanceException("只能修订本部门的事项。");
            }

            var v = await PowerListService.ReviseAsync(db, audit, AuditActor.From(HttpContext), Item!.ItemKey,
                new PowerItemInput(departmentId, GovernanceLabels.TryParse<PowerKind>(kind, out var k) ? k : null, name, legalBasis, responsibleUnit,
                    responsibilities, accountability), from, note, time.GetUtcNow(), ct);
            return PowerListService.Link(v.Id);
        }, ct);

    public Task<IActionResult> OnPostRepealAsync(long id, DateOnly? lastDay, string? note, CancellationToken ct) =>
        RunAsync(id, true, async () =>
        {
            await PowerListService.RepealAsync(db, audit, AuditActor.From(HttpContext), Item!.ItemKey, lastDay, note, time.GetUtcNow(), ct);
            return PowerListService.Link(id);
        }, ct);

    public Task<IActionResult> OnPostDisputeAsync(long id, string? reason, CancellationToken ct) =>
        RunAsync(id, false, async () =>
        {
            var m = await PowerListService.DisputeAsync(db, audit, AuditActor.From(HttpContext), id, await MeetingService.UnitOfAsync(db, User, ct), reason,
                time.GetUtcNow(), ct);
            return MeetingService.Link(m.Id);
        }, ct);
}
