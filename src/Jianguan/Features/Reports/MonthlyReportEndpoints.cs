using Jianguan.Platform.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Reports;

public sealed record MonthlyReportListItem(long Id, string Number, string Month, string State, string StateName, DateTimeOffset GeneratedAt,
    DateTimeOffset? SubmittedAt, DateTimeOffset? ForwardedAt);

public sealed record MonthlyReportDetail(long Id, string Number, string Month, string State, string StateName, MonthlyFigures Figures,
    string Overview, IReadOnlyList<string> Problems, string? Summary, string? Remarks, string? ReviewedBy, DateTimeOffset? SubmittedAt,
    DateTimeOffset? ForwardedAt);

/// <summary>The module's registration and the read-only JSON API (the workflow is on the pages).</summary>
public static class MonthlyReportEndpoints
{
    /// <summary>The monthly report's clock: the daily job that starts it and the directory that names the trading center.</summary>
    public static void AddReports(IServiceCollection services)
    {
        services.AddScheduledJob<MonthlyReportClockJob>(MonthlyReportClockJob.Name, MonthlyReportClockJob.Cron);
        services.AddScoped<Platform.Clocks.IClockSubjectDirectory, MonthlyReportClockDirectory>();
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/reports/monthly").WithTags("月度报告 / monthly reports").RequireAuthorization(ReportPolicies.Read);
        endpoints.MapGet("/api/reports/monthly", ListAsync).WithTags("月度报告 / monthly reports").RequireAuthorization(ReportPolicies.Read)
            .WithName("ListMonthlyReports")
            .WithSummary("交易中心月度报告（本人可见的状态） / the trading center's monthly reports visible to the caller");
        group.MapGet("/{key}", GetAsync).WithName("GetMonthlyReport")
            .WithSummary("一份月度报告（编号或 yyyy-MM）及其数据 / one monthly report by id or month, with its figures");
    }

    public static async Task<Ok<List<MonthlyReportListItem>>> ListAsync(JianguanDbContext db, IAuthorizationService authorization, HttpContext http,
        CancellationToken ct)
    {
        var states = (await MonthlyReportService.VisibleStatesAsync(authorization, http.User)).ToList();
        var rows = await db.Set<MonthlyReport>().AsNoTracking().Where(r => states.Contains(r.State))
            .OrderByDescending(r => r.Month).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new MonthlyReportListItem(r.Id, r.Number, r.Month, r.State.ToString(),
            MonthlyReportService.StateName(r.State), r.GeneratedAt, r.SubmittedAt, r.ForwardedAt)).ToList());
    }

    public static async Task<Results<Ok<MonthlyReportDetail>, NotFound>> GetAsync(string key, JianguanDbContext db, IAuthorizationService authorization,
        AuditTrail audit, HttpContext http, CancellationToken ct)
    {
        var report = await MonthlyReportService.FindAsync(db, key, ct);
        if (report is null || !(await MonthlyReportService.VisibleStatesAsync(authorization, http.User)).Contains(report.State))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(db, AuditActor.From(http), "monthly.view", MonthlyReportService.Machine.Target(report.Id),
            new { month = report.Month, via = "接口" }, ct);
        var figures = MonthlyFigures.FromJson(report.FiguresJson);
        return TypedResults.Ok(new MonthlyReportDetail(report.Id, report.Number, report.Month, report.State.ToString(),
            MonthlyReportService.StateName(report.State), figures, figures.Overview(), MonthlyText.Lines(report.Problems), report.Summary,
            report.Remarks, report.ReviewedBy, report.SubmittedAt, report.ForwardedAt));
    }
}
