using Jianguan.Features.Governance.Meetings;
using Jianguan.Platform.Time;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Governance;

public sealed record MeetingSummary(long Id, string Number, string Kind, string? Reason, string State, string Title, string? RequestedBy,
    DateOnly? ScheduledOn, DateOnly? HeldOn, string Link);

public sealed record MeetingTaskSummary(long Id, string Decision, string Title, int OwnerUnitId, string OwnerUnit, DateOnly DueOn, string State,
    bool Overdue, DateOnly? DoneOn, string Link);

public sealed record MeetingRequestBody(string? Reason, string? Title, string? Background);

/// <summary>The governance JSON API (ADR-018): meetings, their tasks, and a member unit's meeting request.</summary>
public static class GovernanceEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/meetings").WithTags("联席会议 / joint meetings");
        endpoints.MapGet("/api/meetings", List).WithTags("联席会议 / joint meetings").RequireAuthorization(GovernancePolicies.Member).WithName("ListMeetings")
            .WithSummary("联席会议列表（最近 200 次） / joint meetings, newest first");
        group.MapGet("/tasks", Tasks).RequireAuthorization(GovernancePolicies.Member).WithName("ListMeetingTasks")
            .WithSummary("联席会议交办任务（overdue=true 只列逾期） / tasks decided by meetings");
        endpoints.MapPost("/api/meetings", Request).WithTags("联席会议 / joint meetings").RequireAuthorization(GovernancePolicies.Member).WithName("RequestMeeting")
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .WithSummary("成员单位提请召开临时会议（MajorRisk|ProminentProblem|UnclearDuty） / a member unit requests an extra meeting");
    }

    private static MeetingSummary Summary(Meeting m) => new(m.Id, m.Number, GovernanceLabels.KindName(m.Kind),
        m.Reason is null ? null : GovernanceLabels.ReasonName(m.Reason), GovernanceLabels.StateName(m.State), m.Title, m.RequestedByUnit?.Name,
        m.ScheduledOn, m.HeldOn, MeetingService.Link(m.Id));

    public static async Task<Ok<List<MeetingSummary>>> List(JianguanDbContext db, CancellationToken ct)
    {
        var rows = await db.Set<Meeting>().AsNoTracking().Include(m => m.RequestedByUnit).OrderByDescending(m => m.RequestedAt).ThenByDescending(m => m.Id)
            .Take(200).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(Summary).ToList());
    }

    public static async Task<Ok<List<MeetingTaskSummary>>> Tasks(JianguanDbContext db, TimeProvider time, CancellationToken ct, bool overdue = false)
    {
        var today = ChinaTime.Today(time);
        var query = db.Set<MeetingTask>().AsNoTracking().Include(t => t.OwnerUnit).Include(t => t.Decision).AsQueryable();
        if (overdue)
        {
            query = query.Where(t => t.State == MeetingTaskState.Open && t.DueOn < today);
        }

        var rows = await query.OrderBy(t => t.DueOn).ThenBy(t => t.Id).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(t => new MeetingTaskSummary(t.Id, t.Decision!.Number, t.Title, t.OwnerUnitId, t.OwnerUnit!.Name, t.DueOn,
            GovernanceLabels.TaskStateName(t.State), t.State == MeetingTaskState.Open && t.DueOn < today, t.DoneOn,
            MeetingService.Link(t.Decision.MeetingId))).ToList());
    }

    public static async Task<Results<Created<MeetingSummary>, ValidationProblem, ProblemHttpResult>> Request(MeetingRequestBody body, JianguanDbContext db,
        AuditTrail audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(http);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var unit = await MeetingService.UnitOfAsync(db, http.User, ct);
        try
        {
            var m = await MeetingService.RequestAsync(db, audit, AuditActor.From(http), unit,
                GovernanceLabels.TryParse<MeetingReason>(body.Reason, out var r) ? r : null, body.Title, body.Background, time.GetUtcNow(), ct: ct);
            var loaded = await db.Set<Meeting>().AsNoTracking().Include(x => x.RequestedByUnit).FirstAsync(x => x.Id == m.Id, ct);
            return TypedResults.Created(MeetingService.Link(m.Id), Summary(loaded));
        }
        catch (GovernanceException e) when (e.Field is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [char.ToLowerInvariant(e.Field[0]) + e.Field[1..]] = [e.Message] });
        }
        catch (GovernanceException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
    }
}
