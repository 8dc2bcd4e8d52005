using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Governance.Liaison;

/// <summary>
/// The internal liaison directory (full contacts, staff only): each unit's leader and liaison, changes still to
/// enter or entered late, the change form (a unit for itself, the office for any), XLSX and .docx exports.
/// </summary>
[Authorize(Policy = GovernancePolicies.Member)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>Every unit matching the filter (the counts and the exports).</summary>
    public IReadOnlyList<DirectoryRow> Rows { get; private set; } = [];

    /// <summary>The units of the page shown.</summary>
    public IReadOnlyList<DirectoryRow> PageRows { get; private set; } = [];

    public int TotalPages => Shared.PagerModel.PageCount(Rows.Count);

    public IReadOnlyList<ChangeView> Changes { get; private set; } = [];

    public List<Organisation> Units { get; private set; } = [];

    public bool IsOffice { get; private set; }

    public int? MyUnit { get; private set; }

    public DateOnly Today { get; private set; }

    public string? Error { get; private set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = ChinaTime.Today(time);
        IsOffice = User.IsInRole(Roles.OfficeAdmin);
        MyUnit = await MeetingService.UnitOfAsync(db, User, ct);
        Rows = await LiaisonService.DirectoryAsync(db, Today, Q, ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        PageRows = [.. Rows.Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize)];
        Changes = await LiaisonService.ChangesAsync(db, await calendars.GetAsync(ct), Today, IsOffice ? null : MyUnit ?? -1, ct);
        Units = await LiaisonService.Units(db).Where(o => IsOffice || o.Id == MyUnit).ToListAsync(ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostReportAsync(int? unitId, string? role, DateOnly? effectiveOn, bool pending, string? name, string? title,
        string? officePhone, string? mobile, string? email, CancellationToken ct)
    {
        await LoadAsync(ct);
        var unit = IsOffice ? unitId : MyUnit;
        if (unit is null || !Units.Any(u => u.Id == unit))
        {
            Error = "请选择成员单位（成员单位只能报送本单位的联络人）。";
            return Page();
        }

        try
        {
            await LiaisonService.ReportAsync(db, audit, AuditActor.From(HttpContext), await calendars.GetAsync(ct), unit.Value,
                GovernanceLabels.TryParse<LiaisonRole>(role, out var r) ? r : null, effectiveOn,
                pending ? null : new ContactInput(name, title, officePhone, mobile, email), time.GetUtcNow(), ct);
        }
        catch (GovernanceException e)
        {
            Error = e.Message;
            return Page();
        }

        return Redirect("/Directory");
    }

    public async Task<IActionResult> OnPostEnterAsync(long changeId, string? name, string? title, string? officePhone, string? mobile, string? email,
        CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            await LiaisonService.EnterAsync(db, audit, AuditActor.From(HttpContext), changeId, MyUnit, IsOffice,
                new ContactInput(name, title, officePhone, mobile, email), time.GetUtcNow(), ct);
        }
        catch (GovernanceException e)
        {
            Error = e.Message;
            return Page();
        }

        return Redirect("/Directory");
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "liaison.export", "directory", new { rows = Rows.Count, format = "表格" }, ct);
        var stream = new MemoryStream();
        await LiaisonService.WriteXlsxAsync(stream, Rows, ct);
        stream.Position = 0;
        return File(stream, XlsxDocument.ContentType, "联络通讯录.xlsx");
    }

    public async Task<IActionResult> OnGetDocxAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "liaison.export", "directory", new { rows = Rows.Count, format = "文字处理文档" }, ct);
        var stream = new MemoryStream();
        LiaisonService.Docx(Rows, Today).WriteTo(stream);
        stream.Position = 0;
        return File(stream, DocxDocument.ContentType, "联络通讯录.docx");
    }
}
