using Jianguan.Platform.Clocks;
using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Analysis;

/// <summary>
/// Every figure of the dashboards as JSON under /api/analysis, with the same filters (issue 15, items 6 and 9). The
/// request itself is audited (a read of non-public data; an oversight officer's as <c>oversight.query</c>).
/// </summary>
public static class AnalysisEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/analysis").WithTags("大数据分析 / analysis")
            .RequireAuthorization(AnalysisPolicies.Read)
            .WithMetadata(new OversightQueryAttribute());
        group.MapGet("/prices", PricesAsync).WithName("AnalysisPrices")
            .WithSummary("价格分析：下浮率、分布、异常中标价、报价离散度、节约资金 / price analysis");
        group.MapGet("/market", MarketAsync).WithName("AnalysisMarket")
            .WithSummary("市场研判：集中度（HHI、CR4）、市场份额、中标率、进入退出、本地企业、依赖度、投标人数 / market assessment");
        group.MapGet("/efficiency", EfficiencyAsync).WithName("AnalysisEfficiency")
            .WithSummary("效能评估：各阶段用时、流标与重新招标、投诉、法定时限履行 / efficiency evaluation");
    }

    public static async Task<Results<Ok<PriceAnalysisResult>, ValidationProblem>> PricesAsync(
        JianguanDbContext db, CurrentDataScope scope, CancellationToken ct, string? from = null, string? to = null, string? category = null,
        string? region = null, string? department = null)
    {
        var filter = AnalysisFilter.Parse(from, to, category, region, department, out var problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        return TypedResults.Ok(PriceAnalysis.Compute(await AnalysisData.LoadAsync(db, await scope.GetAsync(ct), filter, ct)));
    }

    public static async Task<Results<Ok<MarketAnalysisResult>, ValidationProblem>> MarketAsync(
        JianguanDbContext db, CurrentDataScope scope, CancellationToken ct, string? from = null, string? to = null, string? category = null,
        string? region = null, string? department = null)
    {
        var filter = AnalysisFilter.Parse(from, to, category, region, department, out var problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        return TypedResults.Ok(MarketAnalysis.Compute(await AnalysisData.LoadAsync(db, await scope.GetAsync(ct), filter, ct)));
    }

    public static async Task<Results<Ok<EfficiencyAnalysisResult>, ValidationProblem>> EfficiencyAsync(
        JianguanDbContext db, CurrentDataScope scope, IEnumerable<IClockSubjectDirectory> directories, TimeProvider clock, CancellationToken ct,
        string? from = null, string? to = null, string? category = null, string? region = null, string? department = null)
    {
        var filter = AnalysisFilter.Parse(from, to, category, region, department, out var problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        return TypedResults.Ok(await EfficiencyAnalysis.ComputeAsync(db, directories, await scope.GetAsync(ct), filter, clock, ct));
    }
}
