using System.Globalization;
using Jianguan.Data;
using Jianguan.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jianguan.Features.Sampling;

/// <summary>One row of the inspector spreadsheet, read and checked.</summary>
public sealed record InspectorRow(int Line, string Code, string Name, string Department, string? CertificateNumber, DateOnly? ValidUntil,
    string Specialties, string Conflicts, bool Active);

/// <summary>What an import would change: rows to add, rows to update, rows refused with the reason.</summary>
public sealed record InspectorImportPreview(IReadOnlyList<InspectorRow> Added, IReadOnlyList<InspectorRow> Updated, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>XLSX of the sampling slice: the inspector template, import and export; plans, draw records and results.</summary>
public static class SamplingWorkbooks
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] InspectorColumns = ["人员编号", "姓名", "部门", "执法证号", "执法证有效期至", "专业领域", "利害关系", "在岗"];

    private static Dictionary<string, object?> InspectorRowOf(Inspector i) => new()
    {
        ["人员编号"] = i.Code,
        ["姓名"] = i.Name,
        ["部门"] = i.Department,
        ["执法证号"] = i.CertificateNumber ?? "",
        ["执法证有效期至"] = i.CertificateValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        ["专业领域"] = i.Specialties,
        ["利害关系"] = i.Conflicts,
        ["在岗"] = i.Active ? "是" : "否",
    };

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
        await MiniExcel.SaveAsAsync(stream, new[] { InspectorRowOf(example) }, sheetName: "执法人员名录", excelType: ExcelType.XLSX, cancellationToken: ct);
    }

    public static async Task WriteInspectorsAsync(JianguanDbContext db, Stream stream, CancellationToken ct)
    {
        var rows = (await db.Inspectors.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct)).Select(InspectorRowOf).ToList();
        await MiniExcel.SaveAsAsync(stream, rows.Count > 0 ? rows : [InspectorColumns.ToDictionary(c => c, _ => (object?)"")],
            sheetName: "执法人员名录", excelType: ExcelType.XLSX, cancellationToken: ct);
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
            raw = [.. (await MiniExcel.QueryAsync(xlsx, useHeaderRow: true, excelType: ExcelType.XLSX, cancellationToken: ct)).Cast<IDictionary<string, object?>>()];
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
            string Cell(string column) => raw[n].TryGetValue(column, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? "" : "";
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
        var rows = batches.Select(b => new Dictionary<string, object?>
        {
            ["年度"] = b.Plan!.Year,
            ["计划"] = b.Plan.Title,
            ["范围"] = b.Plan.Scope,
            ["参与部门"] = b.Plan.Departments,
            ["联席会议决定"] = b.Plan.DecisionRef ?? "",
            ["批准日期"] = b.Plan.ApprovedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            ["批次"] = b.Name,
            ["月份"] = b.Month,
            ["高风险比例"] = Percent(b.RatioHigh),
            ["较高风险比例"] = Percent(b.RatioMediumHigh),
            ["一般风险比例"] = Percent(b.RatioMedium),
            ["低风险比例"] = Percent(b.RatioLow),
            ["定向条件"] = DirectedText(b),
            ["联合检查组"] = b.JointDepartments,
        }).ToList();
        await MiniExcel.SaveAsAsync(stream, rows.Count > 0 ? rows : [new Dictionary<string, object?> { ["年度"] = "" }], sheetName: "抽查计划", excelType: ExcelType.XLSX, cancellationToken: ct);
    }

    public static async Task WriteDrawAsync(SamplingDraw draw, Stream stream, CancellationToken ct)
    {
        var sheets = new Dictionary<string, object>
        {
            ["抽取记录"] = new[]
            {
                Pair("抽取编号", draw.Id.ToString(CultureInfo.InvariantCulture)), Pair("承诺值", draw.Commitment), Pair("对象库哈希", draw.PoolHash),
                Pair("参数哈希", draw.ParametersHash), Pair("服务器种子哈希", draw.ServerSeedHash), Pair("公开随机输入", draw.PublicInput ?? ""),
                Pair("服务器种子", draw.Status == SamplingDraw.Drawn ? draw.ServerSeed : "（抽取后公开）"), Pair("种子", draw.Seed ?? ""),
                Pair("算法", Draw.DrawAlgorithm.Version),
            },
            ["抽中对象"] = draw.Assignments.OrderBy(a => a.Order).Select(a => new Dictionary<string, object?>
            {
                ["序号"] = a.Order,
                ["对象编号"] = a.ObjectKey,
                ["对象名称"] = a.ObjectName,
                ["类型"] = SamplingGrades.KindName(a.ObjectKind),
                ["风险等级"] = SamplingGrades.Name(a.Grade),
                ["监管部门"] = a.Department,
                ["执法人员"] = a.InspectorNames,
                ["执法人员编号"] = a.Inspectors,
                ["状态"] = a.Status == Draw.Selection.Assigned ? "已配执法人员" : "无法配足",
                ["说明"] = a.Reason,
            }).DefaultIfEmpty(new Dictionary<string, object?> { ["序号"] = "" }).ToList(),
        };
        await MiniExcel.SaveAsAsync(stream, sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
    }

    public static async Task WriteResultsAsync(JianguanDbContext db, Stream stream, Platform.Calendar.WorkingCalendar calendar, DateOnly today, CancellationToken ct)
    {
        var list = await db.SamplingAssignments.AsNoTracking().Where(a => a.Status == Draw.Selection.Assigned).Include(a => a.Draw).OrderBy(a => a.DrawId).ThenBy(a => a.Order).ToListAsync(ct);
        var rows = list.Select(a => new Dictionary<string, object?>
        {
            ["抽取编号"] = a.DrawId,
            ["对象编号"] = a.ObjectKey,
            ["对象名称"] = a.ObjectName,
            ["监管部门"] = a.Department,
            ["执法人员"] = a.InspectorNames,
            ["检查方式"] = a.Method ?? "",
            ["检查结果"] = a.Result ?? "",
            ["发现问题"] = a.Findings ?? "",
            ["完成日期"] = a.CompletedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            ["公示期限"] = a.PublishDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            ["公示状态"] = SamplingService.PublishStateName(SamplingService.PublishStatus(a, today, calendar).State),
            ["不予公开理由"] = a.ExemptReason ?? "",
        }).ToList();
        await MiniExcel.SaveAsAsync(stream, rows.Count > 0 ? rows : [new Dictionary<string, object?> { ["抽取编号"] = "" }], sheetName: "检查结果", excelType: ExcelType.XLSX, cancellationToken: ct);
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

    private static Dictionary<string, object?> Pair(string name, string value) => new() { ["项目"] = name, ["内容"] = value };
}
