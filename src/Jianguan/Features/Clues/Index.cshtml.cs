using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Clues;

/// <summary>线索登记簿: the clues the viewer may read, with filters, counts by state and XLSX export. Searches are audited (clue.search).</summary>
[Authorize(Policy = CluePolicies.Read)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, IAuthorizationService authorization) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public ClueListPage Result { get; private set; } = null!;

    public bool CanManage { get; private set; }

    public ClueFilter Filter() => new(
        string.IsNullOrWhiteSpace(Q) ? null : Q.Trim()[..Math.Min(Q.Trim().Length, 100)],
        ClueLabels.TryParse<ClueSource>(Source, out var s) ? s : null,
        ClueLabels.TryParse<ClueState>(State, out var st) ? st : null,
        PageNumber);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = Filter();
        Result = await ClueQueries.ListAsync(db, await ClueViewer.ForAsync(db, User, ct), filter, ct);
        PageNumber = Result.Page;
        CanManage = (await authorization.AuthorizeAsync(User, CluePolicies.Manage)).Succeeded;
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "clue.search", "clues",
            new { q = filter.Q, source = filter.Source is { } so ? ClueLabels.SourceName(so) : null, state = filter.State is { } st ? ClueLabels.StateName(st) : null, page = Result.Page, total = Result.Total }, ct);
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var viewer = await ClueViewer.ForAsync(db, User, ct);
        var filter = Filter();
        var rows = new List<ClueRow>();
        for (var page = 1; ; page++)
        {
            var result = await ClueQueries.ListAsync(db, viewer, filter with { Page = page }, ct);
            rows.AddRange(result.Items);
            if (page >= result.TotalPages)
            {
                break;
            }
        }

        await audit.RecordAsync(db, AuditActor.From(HttpContext), "clue.search", "clues",
            new { q = filter.Q, source = filter.Source is { } so ? ClueLabels.SourceName(so) : null, state = filter.State is { } st ? ClueLabels.StateName(st) : null, export = true, rows = rows.Count }, ct);
        var stream = new MemoryStream();
        await XlsxDocument.WriteAsync(stream, "线索登记簿", rows,
        [
            new XlsxColumn<ClueRow>("线索编号", r => r.Number),
            new XlsxColumn<ClueRow>("标题", r => r.Title),
            new XlsxColumn<ClueRow>("来源", r => r.SourceName),
            new XlsxColumn<ClueRow>("监管部门", r => r.Department ?? ""),
            new XlsxColumn<ClueRow>("状态", r => r.StateName),
            new XlsxColumn<ClueRow>("移送次数", r => r.Referrals),
            new XlsxColumn<ClueRow>("登记日期", r => ChinaTime.FormatDate(r.CreatedAt)),
        ], ct);
        stream.Position = 0;
        return File(stream, XlsxDocument.ContentType, "线索登记簿.xlsx");
    }

    /// <summary>The current query with one filter changed (count links).</summary>
    public string With(string key, string? value)
    {
        var query = Request.Query.Where(q => !string.Equals(q.Key, key, StringComparison.OrdinalIgnoreCase) && !Shared.PagerModel.IsPageKey(q.Key))
            .ToDictionary(q => q.Key, q => q.Value.ToString());
        if (value is not null)
        {
            query[key] = value;
        }

        return "/Clues" + Microsoft.AspNetCore.Http.QueryString.Create(query!);
    }
}
