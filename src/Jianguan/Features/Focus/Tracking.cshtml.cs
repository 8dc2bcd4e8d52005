using Jianguan.Features.Trading;
using Microsoft.AspNetCore.Authorization;

namespace Jianguan.Features.Focus;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class TrackingModel(JianguanDbContext db, Platform.Scopes.CurrentDataScope scope) : Shared.PagedPageModel
{
    public PagedResult<TrackingItem> Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Result = await FocusQueries.TrackingAsync(db, await scope.GetAsync(ct), PageNumber, ct);
}
