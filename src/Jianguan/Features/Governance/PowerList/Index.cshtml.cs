using Jianguan.Features.Governance.Liaison;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Governance.PowerList;

/// <summary>The power list in effect today: filters by department, kind and words; XLSX export and import.</summary>
[Authorize(Policy = GovernancePolicies.Member)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, IAuthorizationService authorization) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public PowerListPage Result { get; private set; } = new([], 0, 1);

    public List<Organisation> Departments { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public PowerImportResult? Imported { get; private set; }

    public string? Error { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Result.Total);

    private PowerListFilter Filter() => new(Department, GovernanceLabels.TryParse<PowerKind>(Kind, out var k) ? k : null, Q, PageNumber);

    private async Task LoadAsync(CancellationToken ct)
    {
        Result = await PowerListService.ListAsync(db, ChinaTime.Today(time), Filter(), ct: ct);
        PageNumber = Result.Page;
        Departments = await LiaisonService.Units(db).ToListAsync(ct);
        CanEdit = (await authorization.AuthorizeAsync(User, GovernancePolicies.PowerListEdit)).Succeeded;
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var page = await PowerListService.ListAsync(db, ChinaTime.Today(time), Filter(), all: true, ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "powerlist.export", "power-list", new { rows = page.Items.Count, q = Q, department = Department }, ct);
        var stream = new MemoryStream();
        await PowerListService.WriteXlsxAsync(stream, page.Items, ct);
        stream.Position = 0;
        return File(stream, XlsxDocument.ContentType, "权责清单.xlsx");
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanEdit)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Error = "请选择要导入的 XLSX 文件。";
            return Page();
        }

        var office = User.IsInRole(Roles.OfficeAdmin);
        var unit = await MeetingService.UnitOfAsync(db, User, ct);
        if (!office && unit is null)
        {
            Error = "账户未关联部门，不能导入。";
            return Page();
        }

        await using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        try
        {
            Imported = await PowerListService.ImportAsync(db, audit, AuditActor.From(HttpContext), buffer, office ? null : unit, time.GetUtcNow(), ct);
        }
        catch (GovernanceException e)
        {
            Error = e.Message;
        }

        await LoadAsync(ct);
        return Page();
    }
}
