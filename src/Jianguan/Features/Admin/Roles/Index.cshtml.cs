using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Admin.Roles;

/// <summary>The security administrator's view of who holds which role.</summary>
[Authorize(Policy = Policies.SecurityAdmin)]
public sealed class IndexModel(JianguanDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Admin.IndexModel.UserRow> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Accounts = await Admin.IndexModel.LoadAsync(db, clock.GetUtcNow(), ct);
}
