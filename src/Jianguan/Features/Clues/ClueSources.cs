using Jianguan.Features.Complaints;
using Jianguan.Features.Reports;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Inbox;

namespace Jianguan.Features.Clues;

/// <summary>A clue registered from a source record, as the source's page shows it.</summary>
public sealed record SourceClue(long Id, string Number);

/// <summary>
/// The other case modules' way into clues (ADR-016 "complaints later"): an accepted or decided complaint, and a
/// problem item of a submitted or forwarded monthly report, each become one clue through
/// <see cref="ClueService.CreateAsync"/>, linked both ways (the clue's source link, the source page's clue number).
/// </summary>
public static class ClueSources
{
    /// <summary>Complaint states in which the matter was accepted (or decided): the ones that may become a clue.</summary>
    public static bool ComplaintMayBecomeClue(ComplaintState state, string? decision) => state switch
    {
        ComplaintState.Handling or ComplaintState.Suspended or ComplaintState.Decided => true,
        ComplaintState.FeedbackGiven or ComplaintState.Closed => decision is not null,
        _ => false,
    };

    /// <summary>Monthly report states whose problem items may become clues: submitted to the office, or forwarded.</summary>
    public static bool ReportMayBecomeClue(MonthlyReportState state) => state is MonthlyReportState.Submitted or MonthlyReportState.Forwarded;

    public static string ComplaintSourceId(long complaintId) => complaintId.ToString(CultureInfo.InvariantCulture);

    public static string ProblemSourceId(long reportId, int item) =>
        reportId.ToString(CultureInfo.InvariantCulture) + "/" + item.ToString(CultureInfo.InvariantCulture);

    public static string ProblemLink(long reportId, int item) =>
        "/Reports/Monthly/" + reportId.ToString(CultureInfo.InvariantCulture) + "#problem-" + item.ToString(CultureInfo.InvariantCulture);

    /// <summary>The clue registered from a complaint, if any.</summary>
    public static Task<SourceClue?> OfComplaintAsync(JianguanDbContext db, long complaintId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sourceId = ComplaintSourceId(complaintId);
        return db.Set<Clue>().AsNoTracking().Where(c => c.Source == ClueSource.Complaint && c.SourceId == sourceId).OrderBy(c => c.Id)
            .Select(c => new SourceClue(c.Id, c.Number)).FirstOrDefaultAsync(ct);
    }

    /// <summary>The clues registered from a monthly report's problem items, by item number (1-based).</summary>
    public static async Task<IReadOnlyDictionary<int, SourceClue>> OfReportAsync(JianguanDbContext db, long reportId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var prefix = reportId.ToString(CultureInfo.InvariantCulture) + "/";
        var rows = await db.Set<Clue>().AsNoTracking().Where(c => c.Source == ClueSource.MonthlyReport && c.SourceId != null && c.SourceId.StartsWith(prefix))
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Number, c.SourceId }).ToListAsync(ct);
        var map = new Dictionary<int, SourceClue>();
        foreach (var r in rows)
        {
            if (int.TryParse(r.SourceId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var item))
            {
                map.TryAdd(item, new SourceClue(r.Id, r.Number));
            }
        }

        return map;
    }

    /// <summary>
    /// Registers the clue of an accepted or decided complaint, in the receiving department, once per complaint. Only
    /// the subject travels: the title and description name the complaint's number, kind and subject and the
    /// project and section codes; the complainant's identity and the complaint's text stay in the complaint.
    /// </summary>
    public static async Task<Clue> FromComplaintAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long complaintId, DateTimeOffset now,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var c = await db.Set<Complaint>().AsNoTracking().Where(x => x.Id == complaintId)
            .Select(x => new { x.Id, x.Number, x.Kind, x.Procedure, x.State, x.Title, x.ProjectCode, x.SectionCode, x.DepartmentId, x.Decision })
            .FirstOrDefaultAsync(ct) ?? throw new KeyNotFoundException("complaint");
        if (!ComplaintMayBecomeClue(c.State, c.Decision))
        {
            throw new ClueException("受理或作出处理决定后才能转为线索。", conflict: true);
        }

        var kind = ComplaintLabels.KindName(c.Kind);
        var title = Clip($"{kind} {c.Number}：{c.Title}", 300);
        var description = $"由{ComplaintLabels.ProcedureName(c.Procedure)}{kind} {c.Number} 转来，事项：{c.Title}。"
            + (c.ProjectCode is null ? "" : $"项目编号：{c.ProjectCode}。")
            + (c.SectionCode is null ? "" : $"标段编号：{c.SectionCode}。");
        return await ClueService.CreateAsync(db, audit, actor, ClueSource.Complaint, ComplaintSourceId(c.Id), title, now,
            new ClueDetails(Description: Clip(description, 4000), DepartmentId: c.DepartmentId, Sections: c.SectionCode, SourceLink: ComplaintWorkflow.Link(c.Id)), ct);
    }

    /// <summary>
    /// Registers the clue of one problem item (1-based, as numbered on the report) of a submitted or forwarded
    /// monthly report, once per item; the clue's department is the actor's unit.
    /// </summary>
    public static async Task<Clue> FromReportProblemAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long reportId, int item,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var report = await db.Set<MonthlyReport>().AsNoTracking().Where(r => r.Id == reportId)
            .Select(r => new { r.Id, r.Number, r.Month, r.State, r.Problems }).FirstOrDefaultAsync(ct) ?? throw new KeyNotFoundException("monthly report");
        if (!ReportMayBecomeClue(report.State))
        {
            throw new ClueException("月度报告报送公管办后才能将问题转为线索。", conflict: true);
        }

        var problems = MonthlyText.Lines(report.Problems);
        if (item < 1 || item > problems.Count)
        {
            throw new ClueException("问题序号：报告中没有该条问题。");
        }

        var problem = problems[item - 1];
        var title = Clip($"月度报告 {report.Number} 第 {item} 条问题：{problem}", 300);
        var description = $"由交易中心月度报告 {report.Number}（{report.Month.Replace("-", "年", StringComparison.Ordinal)}月）第 {item} 条发现的问题转来：{problem}";
        return await ClueService.CreateAsync(db, audit, actor, ClueSource.MonthlyReport, ProblemSourceId(report.Id, item), title, now,
            new ClueDetails(Description: Clip(description, 4000), SourceLink: ProblemLink(report.Id, item)), ct);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>Reminders of a referral's reply clock go to the receiving unit; once overdue the sending unit hears too (ADR-016).</summary>
public sealed class ReferralClockDirectory : IClockSubjectDirectory
{
    public string Kind => ClueService.ReferralClock;

    public string AgreedRuleName => "线索移送答复期限";

    public async Task<ClockAddress?> AddressAsync(JianguanDbContext db, string subjectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var r = await db.Set<Referral>().AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Number, x.ToOrganisationId, x.FromOrganisationId, Clue = db.Set<Clue>().Where(c => c.Id == x.ClueId).Select(c => c.Number).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return r is null ? null
            : new ClockAddress($"移送 {r.Number}（线索 {r.Clue}）", "/Referrals", Recipient.ToOrganisation(r.ToOrganisationId),
                r.FromOrganisationId is { } from && from != r.ToOrganisationId ? Recipient.ToOrganisation(from) : null);
    }

    /// <summary>The receiving unit answers for a referral's reply (the accountability view).</summary>
    public async Task<IReadOnlyDictionary<string, DutyOwner>> OwnersAsync(JianguanDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subjectIds);
        var ids = subjectIds.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).Distinct().ToList();
        var rows = await (from r in db.Set<Referral>().AsNoTracking()
                          join o in db.Organisations.AsNoTracking() on r.ToOrganisationId equals o.Id
                          where ids.Contains(r.Id)
                          select new { r.Id, r.Number, r.ClueId, r.ToOrganisationId, o.Name }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id.ToString(CultureInfo.InvariantCulture),
            r => new DutyOwner(r.ToOrganisationId, r.Name, "移送办理回复期限", r.Number, "/Clues/" + r.ClueId.ToString(CultureInfo.InvariantCulture)));
    }
}

/// <summary>Reminders of an assistance request's reply clock go to the addressed unit; once overdue the requesting unit hears too.</summary>
public sealed class AssistanceClockDirectory : IClockSubjectDirectory
{
    public string Kind => ClueService.AssistanceClock;

    public string AgreedRuleName => "协助请求答复期限";

    public async Task<ClockAddress?> AddressAsync(JianguanDbContext db, string subjectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var r = await db.Set<AssistanceRequest>().AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Number, x.Subject, x.ToOrganisationId, x.FromOrganisationId }).FirstOrDefaultAsync(ct);
        return r is null ? null
            : new ClockAddress($"协助请求 {r.Number}：{(r.Subject.Length <= 60 ? r.Subject : r.Subject[..59] + "…")}", "/Referrals/Assistance", Recipient.ToOrganisation(r.ToOrganisationId),
                r.FromOrganisationId is { } from && from != r.ToOrganisationId ? Recipient.ToOrganisation(from) : null);
    }

    /// <summary>The addressed unit answers for an assistance reply (the accountability view).</summary>
    public async Task<IReadOnlyDictionary<string, DutyOwner>> OwnersAsync(JianguanDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subjectIds);
        var ids = subjectIds.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).Distinct().ToList();
        var rows = await (from r in db.Set<AssistanceRequest>().AsNoTracking()
                          join o in db.Organisations.AsNoTracking() on r.ToOrganisationId equals o.Id
                          where ids.Contains(r.Id)
                          select new { r.Id, r.Number, r.ToOrganisationId, o.Name }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id.ToString(CultureInfo.InvariantCulture),
            r => new DutyOwner(r.ToOrganisationId, r.Name, "协助请求回复期限", r.Number, "/Referrals/Assistance"));
    }
}
