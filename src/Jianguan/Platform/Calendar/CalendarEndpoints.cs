using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Platform.Calendar;

/// <summary>What the calendar says about one date.</summary>
/// <param name="Kind"><c>weekday</c>, <c>weekend</c>, <c>day-off</c> (statutory holiday) or <c>make-up-working-day</c> (调休上班).</param>
public sealed record WorkingDayResponse(DateOnly Date, bool IsWorkingDay, string Kind, string? Holiday);

/// <summary>A deadline rule of RULES §2.</summary>
/// <param name="Unit"><c>working</c> or <c>calendar</c> days.</param>
public sealed record DeadlineRuleResponse(string Code, string Name, int Count, string Unit, string CountText, string Start, string Basis, string? Note);

/// <summary>The due date of a rule for a start date.</summary>
public sealed record DeadlineResponse(string Rule, string Name, DateOnly Start, DateOnly Due, int Count, string Unit, string Basis, string? Note);

/// <summary>Read-only JSON API over the working-day calendar and the statutory deadlines.</summary>
public static class CalendarEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api").WithTags("Calendar");
        api.MapGet("/calendar/working-day", WorkingDayAsync).RequireAuthorization(Policies.SignedIn);
        api.MapGet("/deadlines", ListRules).RequireAuthorization(Policies.SignedIn);
        api.MapGet("/deadlines/{rule}", DueAsync).RequireAuthorization(Policies.SignedIn);
    }

    public static async Task<Results<Ok<WorkingDayResponse>, ProblemHttpResult>> WorkingDayAsync(
        string? date, CalendarService calendars, CancellationToken ct)
    {
        if (!TryParseDate(date, "date", out var day, out var problem))
        {
            return problem;
        }

        var calendar = await calendars.GetAsync(ct);
        var listed = calendar.Listed(day);
        var kind = listed is not null
            ? listed.IsOffDay ? "day-off" : "make-up-working-day"
            : day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? "weekend" : "weekday";
        return TypedResults.Ok(new WorkingDayResponse(day, calendar.IsWorkingDay(day), kind, listed?.Name));
    }

    public static Ok<DeadlineRuleResponse[]> ListRules() =>
        TypedResults.Ok(Deadlines.Rules
            .Select(r => new DeadlineRuleResponse(r.Code, r.Name, r.Count, UnitCode(r.Unit), r.CountText, r.Start, r.Basis, r.Note))
            .ToArray());

    public static async Task<Results<Ok<DeadlineResponse>, ProblemHttpResult>> DueAsync(
        string rule, string? start, CalendarService calendars, CancellationToken ct)
    {
        if (!Deadlines.TryGet(rule, out var found))
        {
            return TypedResults.Problem(
                $"未知的期限规则 \"{rule}\"，可选：{string.Join("、", Deadlines.Codes)} / unknown deadline rule; valid: {string.Join(", ", Deadlines.Codes)}",
                statusCode: StatusCodes.Status404NotFound,
                title: "未知的期限规则 / unknown deadline rule");
        }

        if (!TryParseDate(start, "start", out var day, out var problem))
        {
            return problem;
        }

        var calendar = await calendars.GetAsync(ct);
        return TypedResults.Ok(new DeadlineResponse(
            found.Code, found.Name, day, found.Due(day, calendar), found.Count, UnitCode(found.Unit), found.Basis, found.Note));
    }

    private static string UnitCode(DayCountUnit unit) => unit switch
    {
        DayCountUnit.WorkingDays => "working",
        DayCountUnit.CalendarDays => "calendar",
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    private static bool TryParseDate(string? value, string name, out DateOnly date, out ProblemHttpResult problem)
    {
        problem = null!;
        if (DateOnly.TryParseExact(value, HolidayFileParser.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        problem = TypedResults.Problem(
            string.IsNullOrEmpty(value)
                ? $"缺少参数 {name}，格式为 YYYY-MM-DD / missing query parameter {name} (YYYY-MM-DD)"
                : $"参数 {name} 的值 \"{value}\" 不是 YYYY-MM-DD 格式的日期 / {name} \"{value}\" is not a date in YYYY-MM-DD format",
            statusCode: StatusCodes.Status400BadRequest,
            title: "日期格式错误 / bad date");
        return false;
    }
}
