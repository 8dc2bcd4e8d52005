using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Governance.Liaison;

/// <summary>A contact's details as entered (mobile and e-mail are personal data).</summary>
public sealed record ContactInput(string? Name, string? Title, string? OfficePhone, string? Mobile, string? Email);

/// <summary>A unit's current contact for one role, with the change that made it and its timeliness.</summary>
public sealed record ContactView(long ChangeId, LiaisonRole Role, string Name, string? Title, string? OfficePhone, string? Mobile, string? Email,
    DateOnly EffectiveOn, DateOnly? EnteredOn, DateOnly Due, bool Late);

/// <summary>One member unit in the directory: its leader and liaison (either may be missing).</summary>
public sealed record DirectoryRow(int UnitId, string Unit, ContactView? Leader, ContactView? Liaison);

/// <summary>A change reported but not entered yet, or entered late: the clock as it stands today.</summary>
public sealed record ChangeView(long Id, int UnitId, string Unit, LiaisonRole Role, DateOnly EffectiveOn, DateOnly Due, DateOnly? EnteredOn,
    ClockState State, int? DaysLeft, bool Late, string? Name);

/// <summary>
/// The liaison directory (联络通讯录, ADR-018): each member unit's responsible leader and liaison. A change is
/// reported with its effective day and must be entered within 3 working days (<see cref="Deadlines.LiaisonUpdate"/>,
/// clock kind <see cref="ClockKind"/>); entered later it is flagged late and counts for accountability.
/// </summary>
public static class LiaisonService
{
    public const string ClockKind = "liaison.change";

    public static ClockSubject Subject(long id) => ClockSubject.Of(ClockKind, id);

    /// <summary>The member units that keep a directory entry (every kind but the city government).</summary>
    public static IQueryable<Organisation> Units(JianguanDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Organisations.AsNoTracking().Where(o => o.Kind != OrgKind.Government).OrderBy(o => o.Id);
    }

    private static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    public static ContactInput Validate(ContactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = Clean(input.Name) ?? throw new GovernanceException("请填写姓名。", "Name");
        if (name.Length > 100)
        {
            throw new GovernanceException("姓名不能超过 100 个字。", "Name");
        }

        var title = Clean(input.Title);
        if (title is { Length: > 100 })
        {
            throw new GovernanceException("职务不能超过 100 个字。", "Title");
        }

        var office = Clean(input.OfficePhone);
        if (office is { Length: > 64 })
        {
            throw new GovernanceException("办公电话不能超过 64 个字符。", "OfficePhone");
        }

        var mobile = Clean(input.Mobile)?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (mobile is not null && (mobile.Length != 11 || !mobile.All(char.IsAsciiDigit) || mobile[0] != '1'))
        {
            throw new GovernanceException("手机号码应为 11 位数字。", "Mobile");
        }

        var email = Clean(input.Email);
        if (email is not null && (email.Length > 200 || !email.Contains('@', StringComparison.Ordinal)))
        {
            throw new GovernanceException("电子邮箱格式不正确。", "Email");
        }

        if (office is null && mobile is null)
        {
            throw new GovernanceException("请至少填写办公电话或手机号码。", "OfficePhone");
        }

        return new ContactInput(name, title, office, mobile, email);
    }

    /// <summary>
    /// Reports a change of the unit's leader or liaison effective on <paramref name="effectiveOn"/>: the clock starts
    /// on that day. With <paramref name="details"/> the change is entered at once (the clock stops, late or not).
    /// </summary>
    public static async Task<LiaisonChange> ReportAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, WorkingCalendar calendar, int unitId,
        LiaisonRole? role, DateOnly? effectiveOn, ContactInput? details, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        if (role is null)
        {
            throw new GovernanceException("请选择责任领导或联络员。", "Role");
        }

        now = now.ToUniversalTime();
        var today = ChinaTime.DateOf(now);
        if (effectiveOn is not { } day || day < today.AddYears(-5) || day > today.AddYears(1))
        {
            throw new GovernanceException("请填写变更生效日期（近五年内）。", "EffectiveOn");
        }

        var clean = details is null ? null : Validate(details);
        var unit = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == unitId, ct) ?? throw new GovernanceException("成员单位不存在。");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var change = new LiaisonChange
        {
            OrganisationId = unit.Id,
            Role = role.Value,
            EffectiveOn = day,
            ReportedAt = now,
            ReportedBy = actor.UserName,
        };
        db.Add(change);
        await db.SaveChangesAsync(ct);
        await Clocks.StartAsync(db, audit, actor, Subject(change.Id), Deadlines.LiaisonUpdate, day, calendar, now, ct: ct);
        await audit.RecordAsync(db, actor, "liaison.report", "liaison:" + change.Id.ToString(CultureInfo.InvariantCulture),
            new { unit = unit.Name, kind = GovernanceLabels.RoleName(role.Value), on = day }, ct);
        await db.SaveChangesAsync(ct);
        if (clean is not null)
        {
            await EnterCoreAsync(db, audit, actor, change, clean, now, ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return change;
    }

    /// <summary>Enters the details of a reported change; its clock stops.</summary>
    public static async Task EnterAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long changeId, int? actorUnit, bool office,
        ContactInput details, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var change = await db.Set<LiaisonChange>().FirstOrDefaultAsync(c => c.Id == changeId, ct) ?? throw new GovernanceException("没有该变更。");
        if (!office && change.OrganisationId != actorUnit)
        {
            throw new GovernanceException("只能录入本单位的联络人。");
        }

        if (change.EnteredAt is not null)
        {
            throw new GovernanceException("该变更已录入。");
        }

        var clean = Validate(details);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await EnterCoreAsync(db, audit, actor, change, clean, now.ToUniversalTime(), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task EnterCoreAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, LiaisonChange change, ContactInput details,
        DateTimeOffset now, CancellationToken ct)
    {
        change.Name = details.Name;
        change.Title = details.Title;
        change.OfficePhone = details.OfficePhone;
        change.Mobile = details.Mobile;
        change.Email = details.Email;
        change.EnteredAt = now;
        change.EnteredOn = ChinaTime.DateOf(now);
        change.EnteredBy = actor.UserName;
        var clock = await Clocks.StopAsync(db, audit, actor, Subject(change.Id), Deadlines.LiaisonUpdate, now, "已录入通讯录", ct);
        // Never the mobile or e-mail in the audit detail (personal data).
        await audit.RecordAsync(db, actor, "liaison.update", "liaison:" + change.Id.ToString(CultureInfo.InvariantCulture),
            new { kind = GovernanceLabels.RoleName(change.Role), name = change.Name, on = change.EffectiveOn, late = clock?.StoppedLate ?? false }, ct);
        if (clock?.StoppedLate == true)
        {
            Notifications.Post(db, Recipient.ToRole(Roles.OfficeAdmin), "liaison.late",
                $"联络人变更逾期录入：{GovernanceLabels.RoleName(change.Role)} {change.Name}",
                $"生效日期 {ChinaTime.FormatDate(change.EffectiveOn)}，应于 {ChinaTime.FormatDate(clock.Due)} 前录入，实际 {ChinaTime.FormatDate(change.EnteredOn)}。",
                "/Directory", now);
        }
    }

    /// <summary>The directory on <paramref name="today"/>: per unit the newest entered change in effect for each role.</summary>
    public static async Task<IReadOnlyList<DirectoryRow>> DirectoryAsync(JianguanDbContext db, DateOnly today, string? q = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var units = await Units(db).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var changes = await db.Set<LiaisonChange>().AsNoTracking().Where(c => c.EnteredAt != null && c.EffectiveOn <= today).ToListAsync(ct);
        var clocks = await ClocksAsync(db, changes.Select(c => c.Id), ct);
        ContactView? Pick(int unit, LiaisonRole role) => changes.Where(c => c.OrganisationId == unit && c.Role == role)
            .OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.EnteredAt).ThenByDescending(c => c.Id)
            .Select(c => View(c, clocks.GetValueOrDefault(c.Id))).FirstOrDefault();
        var rows = units.Select(u => new DirectoryRow(u.Id, u.Name, Pick(u.Id, LiaisonRole.Leader), Pick(u.Id, LiaisonRole.Liaison)));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            rows = rows.Where(r => r.Unit.Contains(term, StringComparison.Ordinal)
                || (r.Leader?.Name.Contains(term, StringComparison.Ordinal) ?? false)
                || (r.Liaison?.Name.Contains(term, StringComparison.Ordinal) ?? false));
        }

        return [.. rows];
    }

    private static ContactView View(LiaisonChange c, StatutoryClock? clock) => new(c.Id, c.Role, c.Name ?? "", c.Title, c.OfficePhone, c.Mobile, c.Email,
        c.EffectiveOn, c.EnteredOn, clock?.Due ?? c.EffectiveOn, clock?.StoppedLate ?? false);

    private static async Task<Dictionary<long, StatutoryClock>> ClocksAsync(JianguanDbContext db, IEnumerable<long> ids, CancellationToken ct)
    {
        var keys = ids.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        var list = await db.Set<StatutoryClock>().AsNoTracking().Include(c => c.Pauses)
            .Where(c => c.SubjectKind == ClockKind && keys.Contains(c.SubjectId)).ToListAsync(ct);
        return list.ToDictionary(c => long.Parse(c.SubjectId, CultureInfo.InvariantCulture));
    }

    /// <summary>Changes still to enter, and those entered late, newest first (a unit sees its own; the office all).</summary>
    public static async Task<IReadOnlyList<ChangeView>> ChangesAsync(JianguanDbContext db, WorkingCalendar calendar, DateOnly today, int? unit,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Set<LiaisonChange>().AsNoTracking().Include(c => c.Organisation).AsQueryable();
        if (unit is { } u)
        {
            query = query.Where(c => c.OrganisationId == u);
        }

        var changes = await query.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Take(500).ToListAsync(ct);
        var clocks = await ClocksAsync(db, changes.Select(c => c.Id), ct);
        return
        [
            .. changes.Select(c =>
            {
                var clock = clocks.GetValueOrDefault(c.Id);
                var status = clock is null ? new ClockStatus(ClockState.Stopped, null) : Clocks.StatusOn(clock, today, calendar);
                return new ChangeView(c.Id, c.OrganisationId, c.Organisation!.Name, c.Role, c.EffectiveOn, clock?.Due ?? c.EffectiveOn, c.EnteredOn,
                    status.State, status.DaysLeft, clock?.StoppedLate == true || status.State == ClockState.Overdue, c.Name);
            }).Where(v => v.EnteredOn is null || v.Late),
        ];
    }

    private static IReadOnlyList<XlsxColumn<(DirectoryRow Row, ContactView? Contact, LiaisonRole Role)>> Columns { get; } =
    [
        new("成员单位", r => r.Row.Unit, 24),
        new("职责", r => GovernanceLabels.RoleName(r.Role), 10),
        new("姓名", r => r.Contact?.Name, 10),
        new("职务", r => r.Contact?.Title, 16),
        new("办公电话", r => r.Contact?.OfficePhone, 16),
        new("手机", r => r.Contact?.Mobile, 16),
        new("电子邮箱", r => r.Contact?.Email, 24),
        new("生效日期", r => r.Contact is { } c ? ChinaTime.FormatDate(c.EffectiveOn) : null, 12),
        new("录入日期", r => r.Contact?.EnteredOn is { } d ? ChinaTime.FormatDate(d) : null, 12),
        new("逾期录入", r => r.Contact is { Late: true } ? "是" : null, 10),
    ];

    private static IEnumerable<(DirectoryRow, ContactView?, LiaisonRole)> Flatten(IReadOnlyList<DirectoryRow> rows) =>
        rows.SelectMany(r => new[] { (r, r.Leader, LiaisonRole.Leader), (r, r.Liaison, LiaisonRole.Liaison) });

    public static Task WriteXlsxAsync(Stream stream, IReadOnlyList<DirectoryRow> rows, CancellationToken ct = default) =>
        XlsxDocument.WriteAsync(stream, "联络通讯录", Flatten(rows), Columns, ct);

    public static DocxDocument Docx(IReadOnlyList<DirectoryRow> rows, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var doc = new DocxDocument("公共资源交易协同监管联席会议联络通讯录") { PageHeader = "内部资料 注意保管" };
        doc.Paragraph($"截至 {ChinaTime.FormatDate(today)}，各成员单位责任领导和联络员如下。联络人调整的，应自调整确定之日起 3 个工作日内更新。");
        doc.Table(["成员单位", "职责", "姓名", "职务", "办公电话", "手机", "电子邮箱"],
            Flatten(rows).Select(r => (IReadOnlyList<string?>)[r.Item1.Unit, GovernanceLabels.RoleName(r.Item3), r.Item2?.Name ?? "未报送", r.Item2?.Title,
                r.Item2?.OfficePhone, r.Item2?.Mobile, r.Item2?.Email]));
        return doc;
    }
}

/// <summary>Reminders and the accountability view of liaison changes: the unit answers for entering its own change.</summary>
public sealed class LiaisonClockDirectory : IClockSubjectDirectory
{
    public string Kind => LiaisonService.ClockKind;

    public async Task<ClockAddress?> AddressAsync(JianguanDbContext db, string subjectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var c = await db.Set<LiaisonChange>().AsNoTracking().Where(x => x.Id == id).Select(x => new { x.OrganisationId, x.Role }).FirstOrDefaultAsync(ct);
        return c is null ? null : new ClockAddress($"{GovernanceLabels.RoleName(c.Role)}变更录入", "/Directory",
            Recipient.ToOrganisation(c.OrganisationId), Recipient.ToRole(Roles.OfficeAdmin));
    }

    public async Task<IReadOnlyDictionary<string, DutyOwner>> OwnersAsync(JianguanDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subjectIds);
        var ids = subjectIds.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(i => i > 0).ToList();
        var rows = await db.Set<LiaisonChange>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.OrganisationId, Unit = c.Organisation!.Name, c.Role, c.EffectiveOn }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id.ToString(CultureInfo.InvariantCulture),
            r => new DutyOwner(r.OrganisationId, r.Unit, "联络人变更报送",
                $"{GovernanceLabels.RoleName(r.Role)}变更（{ChinaTime.FormatDate(r.EffectiveOn)} 生效）", "/Directory"));
    }
}
