using Jianguan.Platform.Documents;
using Jianguan.Platform.Tabular;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Sampling;

/// <summary>One row of the inspector spreadsheet, read and checked.</summary>
public sealed record InspectorRow(int Line, string Code, string Name, string Department, string? CertificateNumber, DateOnly? ValidUntil,
    string Specialties, string Conflicts, bool Active);

/// <summary>What an import would change: rows to add, rows to update, rows refused with the reason.</summary>
public sealed record InspectorImportPreview(IReadOnlyList<InspectorRow> Added, IReadOnlyList<InspectorRow> Updated, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>XLSX of the sampling slice: the inspector template, import and export; plans, draw records and results.</summary>
public static class SamplingWorkbooks
{
    public const string ContentType = XlsxDocument.ContentType;

    /// <summary>The inspector list as exported and as imported again (same headers both ways).</summary>
    private static readonly XlsxColumn<Inspector>[] InspectorSheet =
    [
        new("人员编号", i => i.Code),
        new("姓名", i => i.Name),
        new("部门", i => i.Department),
        new("执法证号", i => i.CertificateNumber ?? ""),
        new("执法证有效期至", i => ChinaTime.FormatDate(i.CertificateValidUntil)),
        new("专业领域", i => i.Specialties),
        new("利害关系", i => i.Conflicts),
        new("在岗", i => i.Active ? "是" : "否"),
    ];

    public static readonly string[] InspectorColumns = [.. InspectorSheet.Select(c => c.Header)];

    public static async Task WriteTemplateAsync(Stream stream, CancellationToken ct)
    {
        var example = new Inspector
        {
            Code = "ZF0001",
            Name = "张三",
            Department = "住建局",
            CertificateNumber = "琼A0000001",
            CertificateValidUntil = new DateOnly(2028, 12, 31),
            Specialties = "工程建设项目招标投标|政府采购",
            Conflicts = "E:91460100MA5T0000XX",
        };
        await XlsxDocument.WriteAsync(stream, "执法人员名录", [example], InspectorSheet, ct);
    }

    public static async Task WriteInspectorsAsync(JianguanDbContext db, Stream stream, CancellationToken ct)
    {
        var inspectors = await db.Inspectors.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);
        await XlsxDocument.WriteAsync(stream, "执法人员名录", inspectors, InspectorSheet, ct);
    }

    /// <summary>Reads the spreadsheet and compares it with the pool; nothing is written.</summary>
    public static async Task<InspectorImportPreview> PreviewAsync(JianguanDbContext db, Stream xlsx, DateOnly today, CancellationToken ct)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var rows = new List<InspectorRow>();
        List<IDictionary<string, object?>> raw;
        try
        {
            raw = await XlsxReader.ReadWithHeaderAsync(xlsx, ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException)
        {
            return new InspectorImportPreview([], [], [$"文件无法读取，请使用 XLSX 模板 / cannot read the file: {e.Message}"], []);
        }

        var missing = InspectorColumns.Take(3).Where(c => raw.Count > 0 && !raw[0].ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return new InspectorImportPreview([], [], [$"缺少列 / missing columns: {string.Join("、", missing)}"], []);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < raw.Count; n++)
        {
            var line = n + 2;
            // The export guards text against formulas; taking the guard off again keeps the round trip exact.
            string Cell(string column) => raw[n].TryGetValue(column, out var v) ? FormulaGuard.Restore(TabularCell.Text(v)?.Trim() ?? "") : "";
            var code = Cell("人员编号");
            if (code.Length == 0 && Cell("姓名").Length == 0)
            {
                continue;
            }

            if (code.Length == 0 || Cell("姓名").Length == 0 || Cell("部门").Length == 0)
            {
                errors.Add($"第 {line} 行：人员编号、姓名、部门不能为空");
                continue;
            }

            if (!seen.Add(code))
            {
                errors.Add($"第 {line} 行：人员编号 {code} 重复");
                continue;
            }

            DateOnly? until = null;
            var untilText = Cell("执法证有效期至");
            if (raw[n].TryGetValue("执法证有效期至", out var untilValue) && untilValue is DateTime dt)
            {
                until = DateOnly.FromDateTime(dt);
            }
            else if (untilText.Length > 0)
            {
                if (!DateOnly.TryParseExact(untilText, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    errors.Add($"第 {line} 行：执法证有效期 \"{untilText}\" 无法识别，应为 YYYY-MM-DD");
                    continue;
                }

                until = d;
            }

            var active = Cell("在岗") is not ("否" or "0" or "停用" or "false" or "FALSE");
            if (until is { } u && u < today && active)
            {
                warnings.Add($"第 {line} 行：{Cell("姓名")} 的执法证已于 {u:yyyy-MM-dd} 过期，抽取时将被排除");
            }
            else if (until is null && active)
            {
                warnings.Add($"第 {line} 行：{Cell("姓名")} 未填执法证有效期");
            }

            rows.Add(new InspectorRow(line, code, Cell("姓名"), Cell("部门"), Cell("执法证号") is { Length: > 0 } c ? c : null, until,
                SamplingService.JoinList(SamplingService.SplitList(Cell("专业领域"))), SamplingService.JoinList(SamplingService.SplitList(Cell("利害关系"))), active));
        }

        var existing = await db.Inspectors.AsNoTracking().ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, ct);
        var added = rows.Where(r => !existing.ContainsKey(r.Code)).ToList();
        var updated = rows.Where(r => existing.TryGetValue(r.Code, out var i) && (i.Name != r.Name || i.Department != r.Department
            || i.CertificateNumber != r.CertificateNumber || i.CertificateValidUntil != r.ValidUntil || i.Specialties != r.Specialties
            || i.Conflicts != r.Conflicts || i.Active != r.Active)).ToList();
        return new InspectorImportPreview(added, updated, errors, warnings);
    }

    /// <summary>Applies a preview without errors: one transaction with its audit entry.</summary>
    public static async Task ApplyAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, InspectorImportPreview preview, DateTimeOffset now, CancellationToken ct)
    {
        if (preview.Errors.Count > 0)
        {
            throw new SamplingException("表格有错误，未导入 / the spreadsheet has errors; nothing imported");
        }

        var existing = await db.Inspectors.ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, ct);
        foreach (var r in preview.Added.Concat(preview.Updated))
        {
            if (!existing.TryGetValue(r.Code, out var i))
            {
                i = new Inspector { Code = r.Code, Name = r.Name, Department = r.Department };
                db.Inspectors.Add(i);
            }

            i.Name = r.Name;
            i.Department = r.Department;
            i.CertificateNumber = r.CertificateNumber;
            i.CertificateValidUntil = r.ValidUntil;
            i.Specialties = r.Specialties;
            i.Conflicts = r.Conflicts;
            i.Active = r.Active;
            i.UpdatedAt = now;
        }

        await audit.RecordAsync(db, actor, "sampling.inspectors.import", "sampling/inspectors",
            new { added = preview.Added.Select(r => r.Code), updated = preview.Updated.Select(r => r.Code) }, ct);
    }

    public static async Task WritePlansAsync(JianguanDbContext db, Stream stream, CancellationToken ct)
    {
        var batches = await db.SamplingBatches.AsNoTracking().Include(b => b.Plan).OrderBy(b => b.Plan!.Year).ThenBy(b => b.PlanId).ThenBy(b => b.Month).ToListAsync(ct);
        await XlsxDocument.WriteAsync(stream, "抽查计划", batches,
        [
            new("年度", b => b.Plan!.Year),
            new("计划", b => b.Plan!.Title),
            new("范围", b => b.Plan!.Scope),
            new("参与部门", b => b.Plan!.Departments),
            new("联席会议决定", b => b.Plan!.DecisionRef ?? ""),
            new("批准日期", b => ChinaTime.FormatDate(b.Plan!.ApprovedOn)),
            new("批次", b => b.Name),
            new("月份", b => b.Month),
            new("高风险比例", b => Percent(b.RatioHigh)),
            new("较高风险比例", b => Percent(b.RatioMediumHigh)),
            new("一般风险比例", b => Percent(b.RatioMedium)),
            new("低风险比例", b => Percent(b.RatioLow)),
            new("定向条件", DirectedText),
            new("联合检查组", b => b.JointDepartments),
        ], ct);
    }

    public static async Task WriteDrawAsync(SamplingDraw draw, Stream stream, CancellationToken ct)
    {
        (string Name, string Value)[] record =
        [
            ("抽取编号", draw.Id.ToString(CultureInfo.InvariantCulture)), ("承诺值", draw.Commitment), ("对象库哈希", draw.PoolHash),
            ("参数哈希", draw.ParametersHash), ("服务器种子哈希", draw.ServerSeedHash), ("公开随机输入", draw.PublicInput ?? ""),
            ("服务器种子", draw.Status == SamplingDraw.Drawn ? draw.ServerSeed : "（抽取后公开）"), ("种子", draw.Seed ?? ""),
            ("算法", Draw.DrawAlgorithm.Version),
        ];
        await XlsxDocument.WriteAsync(stream,
        [
            XlsxSheet.Create("抽取记录", record, [new("项目", p => p.Name), new("内容", p => p.Value)]),
            XlsxSheet.Create("抽中对象", draw.Assignments.OrderBy(a => a.Order),
            [
                new("序号", a => a.Order),
                new("对象编号", a => a.ObjectKey),
                new("对象名称", a => a.ObjectName),
                new("类型", a => SamplingGrades.KindName(a.ObjectKind)),
                new("风险等级", a => SamplingGrades.Name(a.Grade)),
                new("监管部门", a => a.Department),
                new("执法人员", a => a.InspectorNames),
                new("执法人员编号", a => a.Inspectors),
                new("状态", a => a.Status == Draw.Selection.Assigned ? "已配执法人员" : "无法配足"),
                new("说明", a => a.Reason),
            ]),
        ], ct);
    }

    public static async Task WriteResultsAsync(JianguanDbContext db, Stream stream, Platform.Calendar.WorkingCalendar calendar, DateOnly today, CancellationToken ct)
    {
        var list = await db.SamplingAssignments.AsNoTracking().Where(a => a.Status == Draw.Selection.Assigned).Include(a => a.Draw).OrderBy(a => a.DrawId).ThenBy(a => a.Order).ToListAsync(ct);
        await XlsxDocument.WriteAsync(stream, "检查结果", list,
        [
            new("抽取编号", a => a.DrawId),
            new("对象编号", a => a.ObjectKey),
            new("对象名称", a => a.ObjectName),
            new("监管部门", a => a.Department),
            new("执法人员", a => a.InspectorNames),
            new("检查方式", a => a.Method ?? ""),
            new("检查结果", a => a.Result ?? ""),
            new("发现问题", a => a.Findings ?? ""),
            new("完成日期", a => ChinaTime.FormatDate(a.CompletedOn)),
            new("公示期限", a => ChinaTime.FormatDate(a.PublishDue)),
            new("公示状态", a => SamplingService.PublishStateName(SamplingService.PublishStatus(a, today, calendar).State)),
            new("不予公开理由", a => a.ExemptReason ?? ""),
        ], ct);
    }

    public static string Percent(decimal ratio) => (ratio * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string DirectedText(SamplingBatch b)
    {
        var parts = new List<string>();
        if (b.FilterKinds.Length > 0) { parts.Add("类型：" + string.Join("、", SamplingService.SplitList(b.FilterKinds).Select(SamplingGrades.KindName))); }
        if (b.FilterCategories.Length > 0) { parts.Add("行业：" + b.FilterCategories.Replace('|', '、')); }
        if (b.FilterDepartments.Length > 0) { parts.Add("部门：" + b.FilterDepartments.Replace('|', '、')); }
        if (b.FilterRegions.Length > 0) { parts.Add("区域：" + b.FilterRegions.Replace('|', '、')); }
        return parts.Count == 0 ? "不定向" : string.Join("；", parts);
    }
}
