using Jianguan.Features.Trading;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Profiles;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class GroupsModel(JianguanDbContext db, Platform.Scopes.CurrentDataScope scope) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PagedResult<GroupListItem> Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Result = await ProfileQueries.GroupsAsync(db, await scope.GetAsync(ct), PageNumber, ct);
}
