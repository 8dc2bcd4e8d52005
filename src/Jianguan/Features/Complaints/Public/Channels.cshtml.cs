using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Complaints.Public;

/// <summary>Every department's complaint channel, for the public (no login).</summary>
[Authorize(Policy = Policies.Public)]
public sealed class ChannelsModel(JianguanDbContext db) : PageModel
{
    public List<ChannelRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await ComplaintChannels.ListAsync(db, ct: ct);
}
