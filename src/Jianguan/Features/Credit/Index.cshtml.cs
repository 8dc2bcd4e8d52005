using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Credit;

/// <summary>The credit blacklist (失信名单): every listing with its state, filters, counts; import of the national list.</summary>
[Authorize(Policy = CreditPolicies.Read)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, IAuthorizationService authorization) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<BlacklistEntry> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public Dictionary<BlacklistState, int> Counts { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public bool CanManage { get; private set; }

    public BlacklistImportResult? Imported { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        CanManage = (await authorization.AuthorizeAsync(User, CreditPolicies.Manage)).Succeeded;
        var query = db.Set<BlacklistEntry>().AsNoTracking();
        if (CreditLabels.TryParse<BlacklistState>(State, out var s))
        {
            query = query.Where(e => e.State == s);
        }

        if (CreditLabels.TryParse<BlacklistSeverity>(Severity, out var v))
        {
            query = query.Where(e => e.Severity == v);
        }

        query = CreditEndpoints.SearchBlacklist(query, Q, byNumber: true);
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Shared.PagerModel.PageCount(Total));
        Rows = await query.OrderByDescending(e => e.StartOn).ThenByDescending(e => e.Id)
            .PageAt(PageNumber).ToListAsync(ct);
        Counts = (await db.Set<BlacklistEntry>().AsNoTracking().GroupBy(e => e.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, string? severity, string? basis, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CreditPolicies.Manage)).Succeeded)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Imported = new BlacklistImportResult("", 0, 0, 0, ["请选择要导入的文件（CSV 或 XLSX）"]);
        }
        else
        {
            await using var stream = file.OpenReadStream();
            Imported = await BlacklistImport.ImportAsync(db, audit, AuditActor.From(HttpContext), stream, file.FileName,
                CreditLabels.TryParse<BlacklistSeverity>(severity, out var v) ? v : BlacklistSeverity.General, basis, time.GetUtcNow(), ct);
        }

        await LoadAsync(ct);
        return Page();
    }
}
