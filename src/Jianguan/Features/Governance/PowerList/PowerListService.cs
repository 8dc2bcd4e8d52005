using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Numbering;
using Jianguan.Platform.Tabular;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Governance.PowerList;

/// <summary>What an item says (one version's content).</summary>
public sealed record PowerItemInput(int? DepartmentId, PowerKind? Kind, string? Name, string? LegalBasis, string? ResponsibleUnit,
    string? Responsibilities, string? Accountability);

public sealed record PowerListFilter(int? DepartmentId = null, PowerKind? Kind = null, string? Q = null, int Page = 1);

public sealed record PowerListPage(IReadOnlyList<PowerItem> Items, int Total, int Page);

/// <summary>An import's outcome: items added, items given a new version, rows unchanged, and the rows refused with why.</summary>
public sealed record PowerImportResult(int Added, int Revised, int Unchanged, IReadOnlyList<string> Errors);

/// <summary>
/// The power-and-responsibility list (权责清单, ADR-018). Each change is a new version with its effective day; the
/// previous version ends the day before, so the list on any day, and an item's history, are plain queries. Only
/// versions in effect today are published (<c>/Public/PowerList</c>).
/// </summary>
public static class PowerListService
{
    public const string KeyPrefix = "QZ";

    public static string Link(long id) => "/PowerList/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Versions in effect on <paramref name="day"/>.</summary>
    public static IQueryable<PowerItem> InEffect(JianguanDbContext db, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<PowerItem>().AsNoTracking().Where(p => p.EffectiveFrom <= day && (p.EffectiveUntil == null || p.EffectiveUntil >= day));
    }

    public static async Task<PowerListPage> ListAsync(JianguanDbContext db, DateOnly day, PowerListFilter filter, bool all = false,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = InEffect(db, day).Include(p => p.Department).AsQueryable();
        if (filter.DepartmentId is { } d)
        {
            query = query.Where(p => p.DepartmentId == d);
        }

        if (filter.Kind is { } k)
        {
            query = query.Where(p => p.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            query = query.Where(p => p.Name.Contains(q) || p.LegalBasis.Contains(q) || p.ResponsibleUnit.Contains(q) || p.ItemKey.Contains(q));
        }

        var total = await query.CountAsync(ct);
        var pages = Shared.PagerModel.PageCount(total);
        var page = Math.Clamp(filter.Page, 1, pages);
        var ordered = query.OrderBy(p => p.DepartmentId).ThenBy(p => p.Kind).ThenBy(p => p.ItemKey);
        var items = all ? await ordered.ToListAsync(ct)
            : await ordered.PageAt(page).ToListAsync(ct);
        return new PowerListPage(items, total, page);
    }

    /// <summary>Every version of the item, oldest first.</summary>
    public static Task<List<PowerItem>> HistoryAsync(JianguanDbContext db, string itemKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<PowerItem>().AsNoTracking().Include(p => p.Department).Where(p => p.ItemKey == itemKey).OrderBy(p => p.Version).ToListAsync(ct);
    }

    private static string Require(string? value, string name, int max, string field)
    {
        var text = string.IsNullOrWhiteSpace(value) ? throw new GovernanceException($"请填写{name}。", field) : value.Trim();
        return text.Length <= max ? text : throw new GovernanceException($"{name}不能超过 {max} 个字。", field);
    }

    private static PowerItemInput Validate(PowerItemInput input)
    {
        if (input.DepartmentId is null)
        {
            throw new GovernanceException("请选择部门。", "DepartmentId");
        }

        if (input.Kind is null)
        {
            throw new GovernanceException("请选择权力类别。", "Kind");
        }

        return input with
        {
            Name = Require(input.Name, "事项名称", 300, "Name"),
            LegalBasis = Require(input.LegalBasis, "设定依据", 4000, "LegalBasis"),
            ResponsibleUnit = Require(input.ResponsibleUnit, "实施主体", 200, "ResponsibleUnit"),
            Responsibilities = Require(input.Responsibilities, "责任事项", 4000, "Responsibilities"),
            Accountability = Require(input.Accountability, "追责情形", 4000, "Accountability"),
        };
    }

    private static bool SameContent(PowerItem p, PowerItemInput i) =>
        p.DepartmentId == i.DepartmentId && p.Kind == i.Kind && p.Name == i.Name && p.LegalBasis == i.LegalBasis
        && p.ResponsibleUnit == i.ResponsibleUnit && p.Responsibilities == i.Responsibilities && p.Accountability == i.Accountability;

    /// <summary>A new item (version 1) effective on <paramref name="from"/>.</summary>
    public static async Task<PowerItem> CreateAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, PowerItemInput input, DateOnly? from,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var clean = Validate(input);
        if (!await db.Organisations.AnyAsync(o => o.Id == clean.DepartmentId, ct))
        {
            throw new GovernanceException("所选部门不存在。", "DepartmentId");
        }

        now = now.ToUniversalTime();
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var sequence = await Counters.NextAsync(db, KeyPrefix, null, ct);
            var item = new PowerItem
            {
                ItemKey = string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}-{sequence:D4}"),
                Version = 1,
                DepartmentId = clean.DepartmentId!.Value,
                Kind = clean.Kind!.Value,
                Name = clean.Name!,
                LegalBasis = clean.LegalBasis!,
                ResponsibleUnit = clean.ResponsibleUnit!,
                Responsibilities = clean.Responsibilities!,
                Accountability = clean.Accountability!,
                EffectiveFrom = from ?? ChinaTime.DateOf(now),
                ChangeNote = "新增",
                CreatedAt = now,
                CreatedBy = actor.UserName,
            };
            db.Add(item);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(db, actor, "powerlist.create", "power-item:" + item.ItemKey,
                new { number = item.ItemKey, name = item.Name, kind = GovernanceLabels.PowerKindName(item.Kind), on = item.EffectiveFrom }, ct);
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }

            return item;
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A new version of the item effective on <paramref name="from"/> (after the latest version's start); the latest
    /// version ends the day before. The note says what changed and why.
    /// </summary>
    public static async Task<PowerItem> ReviseAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, string itemKey, PowerItemInput input,
        DateOnly? from, string? note, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var clean = Validate(input);
        var why = Require(note, "变更说明", 1000, "Note");
        now = now.ToUniversalTime();
        var day = from ?? ChinaTime.DateOf(now);
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var latest = await db.Set<PowerItem>().Where(p => p.ItemKey == itemKey).OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct)
                ?? throw new GovernanceException("没有该事项。");
            if (day <= latest.EffectiveFrom)
            {
                throw new GovernanceException($"新版本的生效日期须晚于当前版本的生效日期（{ChinaTime.FormatDate(latest.EffectiveFrom)}）。", "From");
            }

            if (latest.EffectiveUntil is { } until && until < day.AddDays(-1))
            {
                throw new GovernanceException("该事项已废止，不能再修订。", "From");
            }

            latest.EffectiveUntil = day.AddDays(-1);
            var item = new PowerItem
            {
                ItemKey = latest.ItemKey,
                Version = latest.Version + 1,
                DepartmentId = clean.DepartmentId!.Value,
                Kind = clean.Kind!.Value,
                Name = clean.Name!,
                LegalBasis = clean.LegalBasis!,
                ResponsibleUnit = clean.ResponsibleUnit!,
                Responsibilities = clean.Responsibilities!,
                Accountability = clean.Accountability!,
                EffectiveFrom = day,
                ChangeNote = why,
                CreatedAt = now,
                CreatedBy = actor.UserName,
            };
            db.Add(item);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(db, actor, "powerlist.revise", "power-item:" + item.ItemKey,
                new { number = item.ItemKey, name = item.Name, on = day, note = why }, ct);
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }

            return item;
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    /// <summary>Ends the item: its latest version is in effect until <paramref name="lastDay"/>.</summary>
    public static async Task RepealAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, string itemKey, DateOnly? lastDay, string? note,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var why = Require(note, "废止理由", 1000, "Note");
        var latest = await db.Set<PowerItem>().Where(p => p.ItemKey == itemKey).OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct)
            ?? throw new GovernanceException("没有该事项。");
        var day = lastDay ?? ChinaTime.DateOf(now).AddDays(-1);
        if (day < latest.EffectiveFrom)
        {
            throw new GovernanceException("废止日期不能早于当前版本的生效日期。", "From");
        }

        latest.EffectiveUntil = day;
        latest.ChangeNote = $"{latest.ChangeNote}；{ChinaTime.FormatDate(day.AddDays(1))} 起废止：{why}";
        if (latest.ChangeNote.Length > 1000)
        {
            latest.ChangeNote = latest.ChangeNote[..1000];
        }

        await audit.RecordAsync(db, actor, "powerlist.repeal", "power-item:" + itemKey, new { number = itemKey, on = day, note = why }, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A member unit disputes the item as unclear: a joint-meeting request (职责不清) linked to it.</summary>
    public static async Task<Meeting> DisputeAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long itemId, int? unitId, string? reason,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var item = await db.Set<PowerItem>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == itemId, ct) ?? throw new GovernanceException("没有该事项。");
        var title = $"权责清单事项职责不清：{item.ItemKey} {item.Name}";
        return await MeetingService.RequestAsync(db, audit, actor, unitId, MeetingReason.UnclearDuty, title.Length > 200 ? title[..200] : title, reason,
            now, item.Id, ct);
    }

    private static readonly string[] Headers = ["事项编码", "部门", "权力类别", "事项名称", "设定依据", "实施主体", "责任事项", "追责情形", "生效日期", "版本"];

    public static Task WriteXlsxAsync(Stream stream, IEnumerable<PowerItem> items, CancellationToken ct = default) =>
        XlsxDocument.WriteAsync(stream, "权责清单", items,
        [
            new(Headers[0], p => p.ItemKey, 10),
            new(Headers[1], p => p.Department?.Name, 20),
            new(Headers[2], p => GovernanceLabels.PowerKindName(p.Kind), 10),
            new(Headers[3], p => p.Name, 30),
            new(Headers[4], p => p.LegalBasis, 40),
            new(Headers[5], p => p.ResponsibleUnit, 20),
            new(Headers[6], p => p.Responsibilities, 40),
            new(Headers[7], p => p.Accountability, 40),
            new(Headers[8], p => ChinaTime.FormatDate(p.EffectiveFrom), 12),
            new(Headers[9], p => p.Version, 6),
        ], ct);

    private static string? Cell(IDictionary<string, object?> row, string header) =>
        row.TryGetValue(header, out var v) && TabularCell.Text(v) is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;

    private static DateOnly? DateCell(IDictionary<string, object?> row, string header)
    {
        if (!row.TryGetValue(header, out var v) || v is null)
        {
            return null;
        }

        if (v is DateTime dt)
        {
            return DateOnly.FromDateTime(dt);
        }

        var text = TabularCell.Text(v)?.Trim().Replace('年', '-').Replace('月', '-').Replace("日", "", StringComparison.Ordinal).Replace('/', '-');
        return DateOnly.TryParseExact(text, ["yyyy-M-d", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>
    /// Imports a workbook in the export's layout: a row without 事项编码 is a new item; a row with one is a new version
    /// when its content differs (effective on 生效日期, default today). A member unit imports only its own
    /// department's rows (<paramref name="onlyDepartment"/>). Rows are applied one by one; refused rows are listed.
    /// </summary>
    public static async Task<PowerImportResult> ImportAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, Stream xlsx, int? onlyDepartment,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = await XlsxReader.ReadWithHeaderAsync(xlsx, ct);
        }
        catch (Exception e) when (e is XlsxLimitException or InvalidDataException or IOException or InvalidOperationException)
        {
            throw new GovernanceException("无法读取该工作簿：请上传由本页导出格式填写的 XLSX 文件。");
        }

        if (rows.Count > 0 && !rows[0].ContainsKey("事项名称"))
        {
            throw new GovernanceException("工作簿第一行应为表头（事项编码、部门、权力类别、事项名称……），请使用导出的格式。");
        }

        var departments = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Name, o => o.Id, ct);
        var today = ChinaTime.DateOf(now);
        int added = 0, revised = 0, unchanged = 0;
        var errors = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var line = i + 2;
            if (row.Values.All(v => v is null || (v is string s && string.IsNullOrWhiteSpace(s))))
            {
                continue;
            }

            try
            {
                var deptName = Cell(row, "部门");
                int? dept = deptName is not null && departments.TryGetValue(deptName, out var id) ? id : null;
                if (dept is null)
                {
                    throw new GovernanceException($"部门“{deptName}”不存在。");
                }

                if (onlyDepartment is { } own && dept != own)
                {
                    throw new GovernanceException("只能导入本部门的事项。");
                }

                var input = new PowerItemInput(dept, GovernanceLabels.TryParse<PowerKind>(Cell(row, "权力类别"), out var k) ? k : null, Cell(row, "事项名称"),
                    Cell(row, "设定依据"), Cell(row, "实施主体"), Cell(row, "责任事项"), Cell(row, "追责情形"));
                var from = DateCell(row, "生效日期") ?? today;
                var key = Cell(row, "事项编码");
                if (key is null)
                {
                    await CreateAsync(db, audit, actor, input, from, now, ct);
                    added++;
                    continue;
                }

                var latest = await db.Set<PowerItem>().AsNoTracking().Where(p => p.ItemKey == key).OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct)
                    ?? throw new GovernanceException($"事项编码“{key}”不存在（新增事项请留空编码）。");
                if (onlyDepartment is { } mine && latest.DepartmentId != mine)
                {
                    throw new GovernanceException("只能修订本部门的事项。");
                }

                var clean = Validate(input);
                if (SameContent(latest, clean))
                {
                    unchanged++;
                    continue;
                }

                await ReviseAsync(db, audit, actor, key, clean, from, "导入修订", now, ct);
                revised++;
            }
            catch (GovernanceException e)
            {
                db.ChangeTracker.Clear();
                errors.Add($"第 {line} 行：{e.Message}");
            }
        }

        await audit.RecordAsync(db, actor, "powerlist.import", "power-list", new { added, updated = revised, refused = errors.Count }, ct);
        await db.SaveChangesAsync(ct);
        return new PowerImportResult(added, revised, unchanged, errors);
    }
}
