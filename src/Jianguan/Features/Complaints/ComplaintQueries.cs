using System.Security.Claims;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Crypto;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Complaints;

/// <summary>Which complaints an account reads: all (office, oversight), its department's (member units), or none.</summary>
public sealed record ComplaintScope(bool All, int? DepartmentId, string? UserId, bool CanHandleRole)
{
    public static readonly IReadOnlySet<string> AllRoles = new HashSet<string>(StringComparer.Ordinal)
    {
        Roles.OfficeAdmin, Roles.Discipline, Roles.Audit, Roles.Police,
    };

    public static async Task<ComplaintScope> ForAsync(JianguanDbContext db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var handler = ComplaintWorkflow.Policies[ComplaintWorkflow.HandlePolicy].Any(user.IsInRole);
        int? unit = userId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);
        var all = AllRoles.Any(user.IsInRole);
        var member = ComplaintWorkflow.Policies[ComplaintWorkflow.ReadPolicy].Any(user.IsInRole);
        return new ComplaintScope(all, member ? unit : null, userId, handler);
    }

    public IQueryable<Complaint> Apply(IQueryable<Complaint> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (All)
        {
            return query;
        }

        var unit = DepartmentId ?? -1;
        return query.Where(c => c.DepartmentId == unit);
    }

    /// <summary>Acts on the complaint: a handling role in the receiving department.</summary>
    public bool CanHandle(Complaint complaint) => CanHandleRole && DepartmentId is { } unit && complaint?.DepartmentId == unit;
}

public sealed record ComplaintFilter(ComplaintKind? Kind = null, ComplaintState? State = null, int? DepartmentId = null, bool Overdue = false,
    string? Q = null, int Page = 1);

/// <summary>A clock as shown: rule, start, due day, working days left, state; the pauses in words.</summary>
public sealed record ComplaintClockView(string Rule, string RuleName, string Basis, DateOnly StartedOn, DateOnly Due, ClockState State, string StateName,
    int? DaysLeft, DateOnly? StoppedOn, bool StoppedLate, IReadOnlyList<string> Pauses);

/// <summary>A register row. The complainant appears masked only (张*).</summary>
public sealed record ComplaintRow(long Id, string Number, ComplaintKind Kind, string KindName, ComplaintProcedure Procedure, string ProcedureName,
    ComplaintState State, string StateName, int DepartmentId, string Department, string Title, DateOnly ReceivedOn, string Complainant,
    string? Handler, string? DuplicateOf, ComplaintClockView? Clock)
{
    public bool IsOverdue => Clock is { State: ClockState.Overdue };

    public bool IsWarned => Clock is { State: ClockState.Warned };
}

public sealed record ComplaintHistoryView(ComplaintState From, string FromName, ComplaintState To, string ToName, string? Reason, string Actor, DateTimeOffset At);

/// <summary>A complaint's detail with its identity masked (the clear identity comes only from the reveal).</summary>
public sealed record ComplaintDetail(ComplaintRow Row, string Content, string? ProjectCode, string? SectionCode, long? SectionId, string? LinkedNumber,
    string Channel, string MaskedIdNumber, string MaskedContact, IReadOnlyList<ComplaintAttachmentInfo> Attachments,
    IReadOnlyList<ComplaintClockView> Clocks, IReadOnlyList<ComplaintHistoryView> History, string? RejectReason, string? Decision,
    DateOnly? DecidedOn, string? Feedback, long? DuplicateOfId, IReadOnlyList<string> Duplicates, string? HandlerId);

public sealed record ComplaintListPage(IReadOnlyList<ComplaintRow> Items, int Total, int Page, int PageSize, int Overdue);

public static class ComplaintQueries
{
    public const int PageSize = Shared.PagerModel.PageSize;

    public static async Task<ComplaintListPage> ListAsync(JianguanDbContext db, ComplaintScope scope, ComplaintFilter filter, WorkingCalendar calendar,
        DateOnly today, bool all = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var query = scope.Apply(db.Set<Complaint>().AsNoTracking());
        if (filter.Kind is { } kind)
        {
            query = query.Where(c => c.Kind == kind);
        }

        if (filter.State is { } state)
        {
            query = query.Where(c => c.State == state);
        }

        if (filter.DepartmentId is { } department)
        {
            query = query.Where(c => c.DepartmentId == department);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            query = query.Where(c => c.Number.Contains(q) || c.Title.Contains(q) || (c.SectionCode != null && c.SectionCode.Contains(q))
                || (c.ProjectCode != null && c.ProjectCode.Contains(q)));
        }

        var overdueIds = await OverdueIdsAsync(db, today, ct);
        if (filter.Overdue)
        {
            query = query.Where(c => overdueIds.Contains(c.Id));
        }

        var total = await query.CountAsync(ct);
        var overdue = await query.CountAsync(c => overdueIds.Contains(c.Id), ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);
        var ordered = query.OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.Id);
        var list = await (all ? ordered : ordered.PageAt(page)).Include(c => c.Department).ToListAsync(ct);
        var rows = await RowsAsync(db, list, calendar, today, ct);
        return new ComplaintListPage(rows, total, page, PageSize, overdue);
    }

    /// <summary>Complaints with an open clock past its due day (by the live calendar day, not the sweep's last state).</summary>
    private static async Task<List<long>> OverdueIdsAsync(JianguanDbContext db, DateOnly today, CancellationToken ct)
    {
        var ids = await db.Set<StatutoryClock>().AsNoTracking()
            .Where(c => c.SubjectKind == ComplaintWorkflow.ClockKind
                && (c.State == ClockState.Overdue || ((c.State == ClockState.Running || c.State == ClockState.Warned) && c.Due < today)))
            .Select(c => c.SubjectId).ToListAsync(ct);
        return [.. ids.Select(i => long.Parse(i, CultureInfo.InvariantCulture)).Distinct()];
    }

    private static async Task<List<ComplaintRow>> RowsAsync(JianguanDbContext db, List<Complaint> list, WorkingCalendar calendar, DateOnly today,
        CancellationToken ct)
    {
        var ids = list.Select(c => c.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var clocks = await db.Set<StatutoryClock>().AsNoTracking().Include(c => c.Pauses)
            .Where(c => c.SubjectKind == ComplaintWorkflow.ClockKind && ids.Contains(c.SubjectId)).ToListAsync(ct);
        var dupIds = list.Where(c => c.DuplicateOfId is not null).Select(c => c.DuplicateOfId!.Value).Distinct().ToList();
        var dupNumbers = await db.Set<Complaint>().AsNoTracking().Where(c => dupIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        return [.. list.Select(c =>
        {
            var own = clocks.Where(k => k.SubjectId == c.Id.ToString(CultureInfo.InvariantCulture)).OrderBy(k => k.Id).ToList();
            var current = own.LastOrDefault(k => k.State != ClockState.Stopped) ?? own.LastOrDefault();
            return Row(c, current is null ? null : View(current, calendar, today), c.DuplicateOfId is { } d ? dupNumbers.GetValueOrDefault(d) : null);
        })];
    }

    private static ComplaintRow Row(Complaint c, ComplaintClockView? clock, string? duplicateOf) =>
        new(c.Id, c.Number, c.Kind, ComplaintLabels.KindName(c.Kind), c.Procedure, ComplaintLabels.ProcedureName(c.Procedure), c.State,
            ComplaintLabels.StateName(c.State), c.DepartmentId, c.Department?.Name ?? "", c.Title, c.ReceivedOn, Masking.Name(c.ComplainantName),
            c.HandlerName, duplicateOf, clock);

    public static ComplaintClockView View(StatutoryClock clock, WorkingCalendar calendar, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var rule = Deadlines.Get(clock.RuleCode);
        var status = Clocks.StatusOn(clock, today, calendar);
        var due = clock.State == ClockState.Paused ? Clocks.ComputeDue(clock, today, calendar) : clock.Due;
        return new ComplaintClockView(rule.Code, $"{rule.Name}（{rule.CountText}）", rule.Basis, clock.StartedOn, due, status.State,
            ClockStateName(status.State, status.DaysLeft, clock.StoppedLate), status.DaysLeft, clock.StoppedOn, clock.StoppedLate,
            [.. clock.Pauses.OrderBy(p => p.From).Select(p => $"{ChinaTime.FormatDate(p.From)} 至 {(p.Until is { } u ? ChinaTime.FormatDate(u) : "今")}：{p.Reason}")]);
    }

    public static string ClockStateName(ClockState state, int? left, bool late) => state switch
    {
        ClockState.Running => $"剩余 {left} 个工作日",
        ClockState.Warned => left == 0 ? "今日到期" : $"临期：剩余 {left} 个工作日",
        ClockState.Overdue => $"已逾期 {-left} 个工作日",
        ClockState.Paused => $"已中止（恢复后剩余 {left} 个工作日）",
        ClockState.Stopped => late ? "已完成（超期）" : "已按期完成",
        _ => "",
    };

    public static async Task<ComplaintDetail?> GetAsync(JianguanDbContext db, ComplaintScope scope, long id, WorkingCalendar calendar, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var c = await scope.Apply(db.Set<Complaint>().AsNoTracking()).Include(x => x.Department).Include(x => x.Attachments)
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }

        var key = id.ToString(CultureInfo.InvariantCulture);
        var clocks = await db.Set<StatutoryClock>().AsNoTracking().Include(k => k.Pauses)
            .Where(k => k.SubjectKind == ComplaintWorkflow.ClockKind && k.SubjectId == key).OrderBy(k => k.Id).ToListAsync(ct);
        var views = clocks.Select(k => View(k, calendar, today)).ToList();
        var current = clocks.LastOrDefault(k => k.State != ClockState.Stopped) ?? clocks.LastOrDefault();
        var history = await db.Set<ComplaintTransition>().AsNoTracking().Where(t => t.ComplaintId == id).OrderBy(t => t.At).ThenBy(t => t.Id).ToListAsync(ct);
        var names = await UserNames.DisplayNamesAsync(db, history.Select(h => h.Actor), ct);
        string? duplicateOf = c.DuplicateOfId is { } d
            ? await db.Set<Complaint>().AsNoTracking().Where(x => x.Id == d).Select(x => x.Number + "（" + x.Department!.Name + "）").FirstOrDefaultAsync(ct)
            : null;
        var duplicates = await db.Set<Complaint>().AsNoTracking().Where(x => x.DuplicateOfId == id)
            .Select(x => x.Number + "（" + x.Department!.Name + "）").ToListAsync(ct);
        var contact = c.ComplainantPhone is { } phone ? "电话 " + Masking.Phone(phone) : c.ComplainantEmail is not null ? "邮箱（已隐藏）" : "地址（已隐藏）";
        return new ComplaintDetail(
            Row(c, current is null ? null : View(current, calendar, today), duplicateOf),
            c.Content, c.ProjectCode, c.SectionCode, c.SectionId, c.LinkedNumber, ComplaintLabels.ChannelName(c.Channel),
            c.ComplainantIdNumber is { } idn ? Masking.Identifier(idn) : "未提供", contact,
            [.. c.Attachments.OrderBy(a => a.Id).Select(a => new ComplaintAttachmentInfo(a.FileName, a.Size, a.Sha256))],
            views,
            [.. history.Select(h => new ComplaintHistoryView(h.From, ComplaintLabels.StateName(h.From), h.To, ComplaintLabels.StateName(h.To), h.Reason,
                names[h.Actor], h.At))],
            c.RejectReason, c.Decision, c.DecidedOn, c.Feedback, c.DuplicateOfId, duplicates, c.HandlerId);
    }

    /// <summary>The public answer to a receipt code: the state and the due date, nothing else.</summary>
    public sealed record TrackResult(string State, DateOnly? Due);

    public static async Task<TrackResult?> TrackAsync(JianguanDbContext db, string? code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64)
        {
            return null;
        }

        var hash = ComplaintWorkflow.ReceiptHash(code);
        var c = await db.Set<Complaint>().AsNoTracking().Where(x => x.ReceiptHash == hash).Select(x => new { x.Id, x.State }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }

        var key = c.Id.ToString(CultureInfo.InvariantCulture);
        var due = await db.Set<StatutoryClock>().AsNoTracking()
            .Where(k => k.SubjectKind == ComplaintWorkflow.ClockKind && k.SubjectId == key && k.State != ClockState.Stopped)
            .OrderByDescending(k => k.Id).Select(k => (DateOnly?)k.Due).FirstOrDefaultAsync(ct);
        return new TrackResult(ComplaintLabels.StateName(c.State), due);
    }

    /// <summary>The register as XLSX (complainant masked), the rows of the filter.</summary>
    public static Task WriteXlsxAsync(Stream stream, IReadOnlyList<ComplaintRow> rows, CancellationToken ct = default) =>
        XlsxDocument.WriteAsync(stream, "投诉举报登记", rows,
        [
            new XlsxColumn<ComplaintRow>("编号", r => r.Number, 18),
            new XlsxColumn<ComplaintRow>("类别", r => r.KindName),
            new XlsxColumn<ComplaintRow>("程序", r => r.ProcedureName),
            new XlsxColumn<ComplaintRow>("受理部门", r => r.Department, 20),
            new XlsxColumn<ComplaintRow>("事项", r => r.Title, 40),
            new XlsxColumn<ComplaintRow>("投诉人", r => r.Complainant),
            new XlsxColumn<ComplaintRow>("收到日期", r => ChinaTime.FormatDate(r.ReceivedOn), 12),
            new XlsxColumn<ComplaintRow>("状态", r => r.StateName),
            new XlsxColumn<ComplaintRow>("期限", r => r.Clock?.RuleName, 24),
            new XlsxColumn<ComplaintRow>("截止日期", r => r.Clock is { } k ? ChinaTime.FormatDate(k.Due) : "", 12),
            new XlsxColumn<ComplaintRow>("期限状态", r => r.Clock?.StateName, 24),
            new XlsxColumn<ComplaintRow>("承办人", r => r.Handler),
            new XlsxColumn<ComplaintRow>("重复投诉所指", r => r.DuplicateOf, 24),
        ], ct);
}
