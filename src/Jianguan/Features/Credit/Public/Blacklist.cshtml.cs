using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Credit.Public;

/// <summary>The public blacklist (no login): published listings in their punishment period today; no identity numbers.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class BlacklistModel(JianguanDbContext db, TimeProvider time) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<PublicBlacklistRow> Rows { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        var result = await CreditEndpoints.PublicPageAsync(db, Today, Q, PageNumber, ct);
        (Total, PageNumber, Rows) = (result.Total, result.Page, [.. result.Items]);
    }
}
