using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>The joint meetings: filters by state and kind, a count, pages; links to tasks and the annual report.</summary>
[Authorize(Policy = GovernancePolicies.Member)]
public sealed class IndexModel(JianguanDbContext db) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<Meeting> Items { get; private set; } = [];

    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Set<Meeting>().AsNoTracking().Include(m => m.RequestedByUnit).AsQueryable();
        if (GovernanceLabels.TryParse<MeetingState>(State, out var s))
        {
            query = query.Where(m => m.State == s);
        }

        if (Enum.TryParse<MeetingKind>(Kind, out var k))
        {
            query = query.Where(m => m.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            query = query.Where(m => m.Number.Contains(q) || m.Title.Contains(q));
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Items = await query.OrderByDescending(m => m.RequestedAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).ToListAsync(ct);
    }
}
