using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Trading.Sections;

[Authorize(Policy = Policies.TradingRead)]
[OversightQuery]
public sealed class IndexModel(JianguanDbContext db, CurrentDataScope scope) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public PagedResult<SectionListItem> Result { get; private set; } = new(0, 1, TradingQueries.PageSize, []);

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await TradingQueries.ListSectionsAsync(db, await scope.GetAsync(ct), new SectionFilter(Q, null, PageNumber), ct);
}
