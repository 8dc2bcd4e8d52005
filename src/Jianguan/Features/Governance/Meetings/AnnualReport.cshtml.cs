using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>The annual report to the city government: the year's figures, the editable summary, the .docx.</summary>
[Authorize(Policy = GovernancePolicies.Office)]
public sealed class AnnualReportModel(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time,
    IEnumerable<IClockSubjectDirectory> directories) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    public AnnualReportContent? Report { get; private set; }

    public string? Error { get; private set; }

    public bool Saved { get; private set; }

    private async Task<AnnualReportContent> BuildAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        Year = Year is >= 2000 and <= 2199 ? Year : today.Year;
        return await AnnualReport.BuildAsync(new AnnualReportContext(db, Year.Value, today, await calendars.GetAsync(ct), [.. directories]), ct);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Report = await BuildAsync(ct);
        Saved = Request.Query.ContainsKey("saved");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Report = await BuildAsync(ct);
        try
        {
            await AnnualReport.SaveSummaryAsync(db, audit, AuditActor.From(HttpContext), Year!.Value, Summary, time.GetUtcNow(), ct);
        }
        catch (GovernanceException e)
        {
            Error = e.Message;
            return Page();
        }

        return Redirect("/Meetings/AnnualReport?year=" + Year.Value.ToString(CultureInfo.InvariantCulture) + "&saved=1");
    }

    public async Task<IActionResult> OnGetDocxAsync(CancellationToken ct)
    {
        var content = await BuildAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "annual.download", "annual-report:" + Year!.Value.ToString(CultureInfo.InvariantCulture),
            new { year = Year.Value, format = "文字处理文档" }, ct);
        var stream = new MemoryStream();
        AnnualReport.Docx(content).WriteTo(stream);
        stream.Position = 0;
        return File(stream, DocxDocument.ContentType, $"{Year.Value}年度协同监管工作报告.docx");
    }
}
