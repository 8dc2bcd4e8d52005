using Jianguan.Features.Complaints;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Analysis;

/// <summary>Red and orange alerts of one trading category this week and last week.</summary>
public sealed record SectorAlerts(TradingCategory Category, string Name, int Red, int Orange, int LastWeek)
{
    public int ThisWeek => Red + Orange;
}

/// <summary>Open statutory duties of one unit that are past their due day.</summary>
public sealed record UnitOverdue(string Unit, int Overdue);

/// <summary>
/// The leadership overview (issue 15, item 8): the home page after login of the 公管办 and of member-unit leaders.
/// Every number links to its list.
/// </summary>
public sealed record LeaderOverviewModel(
    DateOnly WeekStart, IReadOnlyList<SectorAlerts> Alerts, IReadOnlyList<UnitOverdue> Overdue, int PublicationsDue, int PublicationsOverdue,
    int ComplaintsNearDeadline, int ComplaintsOverdue);

/// <summary>Renders <see cref="LeaderOverviewModel"/> for the 公管办 and member-unit leaders; nothing for anyone else.</summary>
public sealed class LeaderOverviewViewComponent(JianguanDbContext db, CurrentDataScope scope, IEnumerable<IClockSubjectDirectory> directories,
    TimeProvider clock) : ViewComponent
{
    public static readonly IReadOnlyList<string> LeaderRoles = [Roles.OfficeAdmin, Roles.MemberLeader];

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!LeaderRoles.Any(UserClaimsPrincipal.IsInRole))
        {
            return Content("");
        }

        var model = await ComputeAsync(db, await scope.GetAsync(HttpContext.RequestAborted), directories, ChinaTime.Today(clock), HttpContext.RequestAborted);
        return View("/Features/Analysis/_LeaderOverview.cshtml", model);
    }

    public static async Task<LeaderOverviewModel> ComputeAsync(JianguanDbContext db, DataScope scope, IEnumerable<IClockSubjectDirectory> directories,
        DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(directories);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var start = ChinaTime.StartOfDay(monday);
        var previous = ChinaTime.StartOfDay(monday.AddDays(-7));
        var sections = scope.Apply(db.Sections.AsNoTracking()).Select(s => s.Id);
        // Counted in the database, a few rows per category whatever the number of alerts. The level is stored by name,
        // so it is matched by equality: an ordering comparison would compare the names ("Yellow" > "Orange").
        var recent = db.Set<RiskAlert>().AsNoTracking()
            .Where(a => (a.Level == AlertLevel.Red || a.Level == AlertLevel.Orange) && a.FirstSeenAt >= previous && a.SectionId != null);
        if (scope.Kind != DataScopeKind.All)
        {
            recent = recent.Where(a => sections.Contains(a.SectionId!.Value));
        }

        var counts = await recent
            .GroupBy(a => new { a.Section!.Project!.Category, a.Level, ThisWeek = a.FirstSeenAt >= start })
            .Select(g => new { g.Key.Category, g.Key.Level, g.Key.ThisWeek, Count = g.Count() })
            .ToListAsync(ct);
        var bySector = counts.GroupBy(c => c.Category).OrderBy(g => g.Key)
            .Select(g => new SectorAlerts(g.Key, TradingLabels.CategoryName(g.Key),
                g.Where(c => c.ThisWeek && c.Level == AlertLevel.Red).Sum(c => c.Count),
                g.Where(c => c.ThisWeek && c.Level == AlertLevel.Orange).Sum(c => c.Count),
                g.Where(c => !c.ThisWeek).Sum(c => c.Count)))
            .ToList();

        var open = await db.Set<StatutoryClock>().AsNoTracking()
            .Where(c => c.State != ClockState.Stopped)
            .Select(c => new { c.SubjectKind, c.SubjectId, c.RuleCode, c.Due, c.State })
            .ToListAsync(ct);
        var overdue = open.Where(c => c.Due < today).ToList();
        var owners = new Dictionary<(string, string), DutyOwner>();
        foreach (var directory in directories)
        {
            var ids = overdue.Where(c => c.SubjectKind == directory.Kind).Select(c => c.SubjectId).Distinct().ToList();
            if (ids.Count > 0)
            {
                foreach (var (id, owner) in await directory.OwnersAsync(db, ids, ct))
                {
                    owners[(directory.Kind, id)] = owner;
                }
            }
        }

        // A member unit's leader sees the duties of the own unit.
        var byUnit = overdue
            .Select(c => owners.GetValueOrDefault((c.SubjectKind, c.SubjectId)))
            .Where(o => scope.Kind != DataScopeKind.Sector || (o is not null && o.UnitId == scope.OrganisationId))
            .GroupBy(o => o?.Unit ?? EfficiencyAnalysis.NoUnit)
            .Select(g => new UnitOverdue(g.Key, g.Count()))
            .OrderByDescending(u => u.Overdue).ThenBy(u => u.Unit, StringComparer.Ordinal)
            .ToList();

        var publications = open.Where(c => c.RuleCode == Deadlines.SamplingPublish).ToList();
        var complaints = open.Where(c => c.SubjectKind == ComplaintWorkflow.ClockKind).ToList();
        return new LeaderOverviewModel(monday, bySector, byUnit, publications.Count, publications.Count(c => c.Due < today),
            complaints.Count(c => c.State == ClockState.Warned && c.Due >= today), complaints.Count(c => c.Due < today));
    }
}
