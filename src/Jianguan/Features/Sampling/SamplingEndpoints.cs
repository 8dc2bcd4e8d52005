using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Sampling;

public sealed record DrawCommitmentView(long Id, string Title, string Status, string Commitment, string PoolHash, string ParametersHash, string ServerSeedHash,
    DateTimeOffset CommittedAt, string? PublicInput, DateTimeOffset? DrawnAt);

public sealed record PublicResult(long Id, long DrawId, string Object, string Kind, string Department, string Method, string Result, string Findings,
    DateOnly CompletedOn, DateTimeOffset PublishedAt);

/// <summary>The sampling JSON API: commitments and published results are public; draw records need SamplingRead.</summary>
public static class SamplingEndpoints
{
    public static RouteGroupBuilder MapSamplingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/sampling").WithTags("双随机抽查 / random inspections");
        group.MapGet("/draws/{id:long}/commitment", GetCommitment).RequireAuthorization(Policies.Public)
            .WithName("GetDrawCommitment").WithSummary("抽取前公布的承诺值 / the commitment published before a draw");
        group.MapGet("/draws/{id:long}/record", GetRecord).RequireAuthorization(Policies.SamplingRead)
            .WithName("GetDrawRecord").WithSummary("完整抽取记录（可用 jianguan draw verify 验证）/ the full draw record");
        group.MapGet("/results", ListResults).RequireAuthorization(Policies.Public)
            .WithName("ListPublishedResults").WithSummary("已公示的抽查结果 / published inspection results");
        return group;
    }

    public static async Task<Results<Ok<DrawCommitmentView>, NotFound>> GetCommitment(long id, JianguanDbContext db, CancellationToken ct)
    {
        var d = await db.SamplingDraws.AsNoTracking().Include(x => x.Batch).ThenInclude(b => b!.Plan).SingleOrDefaultAsync(x => x.Id == id, ct);
        return d is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new DrawCommitmentView(d.Id, $"{d.Batch!.Plan!.Title} · {d.Batch.Name}", d.Status, d.Commitment, d.PoolHash, d.ParametersHash,
                d.ServerSeedHash, d.CommittedAt, d.PublicInput, d.DrawnAt));
    }

    public static async Task<Results<ContentHttpResult, NotFound, Conflict<string>>> GetRecord(long id, JianguanDbContext db, CancellationToken ct)
    {
        var d = await db.SamplingDraws.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (d is null)
        {
            return TypedResults.NotFound();
        }

        return d.RecordJson is null
            ? TypedResults.Conflict("尚未抽取 / not drawn yet")
            : TypedResults.Text(d.RecordJson, "application/json; charset=utf-8");
    }

    public static async Task<Ok<List<PublicResult>>> ListResults(JianguanDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await PublishedAsync(db, ct));

    /// <summary>Published, non-exempt results; the objects are named, the inspectors are not.</summary>
    public static Task<List<PublicResult>> PublishedAsync(JianguanDbContext db, CancellationToken ct) =>
        Project(Published(db)).Take(500).ToListAsync(ct);

    /// <summary>
    /// Published, non-exempt results, newest first, optionally of one result kind and with <paramref name="q"/> in
    /// the object's name or the department (the public page filters and pages this).
    /// </summary>
    public static IQueryable<SamplingAssignment> Published(JianguanDbContext db, string? q = null, string? result = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.SamplingAssignments.AsNoTracking()
            .Where(a => a.PublishedAt != null && !a.Exempt && a.Result != null && a.CompletedOn != null);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(a => a.ObjectName.Contains(text) || a.ObjectKey.Contains(text) || a.Department.Contains(text));
        }

        if (!string.IsNullOrWhiteSpace(result))
        {
            query = query.Where(a => a.Result == result);
        }

        return query.OrderByDescending(a => a.CompletedOn).ThenBy(a => a.Id);
    }

    public static IQueryable<PublicResult> Project(IQueryable<SamplingAssignment> query) =>
        query.Select(a => new PublicResult(a.Id, a.DrawId, a.ObjectName == "" ? a.ObjectKey : a.ObjectName, a.ObjectKind, a.Department,
            a.Method ?? "", a.Result!, a.Findings ?? "", a.CompletedOn!.Value, a.PublishedAt!.Value));

    /// <summary>The record as exported by <c>jianguan draw export</c>.</summary>
    public static JsonNode? RecordOf(SamplingDraw draw) => draw.RecordJson is null ? null : JsonNode.Parse(draw.RecordJson);
}
