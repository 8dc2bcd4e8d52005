using Jianguan.Features.Trading;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Reports.Monthly;

/// <summary>
/// 交易中心月度报告: the reports the user may see (the trading center all, the 公管办 those submitted, the addressees
/// those forwarded), filtered by year and state, paged, exported to XLSX; the trading center generates a month here.
/// </summary>
[Authorize(Policy = ReportPolicies.Read)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock, IAuthorizationService authorization)
    : Shared.PagedPageModel
{
    public const int PageSize = 24;

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    /// <summary>The month typed into the generation form (kept when refused).</summary>
    [BindProperty]
    public string? Month { get; set; }

    public PagedResult<MonthlyReport> Reports { get; private set; } = new(0, 1, PageSize, []);

    public IReadOnlyList<MonthlyReportState> VisibleStates { get; private set; } = [];

    public bool CanGenerate { get; private set; }

    public string? Error { get; private set; }

    public string? FilterError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Month ??= ReportMonth.Of(ChinaTime.Today(clock).AddMonths(-1)).ToString();
    }

    public async Task<IActionResult> OnPostGenerateAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, ReportPolicies.Write)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            var report = await MonthlyReportService.GenerateAsync(db, audit, AuditActor.From(HttpContext), clock, Month, ct);
            return Redirect("/Reports/Monthly/" + report.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (MonthlyReportException e)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            Response.StatusCode = e.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var states = await FilterStatesAsync();
        var rows = await Filtered(states).OrderByDescending(r => r.Month).ToListAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "monthly.download", "monthly-reports",
            new { format = "电子表格", rows = rows.Count, year = Year, state = State is null ? null : string.Join("、", states.Select(MonthlyReportService.StateName)) }, ct);
        var stream = new MemoryStream();
        await XlsxDocument.WriteAsync(stream, "月度报告", rows,
        [
            new("报告编号", r => r.Number, 18),
            new("报告月份", r => r.Month, 10),
            new("状态", r => MonthlyReportService.StateName(r.State), 14),
            new("生成日期", r => ChinaTime.FormatDate(r.GeneratedAt), 12),
            new("审核人", r => r.ReviewedBy ?? "", 14),
            new("报送日期", r => ChinaTime.FormatDate(r.SubmittedAt), 12),
            new("转送日期", r => ChinaTime.FormatDate(r.ForwardedAt), 12),
            new("发现问题条数", r => MonthlyText.Lines(r.Problems).Count, 12),
        ], ct);
        stream.Position = 0;
        return File(stream, XlsxDocument.ContentType, "交易中心月度报告登记表.xlsx");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        VisibleStates = await MonthlyReportService.VisibleStatesAsync(authorization, User);
        CanGenerate = (await authorization.AuthorizeAsync(User, ReportPolicies.Write)).Succeeded;
        var query = Filtered(await FilterStatesAsync());
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(PageNumber, 1, pages);
        var items = await query.OrderByDescending(r => r.Month).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Reports = new PagedResult<MonthlyReport>(total, page, PageSize, items);
    }

    private async Task<List<MonthlyReportState>> FilterStatesAsync()
    {
        var visible = (await MonthlyReportService.VisibleStatesAsync(authorization, User)).ToList();
        if (string.IsNullOrEmpty(State))
        {
            return visible;
        }

        if (Enum.TryParse<MonthlyReportState>(State, ignoreCase: false, out var state) && Enum.IsDefined(state) && !char.IsAsciiDigit(State[0]))
        {
            return [.. visible.Where(s => s == state)];
        }

        FilterError = "状态：无此状态，已列出全部。";
        State = null;
        return visible;
    }

    private IQueryable<MonthlyReport> Filtered(List<MonthlyReportState> states)
    {
        var query = db.Set<MonthlyReport>().AsNoTracking().Where(r => states.Contains(r.State));
        if (Year is { } year)
        {
            if (year is < 2000 or > 2199)
            {
                FilterError = "年度：应在 2000 至 2199 之间，已列出全部年度。";
                Year = null;
            }
            else
            {
                var prefix = year.ToString("D4", CultureInfo.InvariantCulture) + "-";
                query = query.Where(r => r.Month.StartsWith(prefix));
            }
        }

        return query;
    }
}
