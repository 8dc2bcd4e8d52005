using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Time;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Features.Complaints;

/// <summary>A state change: the action (accept, reject, suspend, resume, decide, feedback, close), its text, its day.</summary>
public sealed record ComplaintTransitionRequest(string? Action, string? Text, DateOnly? On);

public sealed record ComplaintClue(long Id, string Number, string Link);

public sealed record ComplaintCreated(long Id, string Number, string State, string? DuplicateOf, string ReceiptCode);

/// <summary>The complaints JSON API (ADR-015) and the module's services.</summary>
public static class ComplaintEndpoints
{
    public static void AddComplaints(IServiceCollection services) =>
        services.AddScoped<IClockSubjectDirectory, ComplaintClockDirectory>();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/complaints").WithTags("投诉举报 / complaints");
        endpoints.MapGet("/api/complaints", List).WithTags("投诉举报 / complaints").RequireAuthorization(ComplaintWorkflow.ReadPolicy).WithName("ListComplaints")
            .WithSummary("投诉举报列表（类别、状态、部门、逾期筛选；投诉人仅显示脱敏信息） / list complaints (complainant masked)")
            .WithDescription("kind: Objection|Complaint|Report；state: Received|NotAccepted|Handling|Suspended|Decided|FeedbackGiven|Closed|Duplicate；department: 部门 id；overdue: true 只列逾期。");
        group.MapGet("/{id:long}", Get).RequireAuthorization(ComplaintWorkflow.ReadPolicy).WithName("GetComplaint")
            .WithSummary("投诉举报详情：期限、剩余工作日、处理记录（投诉人脱敏） / a complaint with clocks and history (complainant masked)");
        endpoints.MapPost("/api/complaints", Create).WithTags("投诉举报 / complaints").RequireAuthorization(ComplaintWorkflow.HandlePolicy).WithName("CreateComplaint")
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .WithSummary("窗口登记投诉举报（本部门） / staff intake for the caller's department");
        group.MapPost("/{id:long}/transitions", Transition).RequireAuthorization(ComplaintWorkflow.HandlePolicy).WithName("TransitionComplaint")
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .WithSummary("状态变更（受理、不予受理、中止、恢复、决定、反馈、办结） / a state transition");
        group.MapPost("/{id:long}/clue", ToClue).RequireAuthorization(ComplaintWorkflow.HandlePolicy, Clues.CluePolicies.Manage).WithName("ComplaintToClue")
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .WithSummary("已受理或已决定的投诉举报转为线索（每件一次，不含投诉人信息） / turn an accepted or decided complaint into a clue, once");
    }

    /// <summary>The clue of an accepted or decided complaint, registered once by the receiving department (ADR-016).</summary>
    public static async Task<Results<Created<ComplaintClue>, NotFound, ProblemHttpResult>> ToClue(long id, JianguanDbContext db, AuditTrail audit,
        HttpContext http, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var scope = await ComplaintScope.ForAsync(db, http.User, ct);
        var complaint = await scope.Apply(db.Set<Complaint>().AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (complaint is null)
        {
            return TypedResults.NotFound();
        }

        if (!scope.CanHandle(complaint))
        {
            return TypedResults.Problem("只有受理部门的承办人员可以处理 / only the receiving department handles it", statusCode: StatusCodes.Status403Forbidden);
        }

        try
        {
            var clue = await Clues.ClueSources.FromComplaintAsync(db, audit, AuditActor.From(http), id, time.GetUtcNow(), ct);
            var link = "/Clues/" + clue.Id.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Created(link, new ComplaintClue(clue.Id, clue.Number, link));
        }
        catch (Clues.ClueException e)
        {
            return TypedResults.Problem(e.Message, statusCode: e.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                title: "不能转为线索 / refused");
        }
    }

    public static async Task<Results<Ok<ComplaintListPage>, ValidationProblem>> List(JianguanDbContext db, HttpContext http, CalendarService calendars,
        TimeProvider time, CancellationToken ct, string? kind = null, string? state = null, int? department = null, bool overdue = false,
        string? q = null, int page = 1)
    {
        var errors = new Dictionary<string, string[]>();
        ComplaintKind? k = null;
        ComplaintState? s = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (ComplaintLabels.TryParse<ComplaintKind>(kind, out var parsed))
            {
                k = parsed;
            }
            else
            {
                errors["kind"] = ["未知的类别 / unknown kind; one of: " + string.Join(", ", Enum.GetNames<ComplaintKind>())];
            }
        }

        if (!string.IsNullOrWhiteSpace(state))
        {
            if (ComplaintLabels.TryParse<ComplaintState>(state, out var parsed))
            {
                s = parsed;
            }
            else
            {
                errors["state"] = ["未知的状态 / unknown state; one of: " + string.Join(", ", Enum.GetNames<ComplaintState>())];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var scope = await ComplaintScope.ForAsync(db, http.User, ct);
        return TypedResults.Ok(await ComplaintQueries.ListAsync(db, scope, new ComplaintFilter(k, s, department, overdue, q, page),
            await calendars.GetAsync(ct), ChinaTime.Today(time), ct: ct));
    }

    public static async Task<Results<Ok<ComplaintDetail>, NotFound>> Get(long id, JianguanDbContext db, HttpContext http, CalendarService calendars,
        TimeProvider time, CancellationToken ct)
    {
        var scope = await ComplaintScope.ForAsync(db, http.User, ct);
        return await ComplaintQueries.GetAsync(db, scope, id, await calendars.GetAsync(ct), ChinaTime.Today(time), ct) is { } d
            ? TypedResults.Ok(d)
            : TypedResults.NotFound();
    }

    /// <summary>Staff intake through the API: the caller's department receives it.</summary>
    public sealed record CreateRequest(string? Kind, string? Procedure, string? Title, string? Content, string? ProjectCode, string? SectionCode,
        string? LinkedNumber, string? ComplainantName, string? ComplainantIdNumber, string? ComplainantPhone, string? ComplainantEmail,
        string? ComplainantAddress, DateOnly? ReceivedOn);

    public static async Task<Results<Created<ComplaintCreated>, ValidationProblem, ProblemHttpResult>> Create(CreateRequest body, JianguanDbContext db,
        AuditTrail audit, CalendarService calendars, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var scope = await ComplaintScope.ForAsync(db, http.User, ct);
        if (scope.DepartmentId is null)
        {
            return TypedResults.Problem("账户未关联部门，不能登记 / the account has no department", statusCode: StatusCodes.Status403Forbidden);
        }

        var input = new ComplaintInput(
            ComplaintLabels.TryParse<ComplaintKind>(body.Kind, out var k) ? k : null,
            ComplaintLabels.TryParse<ComplaintProcedure>(body.Procedure, out var p) ? p : null,
            scope.DepartmentId, body.Title, body.Content, body.ProjectCode, body.SectionCode, body.LinkedNumber, body.ComplainantName,
            body.ComplainantIdNumber, body.ComplainantPhone, body.ComplainantEmail, body.ComplainantAddress, body.ReceivedOn);
        var errors = ComplaintWorkflow.Validate(input);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));
        }

        try
        {
            var (c, code) = await ComplaintWorkflow.FileAsync(db, audit, AuditActor.From(http), await calendars.GetAsync(ct), input,
                ComplaintChannelKind.Staff, time.GetUtcNow(), ct);
            var duplicateOf = c.DuplicateOfId is { } d ? await db.Set<Complaint>().Where(x => x.Id == d).Select(x => x.Number).FirstAsync(ct) : null;
            return TypedResults.Created(ComplaintWorkflow.Link(c.Id), new ComplaintCreated(c.Id, c.Number, c.State.ToString(), duplicateOf, code));
        }
        catch (ComplaintException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Camel(e.Field ?? "input")] = [e.Message] });
        }
    }

    public static async Task<Results<Ok<ComplaintDetail>, NotFound, ValidationProblem, ProblemHttpResult>> Transition(long id,
        ComplaintTransitionRequest body, JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time, HttpContext http,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (JsonAntiforgery.Refused(http))
        {
            return JsonAntiforgery.Problem();
        }

        var scope = await ComplaintScope.ForAsync(db, http.User, ct);
        var complaint = await scope.Apply(db.Set<Complaint>().AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (complaint is null)
        {
            return TypedResults.NotFound();
        }

        if (!scope.CanHandle(complaint))
        {
            return TypedResults.Problem("只有受理部门的承办人员可以处理 / only the receiving department handles it", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!ComplaintLabels.TryParse<ComplaintAction>(body.Action, out var action))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["action"] = ["未知的操作 / unknown action; one of: " + string.Join(", ", Enum.GetNames<ComplaintAction>())],
            });
        }

        var calendar = await calendars.GetAsync(ct);
        try
        {
            await ComplaintWorkflow.ApplyAsync(db, audit, AuditActor.From(http), calendar, id, action, body.Text, body.On, time.GetUtcNow(), ct);
        }
        catch (ComplaintException e) when (e.Field is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Camel(e.Field)] = [e.Message] });
        }
        catch (ComplaintException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "不允许的状态变更 / transition refused");
        }

        return TypedResults.Ok((await ComplaintQueries.GetAsync(db, scope, id, calendar, ChinaTime.Today(time), ct))!);
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
