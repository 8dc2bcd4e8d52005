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
        var query = db.Set<PenaltyDecision>().AsNoTracking().Where(p => p.State == PenaltyState.Published);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var text = Q.Trim();
            var upper = text.ToUpperInvariant();
            query = query.Where(p => p.EntityName.Contains(text) || p.DocumentNumber.Contains(text) || (p.CreditCode != null && p.CreditCode.Contains(upper)));
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Shared.PagerModel.PageCount(Total));
        Rows = await query.Include(p => p.Organisation).OrderByDescending(p => p.DecidedOn).ThenByDescending(p => p.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).ToListAsync(ct);
    }
}
