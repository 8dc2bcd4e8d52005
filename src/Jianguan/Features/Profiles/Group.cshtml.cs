using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Profiles;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class GroupModel(JianguanDbContext db, Platform.Scopes.CurrentDataScope scope) : PageModel
{
    public GroupDetail Group { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await ProfileQueries.GroupAsync(db, await scope.GetAsync(ct), id, ct) is not { } group)
        {
            return NotFound();
        }

        Group = group;
        return Page();
    }
}
