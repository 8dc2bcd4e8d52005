using System.Security.Claims;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Trading;

/// <summary>The trading-data JSON API: the same reads as the pages, and the upload for machine clients.</summary>
public static class TradingEndpoints
{
    public static void AddTrading(IServiceCollection services) => services.AddScoped<Import.ImportHandler>();

    public static RouteGroupBuilder MapTradingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Policies per endpoint, not on the group: policies combine with AND, and a push-only machine token must
        // reach the import without being able to read.
        var group = endpoints.MapGroup("/api/trading")
            .WithTags("交易数据 / trading data");
        group.MapGet("/projects", ListProjects).WithName("ListProjects").WithMetadata(new OversightQueryAttribute()).WithSummary("项目列表（检索、筛选、分页） / list projects").RequireAuthorization(Policies.TradingRead);
        group.MapGet("/projects/{id:long}", GetProject).WithName("GetProject").WithMetadata(new OversightQueryAttribute()).WithSummary("项目及其标段 / a project with its sections").RequireAuthorization(Policies.TradingRead);
        group.MapGet("/sections", ListSections).WithName("ListSections").WithMetadata(new OversightQueryAttribute()).WithSummary("标段列表 / list sections").RequireAuthorization(Policies.TradingRead);
        group.MapGet("/sections/{id:long}", GetSection).WithName("GetSection").WithMetadata(new OversightQueryAttribute()).WithSummary("标段详情：投标、文件特征、候选人 / a section with bids, fingerprints and candidates").RequireAuthorization(Policies.TradingRead);
        group.MapPost("/import", Import)
            .WithName("ImportTradingFiles")
            .WithSummary("上传交易数据文件（CSV/XLSX/JSON/JSONL） / upload trading files")
            .RequireAuthorization(Policies.TradingImport)
            .Accepts<IFormFileCollection>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(UploadedImport.MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: UploadedImport.MaxRequestBytes)
            // The middleware's check is off because machine clients have no anti-forgery token to send; cookie
            // callers must send one (issue 17, item 9), and their Origin is checked (CookieWriteGuard).
            .DisableAntiforgery()
            .RequireAntiforgeryForCookies();
        return group;
    }

    public static async Task<Results<Ok<PagedResult<ProjectListItem>>, ValidationProblem>> ListProjects(
        JianguanDbContext db, CurrentDataScope scope, CancellationToken ct, string? q = null, string? category = null, string? region = null,
        DateOnly? from = null, DateOnly? to = null, int page = 1)
    {
        TradingCategory? parsed = null;
        if (!string.IsNullOrWhiteSpace(category))
        {
            if (!TradingLabels.TryParseCategory(category, out var c))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["category"] = [$"未知的交易类别 / unknown category: {category}; 可选 / one of: {string.Join(", ", TradingLabels.Categories)}"],
                });
            }

            parsed = c;
        }

        var dates = new Dictionary<string, string[]>();
        foreach (var (name, day) in new[] { ("from", from), ("to", to) })
        {
            if (Platform.Time.ChinaTime.FilterProblem(day) is { } problem)
            {
                dates[name] = [problem];
            }
        }

        if (dates.Count > 0)
        {
            return TypedResults.ValidationProblem(dates);
        }

        return TypedResults.Ok(await TradingQueries.ListProjectsAsync(db, await scope.GetAsync(ct), new ProjectFilter(q, parsed, region, from, to, page), ct));
    }

    public static async Task<Results<Ok<ProjectDetail>, NotFound>> GetProject(long id, JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
        await TradingQueries.GetProjectAsync(db, await scope.GetAsync(ct), id, ct) is { } project ? TypedResults.Ok(project) : TypedResults.NotFound();

    public static async Task<Ok<PagedResult<SectionListItem>>> ListSections(
        JianguanDbContext db, CurrentDataScope scope, CancellationToken ct, string? q = null, long? projectId = null, int page = 1) =>
        TypedResults.Ok(await TradingQueries.ListSectionsAsync(db, await scope.GetAsync(ct), new SectionFilter(q, projectId, page), ct));

    public static async Task<Results<Ok<SectionDetail>, NotFound>> GetSection(long id, JianguanDbContext db, CurrentDataScope scope, CancellationToken ct) =>
        await TradingQueries.GetSectionAsync(db, await scope.GetAsync(ct), id, ct) is { } section ? TypedResults.Ok(section) : TypedResults.NotFound();

    /// <summary>Multipart upload: one or more files (any field name) and an optional <c>partial=true</c> field.</summary>
    public static async Task<Results<Ok<ImportSummary>, UnprocessableEntity<ImportSummary>, ValidationProblem>> Import(
        HttpRequest request, ImportHandler imports, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["files"] = ["需要 multipart/form-data 上传 / a multipart/form-data upload is required"],
            });
        }

        var form = await request.ReadFormAsync(ct);
        var files = form.Files.ToList();
        if (UploadedImport.Validate(files) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = [error] });
        }

        var partial = bool.TryParse(form["partial"].ToString(), out var p) && p;
        var result = await imports.ImportUploadsAsync(files, new ImportRequest(AuditActor.From(request.HttpContext), user.Identity?.Name, partial), ct);
        return UploadedImport.IsRejected(result.Summary, partial)
            ? TypedResults.UnprocessableEntity(result.Summary)
            : TypedResults.Ok(result.Summary);
    }
}
