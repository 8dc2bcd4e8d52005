using Jianguan.Features.Shared;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;

namespace Jianguan.Features.Clues;

public sealed record ClueFilter(string? Q = null, ClueSource? Source = null, ClueState? State = null, int Page = 1);

public sealed record ClueRow(long Id, string Number, string Title, ClueSource Source, string SourceName, ClueState State, string StateName,
    string? Department, DateTimeOffset CreatedAt, int Referrals);

public sealed record StateCount(ClueState State, string Name, int Count);

public sealed record ClueListPage(IReadOnlyList<ClueRow> Items, int Total, int Page, int TotalPages, IReadOnlyList<StateCount> Counts);

public sealed record ClueMemberInfo(string UserName, string DisplayName, string? Organisation, TeamUnit Unit, string UnitName, DateTimeOffset AddedAt);

public sealed record ClueHistoryInfo(ClueState From, ClueState To, string FromName, string ToName, string? Reason, string Actor, DateTimeOffset At);

public sealed record ReferralRow(long Id, string Number, long ClueId, string ClueNumber, string ClueTitle, ReferralKind Kind, string KindName,
    string To, string? From, ReferralState State, string StateName, DateOnly Due, int DueDays, int? DaysLeft, bool Overdue,
    DateTimeOffset SentAt, string SentBy, DateTimeOffset? ReceivedAt, string? ReceivedBy, string? Note, string? Reply, string? ReturnReason,
    bool Incoming, IReadOnlyList<ReferralAction> AllowedActions);

public sealed record ClueDetail(long Id, string Number, string Title, ClueSource Source, string SourceName, string? SourceId, string? SourceLink,
    long? AlertId, string? Description, int? DepartmentId, string? Department, string? Firms, string? Sections, ClueState State, string StateName,
    string? Conclusion, string? CloseReason, DateTimeOffset CreatedAt, string CreatedBy, IReadOnlyList<ClueMemberInfo> Team,
    IReadOnlyList<ReferralRow> Referrals, IReadOnlyList<ClueHistoryInfo> History, IReadOnlyList<ClueAction> AllowedActions);

public sealed record AssistanceRow(long Id, string Number, string? From, string To, string Subject, string? Body, long? ClueId, DateOnly Due,
    int DueDays, int? DaysLeft, bool Overdue, AssistanceState State, string StateName, DateTimeOffset RequestedAt, string RequestedBy,
    DateTimeOffset? ReceivedAt, string? ReceivedBy, string? Reply, DateTimeOffset? RepliedAt, string? RepliedBy, bool Incoming);

/// <summary>Reads for the clue, referral and assistance pages and API; what the viewer may see only.</summary>
public static class ClueQueries
{
    public static async Task<ClueListPage> ListAsync(JianguanDbContext db, ClueViewer viewer, ClueFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = ClueService.Visible(db, viewer);
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            query = query.Where(c => c.Number.Contains(q) || c.Title.Contains(q) || (c.Firms != null && c.Firms.Contains(q)) || (c.Sections != null && c.Sections.Contains(q)));
        }

        if (filter.Source is { } source)
        {
            query = query.Where(c => c.Source == source);
        }

        var counts = (await query.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        if (filter.State is { } state)
        {
            query = query.Where(c => c.State == state);
        }

        var total = await query.CountAsync(ct);
        var pages = PagerModel.PageCount(total);
        var page = Math.Clamp(filter.Page, 1, pages);
        var rows = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .PageAt(page)
            .Select(c => new
            {
                c.Id,
                c.Number,
                c.Title,
                c.Source,
                c.State,
                c.CreatedAt,
                Department = db.Organisations.Where(o => o.Id == c.DepartmentId).Select(o => o.Name).FirstOrDefault(),
                Referrals = db.Set<Referral>().Count(r => r.ClueId == c.Id),
            }).ToListAsync(ct);
        return new ClueListPage(
            [.. rows.Select(c => new ClueRow(c.Id, c.Number, c.Title, c.Source, ClueLabels.SourceName(c.Source), c.State, ClueLabels.StateName(c.State),
                c.Department, c.CreatedAt, c.Referrals))],
            total, page, pages,
            [.. Enum.GetValues<ClueState>().Select(s => new StateCount(s, ClueLabels.StateName(s), counts.GetValueOrDefault(s)))]);
    }

    public static async Task<ClueDetail?> GetAsync(JianguanDbContext db, ClueViewer viewer, long id, IReadOnlyList<ClueAction> allowed,
        WorkingCalendar calendar, DateOnly today, CancellationToken ct = default)
    {
        var clue = await ClueService.Visible(db, viewer).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (clue is null)
        {
            return null;
        }

        var department = clue.DepartmentId is { } d ? await db.Organisations.Where(o => o.Id == d).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        var members = await db.Set<ClueMember>().AsNoTracking().Where(m => m.ClueId == id).OrderBy(m => m.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new
            {
                u.UserName,
                u.DisplayName,
                Org = db.Organisations.Where(o => o.Id == u.OrganisationId).Select(o => o.Name).FirstOrDefault(),
                m.Unit,
                m.AddedAt,
            }).ToListAsync(ct);
        var history = await db.Set<ClueTransition>().AsNoTracking().Where(t => t.ClueId == id).OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(ct);
        var names = await UserNames.DisplayNamesAsync(db, history.Select(h => h.Actor).Append(clue.CreatedBy), ct);
        var referrals = await ReferralsAsync(db, ClueService.VisibleReferrals(db, viewer with { SeesAll = true }).Where(r => r.ClueId == id), viewer, calendar, today, ct);
        // Whoever may read the clue sees all its referrals (the sender and each receiver).
        return new ClueDetail(clue.Id, clue.Number, clue.Title, clue.Source, ClueLabels.SourceName(clue.Source), clue.SourceId, clue.SourceLink,
            clue.AlertId, clue.Description, clue.DepartmentId, department, clue.Firms, clue.Sections, clue.State, ClueLabels.StateName(clue.State),
            clue.Conclusion, clue.CloseReason, clue.CreatedAt, names.GetValueOrDefault(clue.CreatedBy, clue.CreatedBy),
            [.. members.Select(m => new ClueMemberInfo(m.UserName!, m.DisplayName, m.Org, m.Unit, ClueLabels.TeamUnitName(m.Unit), m.AddedAt))],
            referrals,
            [.. history.Select(h => new ClueHistoryInfo(h.From, h.To, ClueLabels.StateName(h.From), ClueLabels.StateName(h.To), h.Reason,
                names.GetValueOrDefault(h.Actor, h.Actor), h.At))],
            allowed);
    }

    /// <summary>Referral rows with their clocks' days left (open referrals) on the calendar.</summary>
    public static async Task<List<ReferralRow>> ReferralsAsync(JianguanDbContext db, IQueryable<Referral> query, ClueViewer viewer,
        WorkingCalendar calendar, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        var rows = await query.OrderByDescending(r => r.SentAt).ThenByDescending(r => r.Id)
            .Select(r => new
            {
                R = r,
                Clue = db.Set<Clue>().Where(c => c.Id == r.ClueId).Select(c => new { c.Number, c.Title }).First(),
                To = db.Organisations.Where(o => o.Id == r.ToOrganisationId).Select(o => o.Name).First(),
                From = db.Organisations.Where(o => o.Id == r.FromOrganisationId).Select(o => o.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.R.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var clocks = await db.Set<StatutoryClock>().AsNoTracking().Include(c => c.Pauses)
            .Where(c => c.SubjectKind == ClueService.ReferralClock && ids.Contains(c.SubjectId)).ToListAsync(ct);
        var byId = clocks.ToDictionary(c => c.SubjectId, StringComparer.Ordinal);
        var names = await UserNames.DisplayNamesAsync(db, rows.SelectMany(r => new[] { r.R.SentBy, r.R.ReceivedBy }), ct);
        return [.. rows.Select(x =>
        {
            var r = x.R;
            var status = byId.TryGetValue(r.Id.ToString(CultureInfo.InvariantCulture), out var clock) ? Clocks.StatusOn(clock, today, calendar) : null;
            var open = r.State is ReferralState.Pending or ReferralState.Received or ReferralState.Handling;
            var incoming = r.ToOrganisationId == viewer.OrganisationId;
            return new ReferralRow(r.Id, r.Number, r.ClueId, x.Clue.Number, x.Clue.Title, r.Kind, ClueLabels.KindName(r.Kind), x.To, x.From, r.State,
                ClueLabels.ReferralStateName(r.State), clock?.Due ?? r.Due, r.DueDays, open ? status?.DaysLeft : null,
                open && status?.State == ClockState.Overdue, r.SentAt, names.GetValueOrDefault(r.SentBy, r.SentBy), r.ReceivedAt,
                r.ReceivedBy is null ? null : names.GetValueOrDefault(r.ReceivedBy, r.ReceivedBy), r.Note, r.Reply, r.ReturnReason, incoming,
                incoming ? ClueService.ReferralTable.Allowed(r.State) : []);
        })];
    }

    public static async Task<List<AssistanceRow>> AssistanceAsync(JianguanDbContext db, IQueryable<AssistanceRequest> query, ClueViewer viewer,
        WorkingCalendar calendar, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        var rows = await query.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .Select(r => new
            {
                R = r,
                To = db.Organisations.Where(o => o.Id == r.ToOrganisationId).Select(o => o.Name).First(),
                From = db.Organisations.Where(o => o.Id == r.FromOrganisationId).Select(o => o.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.R.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var clocks = (await db.Set<StatutoryClock>().AsNoTracking().Include(c => c.Pauses)
            .Where(c => c.SubjectKind == ClueService.AssistanceClock && ids.Contains(c.SubjectId)).ToListAsync(ct))
            .ToDictionary(c => c.SubjectId, StringComparer.Ordinal);
        var names = await UserNames.DisplayNamesAsync(db, rows.SelectMany(r => new[] { r.R.RequestedBy, r.R.ReceivedBy, r.R.RepliedBy }), ct);
        return [.. rows.Select(x =>
        {
            var r = x.R;
            var status = clocks.TryGetValue(r.Id.ToString(CultureInfo.InvariantCulture), out var clock) ? Clocks.StatusOn(clock, today, calendar) : null;
            var open = r.State == AssistanceState.Pending;
            var overdue = open && status?.State == ClockState.Overdue;
            return new AssistanceRow(r.Id, r.Number, x.From, x.To, r.Subject, r.Body, r.ClueId, clock?.Due ?? r.Due, r.DueDays,
                open ? status?.DaysLeft : null, overdue, r.State, ClueLabels.AssistanceStateName(r.State, overdue), r.RequestedAt,
                names.GetValueOrDefault(r.RequestedBy, r.RequestedBy), r.ReceivedAt, r.ReceivedBy is null ? null : names.GetValueOrDefault(r.ReceivedBy),
                r.Reply, r.RepliedAt, r.RepliedBy is null ? null : names.GetValueOrDefault(r.RepliedBy), r.ToOrganisationId == viewer.OrganisationId);
        })];
    }

    /// <summary>Units a referral or assistance request may be addressed to.</summary>
    public static Task<List<Organisation>> UnitsAsync(JianguanDbContext db, CancellationToken ct = default) =>
        db.Organisations.AsNoTracking().OrderBy(o => o.Kind).ThenBy(o => o.Id).ToListAsync(ct);
}
