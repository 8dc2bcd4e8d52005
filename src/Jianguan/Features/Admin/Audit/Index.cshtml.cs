using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Admin.Audit;

/// <summary>
/// The audit administrator's read-only view of the audit chain: filter by account, action, period and text, page
/// through, export to XLSX. There is no handler that changes an entry; the export itself leaves an entry.
/// </summary>
[Authorize(Policy = Policies.AuditRead)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock) : Shared.PagedPageModel
{
    public const int PageSize = Shared.PagerModel.PageSize;
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
        return File(stream, XlsxDocument.ContentType, "audit-" + clock.GetUtcNow().ToOffset(ChinaTime.Offset).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".xlsx");
    }

    /// <summary>Every text cell goes through the formula guard: user names, targets and details come from outside.</summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        List<AuditEntry?> rows = [.. entries];
        if (rows.Count == 0)
        {
            rows.Add(null);
        }

        await XlsxDocument.WriteAsync(stream, "审计日志", rows,
        [
            new("序号", e => e?.Seq),
            new("时间（北京时间）", e => e is null ? "" : Time(e.At)),
            new("账户", e => e is null ? "" : AuditLabels.Actor(e.UserName)),
            new("角色", e => e is null ? "" : AuditLabels.Roles(e.Roles)),
            new("操作", e => e is null ? "无记录" : AuditLabels.Action(e.Action)),
            new("操作代码", e => e?.Action ?? ""),
            new("对象", e => e is null ? "" : AuditLabels.Target(e.Target)),
            new("详情", e => e is null ? "" : AuditLabels.Detail(e.Detail)),
            new("详情原文", e => e?.Detail ?? ""),
            new("来源", e => e?.Source ?? ""),
            new("哈希", e => e?.Hash ?? ""),
        ], ct);
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
            var start = ChinaTime.FilterStart(from);
            query = query.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = ChinaTime.FilterEnd(to);
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
