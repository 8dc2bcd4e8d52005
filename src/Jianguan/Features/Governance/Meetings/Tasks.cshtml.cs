using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>Every task decided by a meeting: filters by owner unit, state and overdue; a count; pages.</summary>
[Authorize(Policy = GovernancePolicies.Member)]
public sealed class TasksModel(JianguanDbContext db, TimeProvider time) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Open { get; set; }

    public List<MeetingTask> Items { get; private set; } = [];

    public List<Organisation> Units { get; private set; } = [];

    public int Total { get; private set; }

    public int OverdueCount { get; private set; }

    public DateOnly Today { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        var today = Today;
        Units = await Liaison.LiaisonService.Units(db).ToListAsync(ct);
        var query = db.Set<MeetingTask>().AsNoTracking().Include(t => t.OwnerUnit).Include(t => t.Decision).AsQueryable();
        if (Unit is { } u)
        {
            query = query.Where(t => t.OwnerUnitId == u);
        }

        if (Open)
        {
            query = query.Where(t => t.State == MeetingTaskState.Open);
        }

        OverdueCount = await query.CountAsync(t => t.State == MeetingTaskState.Open && t.DueOn < today, ct);
        if (Overdue)
        {
            query = query.Where(t => t.State == MeetingTaskState.Open && t.DueOn < today);
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Items = await query.OrderBy(t => t.State).ThenBy(t => t.DueOn).ThenBy(t => t.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).ToListAsync(ct);
    }
}
