using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Complaints;

/// <summary>The register (登记簿): filters by kind, state, department and overdue; counts; XLSX of the filtered rows.</summary>
[Authorize(Policy = ComplaintWorkflow.ReadPolicy)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public ComplaintListPage Result { get; private set; } = new([], 0, 1, ComplaintQueries.PageSize, 0);

    public List<Organisation> Departments { get; private set; } = [];

    public int TotalPages => Shared.PagerModel.PageCount(Result.Total);

    private ComplaintFilter Filter() => new(
        ComplaintLabels.TryParse<ComplaintKind>(Kind, out var k) ? k : null,
        ComplaintLabels.TryParse<ComplaintState>(State, out var s) ? s : null,
        Department, Overdue, Q, PageNumber);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await ComplaintScope.ForAsync(db, User, ct);
        Result = await ComplaintQueries.ListAsync(db, scope, Filter(), await calendars.GetAsync(ct), ChinaTime.Today(time), ct: ct);
        PageNumber = Result.Page;
        Departments = await db.Organisations.AsNoTracking()
            .Where(o => (o.Kind == OrgKind.Lead || o.Kind == OrgKind.Industry) && (scope.All || o.Id == scope.DepartmentId))
            .OrderBy(o => o.Id).ToListAsync(ct);
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var scope = await ComplaintScope.ForAsync(db, User, ct);
        var page = await ComplaintQueries.ListAsync(db, scope, Filter(), await calendars.GetAsync(ct), ChinaTime.Today(time), all: true, ct: ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "complaint.export", "complaints",
            new
            {
                rows = page.Items.Count,
                q = Q,
                kind = ComplaintLabels.TryParse<ComplaintKind>(Kind, out var k) ? ComplaintLabels.KindName(k) : null,
                state = ComplaintLabels.TryParse<ComplaintState>(State, out var s) ? ComplaintLabels.StateName(s) : null,
                department = Department,
                overdue = Overdue ? "是" : null
            }, ct);
        var stream = new MemoryStream();
        await ComplaintQueries.WriteXlsxAsync(stream, page.Items, ct);
        stream.Position = 0;
        return File(stream, Platform.Documents.XlsxDocument.ContentType, "投诉举报登记.xlsx");
    }
}
