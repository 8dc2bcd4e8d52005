using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Governance.PowerList;

/// <summary>The power list in effect today, for the public (no login): searchable by department, kind and words.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class PublicModel(JianguanDbContext db, TimeProvider time) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public PowerListPage Result { get; private set; } = new([], 0, 1);

    public List<Organisation> Departments { get; private set; } = [];

    public int TotalPages => Shared.PagerModel.PageCount(Result.Total);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        Result = await PowerListService.ListAsync(db, today,
            new PowerListFilter(Department, GovernanceLabels.TryParse<PowerKind>(Kind, out var k) ? k : null, Q, PageNumber), ct: ct);
        PageNumber = Result.Page;
        var withItems = PowerListService.InEffect(db, today).Select(p => p.DepartmentId).Distinct();
        Departments = await db.Organisations.AsNoTracking().Where(o => withItems.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync(ct);
    }
}
