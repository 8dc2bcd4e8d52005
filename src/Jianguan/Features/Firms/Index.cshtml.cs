using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Firms;

/// <summary>
/// 单位查询: firms by name (part), 统一社会信用代码 or the code of a project or section they bid on, and the matching
/// projects and sections. Each search is recorded (firm.search): for the oversight bodies the queries are a clue trail.
/// </summary>
[Authorize(Policy = Policies.TradingRead)]
public sealed class IndexModel(JianguanDbContext db, CurrentDataScope scope, AuditTrail audit) : Shared.PagedPageModel
{
    /// <summary>Longer text is no firm name or code; the cut keeps the audit entry and the query bounded.</summary>
    public const int MaxQueryLength = 100;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>Only firms that won at least one tender (in the caller's scope).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Won { get; set; }

    public FirmSearchResult? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var q = Q?.Trim();
        if (string.IsNullOrEmpty(q))
        {
            return;
        }

        if (q.Length > MaxQueryLength)
        {
            q = q[..MaxQueryLength];
        }

        Q = q;
        Result = await FirmQueries.SearchAsync(db, await scope.GetAsync(ct), q, Won, PageNumber, ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "firm.search", "firms?q=" + q,
            new { q, won = Won, page = Result.Firms.Page, firms = Result.Firms.Total, projects = Result.Projects.Count, sections = Result.Sections.Count }, ct);
    }
}
