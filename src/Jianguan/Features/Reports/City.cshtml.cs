using Jianguan.Features.Credit.Accountability;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Reports;

/// <summary>
/// The two reports sent to the city government (ADR-022): the joint meetings' annual report and the member units'
/// accountability report, as the .docx the office downloads from its own pages (same builders, same figures). The
/// city government's account reaches this page and the analysis overview, nothing else; every download is audited.
/// </summary>
[Authorize(Policy = ReportPolicies.City)]
public sealed class CityModel(JianguanDbContext db, AuditTrail audit, CalendarService calendars, AccountabilityService accountability, TimeProvider time,
    IEnumerable<IClockSubjectDirectory> directories) : PageModel
{
    /// <summary>How many years back the year list goes.</summary>
    public const int YearsListed = 5;

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Quarter { get; set; }

    public DateOnly Today { get; private set; }

    public IReadOnlyList<int> Years { get; private set; } = [];

    public string? Error { get; private set; }

    private AccountabilityPeriod? Period()
    {
        Today = ChinaTime.Today(time);
        Years = [.. Enumerable.Range(0, YearsListed).Select(i => Today.Year - i)];
        if (!AccountabilityPeriod.TryCreate(Year ?? Today.Year, Quarter, out var period))
        {
            Error = "统计期间无效：年份为 2000–2199 年，季度为 1–4。";
            return null;
        }

        Year = period.Year;
        return period;
    }

    public void OnGet() => Period();

    public async Task<IActionResult> OnGetAnnualAsync(CancellationToken ct)
    {
        if (Period() is null)
        {
            return BadRequest();
        }

        var year = Year!.Value;
        var content = await AnnualReport.BuildAsync(new AnnualReportContext(db, year, Today, await calendars.GetAsync(ct), [.. directories]), ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "annual.download", "annual-report:" + year.ToString(CultureInfo.InvariantCulture),
            new { year, format = "文字处理文档" }, ct);
        var stream = new MemoryStream();
        AnnualReport.Docx(content).WriteTo(stream);
        stream.Position = 0;
        return File(stream, DocxDocument.ContentType, $"{year}年度协同监管工作报告.docx");
    }

    public async Task<IActionResult> OnGetAccountabilityAsync(CancellationToken ct)
    {
        if (Period() is not { } period)
        {
            return BadRequest();
        }

        var (document, name) = await accountability.DownloadAsync(db, audit, AuditActor.From(HttpContext), period, Today, ct);
        return File(document, DocxDocument.ContentType, name);
    }
}
