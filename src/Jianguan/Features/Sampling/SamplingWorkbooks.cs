using Jianguan.Platform.Documents;
using Jianguan.Platform.Tabular;
using System.Text;
using System.Text.RegularExpressions;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Sampling;

/// <summary>One row of the inspector spreadsheet, read and checked (<see cref="Account"/>: the login account's user name, when the row names one).</summary>
public sealed record InspectorRow(int Line, string Code, string Name, string Department, string? CertificateNumber, DateOnly? ValidUntil,
    string Specialties, string Conflicts, bool Active, string? Account = null);

/// <summary>What an import would change: rows to add, rows to update, rows refused with the reason.</summary>
public sealed record InspectorImportPreview(IReadOnlyList<InspectorRow> Added, IReadOnlyList<InspectorRow> Updated, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>Why the 确认导入 button is not offered, or null when it is.</summary>
    public string? NotConfirmableReason => Errors.Count > 0
        ? $"表格中有 {Errors.Count} 处错误（见上），没有导入任何数据。请改正后重新上传，才能确认导入。"
        : Added.Count + Updated.Count == 0 ? "表格与名录库完全相同，没有需要导入的变更。" : null;
}

/// <summary>XLSX of the sampling slice: the inspector template, import and export; plans, draw records and results.</summary>
public static partial class SamplingWorkbooks
{
    public const string ContentType = XlsxDocument.ContentType;

    /// <summary>The sheet of units the 部门 column's drop-down offers.</summary>
    public const string DepartmentSheet = "单位列表";

    /// <summary>The inspector list as exported and as imported again (same headers both ways); accounts by user id.</summary>
    private static XlsxColumn<Inspector>[] InspectorSheet(IReadOnlyDictionary<string, string> accounts) =>
    [
        new("人员编号", i => i.Code),
        new("姓名", i => i.Name),
        new("部门", i => i.Department, 30),
        new("执法证号", i => i.CertificateNumber ?? ""),
        new("执法证有效期至", i => ChinaTime.FormatDate(i.CertificateValidUntil)),
        new("专业领域", i => i.Specialties),
        new("利害关系", i => i.Conflicts),
        new("在岗", i => i.Active ? "是" : "否"),
        new("登录账号", i => i.UserId is { } id ? accounts.GetValueOrDefault(id, "") : ""),
    ];

    public static readonly string[] InspectorColumns = [.. InspectorSheet(new Dictionary<string, string>()).Select(c => c.Header)];

    /// <summary>
    /// The template: one example row whose department is a real unit's full name, and a second sheet listing every
    /// known unit with its code; the 部门 column offers that list as a drop-down (a typed code or short name is
    /// still accepted by the import, which resolves it).
    /// </summary>
    public static async Task WriteTemplateAsync(JianguanDbContext db, Stream stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var departments = await SamplingDepartments.LoadAsync(db, ct);
        var example = new Inspector
        {
            Code = "ZF0001",
            Name = "张三",
            Department = departments.All.FirstOrDefault(d => d.Name.Contains("住房和城乡建设", StringComparison.Ordinal))?.Name
                ?? (departments.All.Count > 0 ? departments.All[0].Name : "住建局"),
            CertificateNumber = "琼A0000001",
            CertificateValidUntil = new DateOnly(2028, 12, 31),
            Specialties = "工程建设项目招标投标|政府采购",
            Conflicts = "E:91460100MA5T0000XX",
        };
        using var buffer = new MemoryStream();
        await XlsxDocument.WriteAsync(buffer,
        [
            XlsxSheet.Create("执法人员名录", [example], InspectorSheet(new Dictionary<string, string>())),
            XlsxSheet.Create(DepartmentSheet, departments.All, [new("单位全称", d => d.Name, 36), new("单位代码", d => d.Code ?? "")]),
        ], ct);
        buffer.Position = 0;
        AddDepartmentDropDown(buffer, stream, Math.Max(departments.All.Count, 1));
    }

    /// <summary>Adds a list validation on 部门 (column C, rows 2–2000) pointing at the unit sheet; a typed value only warns.</summary>
    private static void AddDepartmentDropDown(Stream workbook, Stream output, int units)
    {
        using (var zip = new System.IO.Compression.ZipArchive(workbook, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml") ?? throw new InvalidOperationException("template without its first sheet");
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var validation = string.Create(CultureInfo.InvariantCulture,
                $"<x:dataValidations count=\"1\"><x:dataValidation type=\"list\" errorStyle=\"warning\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" "
                + $"promptTitle=\"部门\" prompt=\"请从列表中选择单位全称（也可填写单位代码）\" errorTitle=\"部门\" error=\"不在单位列表中，导入时将被拒绝\" sqref=\"C2:C2000\">"
                + $"<x:formula1>'{DepartmentSheet}'!$A$2:$A${units + 1}</x:formula1></x:dataValidation></x:dataValidations>");
            var prefixed = xml.Contains("<x:sheetData", StringComparison.Ordinal);
            if (!prefixed)
            {
                validation = validation.Replace("<x:", "<", StringComparison.Ordinal).Replace("</x:", "</", StringComparison.Ordinal);
            }

            var p = prefixed ? "x:" : "";
            var after = xml.IndexOf($"</{p}sheetData>", StringComparison.Ordinal);
            var at = new[] { "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "drawing", "legacyDrawing", "tableParts", "extLst" }
                .Select(tag => xml.IndexOf($"<{p}{tag}", after, StringComparison.Ordinal))
                .Where(i => i > 0)
                .DefaultIfEmpty(xml.LastIndexOf($"</{p}worksheet>", StringComparison.Ordinal))
                .Min();
            xml = xml.Insert(at, validation);
            entry.Delete();
            var replaced = zip.CreateEntry("xl/worksheets/sheet1.xml");
            using var writer = new StreamWriter(replaced.Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }

        workbook.Position = 0;
        workbook.CopyTo(output);
    }

    public static async Task WriteInspectorsAsync(JianguanDbContext db, Stream stream, CancellationToken ct)
    {
        var inspectors = await db.Inspectors.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);
        var ids = inspectors.Where(i => i.UserId != null).Select(i => i.UserId!).ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "", ct);
        await XlsxDocument.WriteAsync(stream, "执法人员名录", inspectors, InspectorSheet(accounts), ct);
    }

    /// <summary>Reads the spreadsheet and compares it with the pool; nothing is written. Every problem names the file, row, field and reason.</summary>
    public static async Task<InspectorImportPreview> PreviewAsync(JianguanDbContext db, Stream xlsx, DateOnly today, CancellationToken ct, string fileName = "")
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var rows = new List<InspectorRow>();
        var file = string.IsNullOrWhiteSpace(fileName) ? "" : $"文件 {Path.GetFileName(fileName)}，";
        List<IDictionary<string, object?>> raw;
        try
        {
            raw = await XlsxReader.ReadWithHeaderAsync(xlsx, ct);
        }
        catch (XlsxLimitException e)
        {
            return new InspectorImportPreview([], [], [$"{file}{e.Message.Split(" / ")[0]}"], []);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException)
        {
            return new InspectorImportPreview([], [], [$"{file}文件无法读取，请使用下载的 XLSX 模板"], []);
        }

        var missing = InspectorColumns.Take(3).Where(c => raw.Count > 0 && !raw[0].ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return new InspectorImportPreview([], [], [$"{file}缺少列：{string.Join("、", missing)}"], []);
        }

        var departments = await SamplingDepartments.LoadAsync(db, ct);
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

            var rowErrors = new List<string>();
            void Flag(string field, string reason) => rowErrors.Add($"{file}第 {line} 行，{field}：{reason}");
            foreach (var field in new[] { "人员编号", "姓名" }.Where(f => Cell(f).Length == 0))
            {
                Flag(field, "未填写");
            }

            if (code.Length > 0 && !seen.Add(code))
            {
                Flag("人员编号", $"{code} 与前面的行重复");
            }

            var (department, departmentError) = departments.Resolve(Cell("部门"));
            if (departmentError is not null)
            {
                Flag("部门", departmentError);
            }

            var active = Cell("在岗") is not ("否" or "0" or "停用" or "false" or "FALSE");
            var certificate = Cell("执法证号");
            if (certificate.Length == 0)
            {
                if (active)
                {
                    Flag("执法证号", "未填写（在岗执法人员须持有行政执法证）");
                }
            }
            else if (!CertificatePattern().IsMatch(certificate))
            {
                Flag("执法证号", $"“{certificate}”格式不正确（应为 5 到 32 位汉字、字母或数字，如 琼A0000001）");
            }

            DateOnly? until = null;
            var untilText = Cell("执法证有效期至");
            if (raw[n].TryGetValue("执法证有效期至", out var untilValue) && untilValue is DateTime dt)
            {
                until = DateOnly.FromDateTime(dt);
            }
            else if (untilText.Length > 0)
            {
                if (DateOnly.TryParseExact(untilText, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    until = d;
                }
                else
                {
                    Flag("执法证有效期至", $"“{untilText}”无法识别，应为 年-月-日（如 2028-12-31）");
                }
            }

            if (until is { Year: < 1990 or > 2100 } odd)
            {
                Flag("执法证有效期至", $"{odd:yyyy-MM-dd} 不是有效的证件有效期");
                until = null;
            }
            else if (until is null && untilText.Length == 0 && active)
            {
                Flag("执法证有效期至", "未填写（在岗执法人员须填写执法证有效期）");
            }
            else if (until is { } u && u < today && active)
            {
                warnings.Add($"{file}第 {line} 行，执法证有效期至：{Cell("姓名")} 的执法证已于 {u:yyyy-MM-dd} 过期，抽取时将被排除");
            }

            var account = Cell("登录账号");
            if (account.Length > 0 && (await InspectorAccounts.FindAsync(db, account, ct)).Error is { } accountError)
            {
                Flag("登录账号", accountError);
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            rows.Add(new InspectorRow(line, code, Cell("姓名"), department!, certificate.Length > 0 ? certificate : null, until,
                SamplingService.JoinList(SamplingService.SplitList(Cell("专业领域"))), SamplingService.JoinList(SamplingService.SplitList(Cell("利害关系"))), active,
                account.Length > 0 ? account : null));
        }

        var existing = await db.Inspectors.AsNoTracking().ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, ct);
        var accountIds = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in rows.Where(r => r.Account is not null))
        {
            accountIds[r.Account!] = (await InspectorAccounts.FindAsync(db, r.Account, ct)).Account?.Id;
        }

        var added = rows.Where(r => !existing.ContainsKey(r.Code)).ToList();
        var updated = rows.Where(r => existing.TryGetValue(r.Code, out var i) && (i.Name != r.Name || i.Department != r.Department
            || i.CertificateNumber != r.CertificateNumber || i.CertificateValidUntil != r.ValidUntil || i.Specialties != r.Specialties
            || i.Conflicts != r.Conflicts || i.Active != r.Active || (r.Account is not null && accountIds[r.Account] != i.UserId))).ToList();
        return new InspectorImportPreview(added, updated, errors, warnings);
    }

    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}A-Za-z0-9\-]{5,32}$")]
    private static partial Regex CertificatePattern();

    /// <summary>
    /// Applies a preview without errors: one transaction with its audit entry. The preview comes back from the
    /// browser, so departments and accounts are checked again here.
    /// </summary>
    public static async Task ApplyAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, InspectorImportPreview preview, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(preview);
        if (preview.Errors.Count > 0)
        {
            throw new SamplingException("表格有错误，未导入");
        }

        var departments = await SamplingDepartments.LoadAsync(db, ct);
        var existing = await db.Inspectors.ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, ct);
        var linked = new List<object>();
        foreach (var r in preview.Added.Concat(preview.Updated))
        {
            var department = departments.Resolve(r.Department).Name ?? throw new SamplingException($"第 {r.Line} 行，部门：“{r.Department}”不是已知的单位，未导入");
            string? userId = null;
            if (r.Account is not null)
            {
                var (account, error) = await InspectorAccounts.FindAsync(db, r.Account, ct);
                userId = account?.Id ?? throw new SamplingException($"第 {r.Line} 行，登录账号：{error}，未导入");
            }

            if (!existing.TryGetValue(r.Code, out var i))
            {
                i = new Inspector { Code = r.Code, Name = r.Name, Department = department };
                db.Inspectors.Add(i);
            }

            i.Name = r.Name;
            i.Department = department;
            i.CertificateNumber = r.CertificateNumber;
            i.CertificateValidUntil = r.ValidUntil;
            i.Specialties = r.Specialties;
            i.Conflicts = r.Conflicts;
            i.Active = r.Active;
            if (userId is not null && i.UserId != userId)
            {
                i.UserId = userId;
                linked.Add(new { r.Code, userId, userName = r.Account });
            }

            i.UpdatedAt = now;
        }

        await audit.RecordAsync(db, actor, "sampling.inspectors.import", "sampling/inspectors",
            new { added = preview.Added.Select(r => r.Code), updated = preview.Updated.Select(r => r.Code), linked }, ct);
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
