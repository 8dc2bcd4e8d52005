using System.Globalization;
using Jianguan.Data;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Auth;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Jianguan.Pages.Admin.Audit;

/// <summary>
/// The audit administrator's read-only view of the audit chain: filter by account, action, period and text, page
/// through, export to XLSX. There is no handler that changes an entry; the export itself leaves an entry.
/// </summary>
[Authorize(Policy = Policies.AuditRead)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    public const int MaxExportRows = 100_000;

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserName { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public int Total { get; private set; }

    public int TotalPages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = Filtered();
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Entries = await query.OrderByDescending(e => e.Seq).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var entries = await Filtered().OrderBy(e => e.Seq).Take(MaxExportRows).ToListAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "audit.export", Request.QueryString.Value ?? "",
            new { rows = entries.Count, filter = new { user = UserName, action = ActionCode, from = From, to = To, q = Q } }, ct);
        var stream = new MemoryStream();
        await WriteAsync(stream, entries, ct);
        stream.Position = 0;
        return File(stream, ImportErrorWorkbook.ContentType, "audit-" + clock.GetUtcNow().ToOffset(ChinaTime.Offset).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".xlsx");
    }

    /// <summary>Every text cell goes through the formula guard: user names, targets and details come from outside.</summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rows = entries.Select(e => new Dictionary<string, object?>
        {
            ["序号"] = e.Seq,
            ["时间（北京时间）"] = Time(e.At),
            ["账户"] = ImportErrorWorkbook.Safe(e.UserName),
            ["角色"] = ImportErrorWorkbook.Safe(e.Roles),
            ["操作"] = ImportErrorWorkbook.Safe(e.Action),
            ["对象"] = ImportErrorWorkbook.Safe(e.Target),
            ["详情"] = ImportErrorWorkbook.Safe(e.Detail),
            ["来源"] = ImportErrorWorkbook.Safe(e.Source),
            ["哈希"] = e.Hash,
        }).ToList();
        if (rows.Count == 0)
        {
            rows.Add(new Dictionary<string, object?> { ["序号"] = null, ["时间（北京时间）"] = "", ["账户"] = "", ["角色"] = "", ["操作"] = "无记录", ["对象"] = "", ["详情"] = "", ["来源"] = "", ["哈希"] = "" });
        }

        await MiniExcel.SaveAsAsync(stream, rows, sheetName: "审计日志", excelType: ExcelType.XLSX, cancellationToken: ct);
    }

    public static string Time(DateTimeOffset at) => ChinaTime.FormatSecond(at);

    private IQueryable<AuditEntry> Filtered()
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(UserName))
        {
            var user = UserName.Trim();
            query = query.Where(e => e.UserName == user);
        }

        if (!string.IsNullOrWhiteSpace(ActionCode))
        {
            // "login" finds login.success, login.failure …; "login.failure" finds only that.
            var action = ActionCode.Trim();
            var prefix = action + ".";
            query = query.Where(e => e.Action == action || e.Action.StartsWith(prefix));
        }

        if (From is { } from)
        {
            // In UTC: PostgreSQL's timestamptz takes no other offset.
            var start = ChinaTime.StartOfDay(from);
            query = query.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = ChinaTime.StartOfDay(to.AddDays(1));
            query = query.Where(e => e.At < end);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var text = Q.Trim();
            query = query.Where(e => e.Target.Contains(text) || e.Detail.Contains(text) || e.UserName.Contains(text) || e.Action.Contains(text));
        }

        return query;
    }
}
