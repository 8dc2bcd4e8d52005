using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Sampling.Public;

[Authorize(Policy = Policies.Public)]
public sealed class InspectionsModel(JianguanDbContext db) : PageModel
{
    public List<PublicResult> Results { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Results = await SamplingEndpoints.PublishedAsync(db, ct);
}
