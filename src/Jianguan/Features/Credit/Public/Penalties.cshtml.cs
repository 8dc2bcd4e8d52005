using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Credit.Public;

/// <summary>Published penalty decisions for the public (no login), searchable, paged.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class PenaltiesModel(JianguanDbContext db) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<PenaltyDecision> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = CreditEndpoints.SearchPenalties(db.Set<PenaltyDecision>().AsNoTracking().Where(p => p.State == PenaltyState.Published), null, null, Q,
            byNumber: false);

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Shared.PagerModel.PageCount(Total));
        Rows = await query.Include(p => p.Organisation).OrderByDescending(p => p.DecidedOn).ThenByDescending(p => p.Id)
            .PageAt(PageNumber).ToListAsync(ct);
    }
}
