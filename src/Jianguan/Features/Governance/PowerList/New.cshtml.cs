using Jianguan.Features.Governance.Liaison;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Governance.PowerList;

/// <summary>A new power-list item (version 1): the office for any department, a member unit for its own.</summary>
[Authorize(Policy = GovernancePolicies.PowerListEdit)]
public sealed class NewModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : PageModel
{
    public List<Organisation> Departments { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public string? Error { get; private set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        var unit = await MeetingService.UnitOfAsync(db, User, ct);
        var office = User.IsInRole(Roles.OfficeAdmin);
        Departments = await LiaisonService.Units(db).Where(o => office || o.Id == unit).ToListAsync(ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(int? departmentId, string? kind, string? name, string? legalBasis, string? responsibleUnit,
        string? responsibilities, string? accountability, DateOnly? from, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (departmentId is not null && !Departments.Any(d => d.Id == departmentId))
        {
            Error = "只能为本部门新增事项。";
            return Page();
        }

        try
        {
            var item = await PowerListService.CreateAsync(db, audit, AuditActor.From(HttpContext), new PowerItemInput(departmentId,
                GovernanceLabels.TryParse<PowerKind>(kind, out var k) ? k : null, name, legalBasis, responsibleUnit, responsibilities, accountability),
                from, time.GetUtcNow(), ct);
            return Redirect(PowerListService.Link(item.Id));
        }
        catch (GovernanceException e)
        {
            Error = e.Message;
            return Page();
        }
    }
}
