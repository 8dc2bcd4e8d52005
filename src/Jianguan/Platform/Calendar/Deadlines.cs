namespace Jianguan.Platform.Calendar;

/// <summary>How a period is counted.</summary>
public enum DayCountUnit
{
    /// <summary>N-th working day after the start (工作日).</summary>
    WorkingDays,

    /// <summary>Start + N days, moved to the next working day when that is a day off (日).</summary>
    CalendarDays,
}

/// <summary>One statutory time limit (RULES §2): the event that starts the clock, the count, and its legal basis.</summary>
/// <param name="Code">Stable product code used by the CLI and the API, e.g. <c>complaint.accept</c>.</param>
/// <param name="Name">Chinese name of the deadline.</param>
/// <param name="Start">Chinese description of the event that starts the clock.</param>
/// <param name="Basis">The statute and article.</param>
/// <param name="Note">What the count excludes or how it is applied, when the statute says so.</param>
public sealed record DeadlineRule(string Code, string Name, int Count, DayCountUnit Unit, string Start, string Basis, string? Note = null)
{
    /// <summary>"3 个工作日" / "10 日".</summary>
    public string CountText => Unit switch
    {
        DayCountUnit.WorkingDays => $"{Count} 个工作日",
        DayCountUnit.CalendarDays => $"{Count} 日",
        _ => throw new InvalidOperationException($"unknown unit {Unit}"),
    };

    /// <summary>The last day of the period that starts on <paramref name="start"/> (the start day not counted).</summary>
    public DateOnly Due(DateOnly start, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Unit switch
        {
            DayCountUnit.WorkingDays => calendar.AddWorkingDays(start, Count),
            DayCountUnit.CalendarDays => calendar.AddCalendarDays(start, Count),
            _ => throw new InvalidOperationException($"unknown unit {Unit}"),
        };
    }
}

/// <summary>The statutory deadlines the platform tracks (RULES §2), as data. Cases build their clocks on these rules.</summary>
public static class Deadlines
{
    public const string ObjectionAnswer = "objection.answer";
    public const string ComplaintFile = "complaint.file";
    public const string ComplaintAccept = "complaint.accept";
    public const string ComplaintDecide = "complaint.decide";
    public const string GpQuestionReply = "gp.question.reply";
    public const string GpComplaintReview = "gp.complaint.review";
    public const string GpComplaintDecide = "gp.complaint.decide";
    public const string SamplingPublish = "sampling.publish";
    public const string LiaisonUpdate = "liaison.update";
    public const string PenaltyDecide = "penalty.decide";
    public const string ReportAccept = "report.accept";

    private const string Regulation = "《中华人民共和国招标投标法实施条例》";
    private const string ProcurementLaw = "《中华人民共和国政府采购法》";
    private const string HaikouNotice = "海口市《关于进一步落实公共资源交易协同监管的通知》";

    /// <summary>The rule table, in the order of RULES §2.</summary>
    public static IReadOnlyList<DeadlineRule> Rules { get; } =
    [
        new(ObjectionAnswer, "异议答复", 3, DayCountUnit.CalendarDays,
            "收到异议之日", Regulation + "第二十二条"),
        new(ComplaintFile, "投诉期限", 10, DayCountUnit.CalendarDays,
            "投诉人知道或者应当知道其权益受到侵害之日", Regulation + "第六十条"),
        new(ComplaintAccept, "投诉受理决定", 3, DayCountUnit.WorkingDays,
            "收到投诉之日", Regulation + "第六十一条"),
        new(ComplaintDecide, "投诉处理决定", 30, DayCountUnit.WorkingDays,
            "受理投诉之日", Regulation + "第六十一条",
            "需要检验、检测、鉴定、专家评审的，所需时间不计算在内"),
        new(GpQuestionReply, "政府采购质疑答复", 7, DayCountUnit.WorkingDays,
            "收到供应商书面质疑之日", ProcurementLaw + "第五十三条"),
        new(GpComplaintReview, "政府采购投诉审查", 5, DayCountUnit.WorkingDays,
            "收到投诉书之日", "《政府采购质疑和投诉办法》（财政部令第94号）第二十一条"),
        new(GpComplaintDecide, "政府采购投诉处理决定", 30, DayCountUnit.WorkingDays,
            "收到投诉之日", ProcurementLaw + "第五十六条"),
        new(SamplingPublish, "抽查结果公示", 20, DayCountUnit.WorkingDays,
            "抽查检查完成之日", HaikouNotice + "三（七）；《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）",
            "依法不予公开的除外，须记录理由"),
        new(LiaisonUpdate, "联络人变更报送", 3, DayCountUnit.WorkingDays,
            "责任领导或联络员调整确定之日", HaikouNotice + "七（十七）"),
        new(PenaltyDecide, "行政处罚决定", 90, DayCountUnit.CalendarDays,
            "行政处罚案件立案之日", "《中华人民共和国行政处罚法》第六十条"),
        new(ReportAccept, "举报受理决定", 7, DayCountUnit.WorkingDays,
            "收到举报之日", "《市场监督管理投诉举报处理暂行办法》第十四条（参照执行）"),
    ];

    private static readonly Dictionary<string, DeadlineRule> ByCode = Rules.ToDictionary(r => r.Code, StringComparer.Ordinal);

    /// <summary>The rule codes, in table order.</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. Rules.Select(r => r.Code)];

    public static bool TryGet(string code, out DeadlineRule rule) => ByCode.TryGetValue(code, out rule!);

    /// <summary>The rule with this code; <see cref="KeyNotFoundException"/> naming the valid codes otherwise.</summary>
    public static DeadlineRule Get(string code) =>
        ByCode.TryGetValue(code, out var rule)
            ? rule
            : throw new KeyNotFoundException($"未知的期限规则 \"{code}\" / unknown deadline rule \"{code}\"; 可选 / valid: {string.Join(", ", Codes)}");

    /// <summary>The due date on the embedded calendar.</summary>
    public static DateOnly Due(string code, DateOnly start) => Get(code).Due(start, WorkingCalendar.Embedded);

    /// <summary>The due date on the given calendar (embedded data plus administrator overrides, see <see cref="CalendarService"/>).</summary>
    public static DateOnly Due(string code, DateOnly start, WorkingCalendar calendar) => Get(code).Due(start, calendar);
}
