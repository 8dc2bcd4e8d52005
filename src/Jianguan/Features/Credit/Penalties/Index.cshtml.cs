using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Credit.Penalties;

/// <summary>The register of penalty decisions (处罚决定): filters, counts, paging.</summary>
[Authorize(Policy = CreditPolicies.Read)]
public sealed class IndexModel(JianguanDbContext db, IAuthorizationService authorization) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<PenaltyDecision> Rows { get; private set; } = [];

    public Dictionary<long, (int Copies, int Read)> Receipts { get; private set; } = [];

    public int Total { get; private set; }

    public bool CanManage { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanManage = (await authorization.AuthorizeAsync(User, CreditPolicies.Manage)).Succeeded;
        var query = db.Set<PenaltyDecision>().AsNoTracking();
        if (CreditLabels.TryParse<PenaltyState>(State, out var s))
        {
            query = query.Where(p => p.State == s);
        }

        query = CreditEndpoints.SearchPenalties(query, null, null, Q, byNumber: true);
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Shared.PagerModel.PageCount(Total));
        Rows = await query.Include(p => p.Organisation).OrderByDescending(p => p.DecidedOn).ThenByDescending(p => p.Id)
            .PageAt(PageNumber).ToListAsync(ct);
        var ids = Rows.Select(r => r.Id).ToList();
        var copies = await db.Set<PenaltyCopy>().AsNoTracking().Where(c => ids.Contains(c.PenaltyId))
            .Select(c => new
            {
                c.PenaltyId,
                Read = db.Set<Platform.Inbox.NotificationRead>().Any(r => r.NotificationId == c.NotificationId),
            }).ToListAsync(ct);
        Receipts = copies.GroupBy(c => c.PenaltyId).ToDictionary(g => g.Key, g => (g.Count(), g.Count(x => x.Read)));
    }
}
