using Jianguan.Features.Trading;
using Microsoft.AspNetCore.Authorization;

namespace Jianguan.Features.Profiles;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class GroupsModel(JianguanDbContext db, Platform.Scopes.CurrentDataScope scope) : Shared.PagedPageModel
{
    public PagedResult<GroupListItem> Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Result = await ProfileQueries.GroupsAsync(db, await scope.GetAsync(ct), PageNumber, ct);
}
