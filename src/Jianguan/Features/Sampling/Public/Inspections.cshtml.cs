using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Sampling.Public;

/// <summary>Published inspection results for the public (no login): searchable by object or department, by result, paged.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class InspectionsModel(JianguanDbContext db) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Result { get; set; }

    public List<PublicResult> Results { get; private set; } = [];

    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Result is not null && !InspectionResults.All.Contains(Result))
        {
            Result = null;
        }

        var query = SamplingEndpoints.Published(db, Q, Result);
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Results = await SamplingEndpoints.Project(query.Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize)).ToListAsync(ct);
    }
}
