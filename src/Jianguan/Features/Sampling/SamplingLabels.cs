namespace Jianguan.Features.Sampling;

/// <summary>Risk grades of the object pool; a batch sets one ratio per grade (RULES §4).</summary>
public static class SamplingGrades
{
    public const string High = "high";
    public const string MediumHigh = "medium-high";
    public const string Medium = "medium";
    public const string Low = "low";

    public static IReadOnlyList<string> All { get; } = [High, MediumHigh, Medium, Low];

    /// <summary>Henan 2021 (RULES §4): high 30 %, medium-high 10 %, medium 2 %, low 1 %; editable per batch.</summary>
    public static IReadOnlyDictionary<string, decimal> DefaultRatios { get; } = new Dictionary<string, decimal>
    {
        [High] = 0.30m,
        [MediumHigh] = 0.10m,
        [Medium] = 0.02m,
        [Low] = 0.01m,
    };

    public static string Name(string grade) => grade switch
    {
        High => "高风险",
        MediumHigh => "较高风险",
        Medium => "一般风险",
        Low => "低风险",
        _ => grade,
    };

    public static IReadOnlyList<string> CreditGrades { get; } = ["A", "B", "C", "D"];

    /// <summary>
    /// An object's key as a reader sees it: a credit code or a section code; a firm known by name only has the internal
    /// key "name:…", which is not shown (its name stands beside it).
    /// </summary>
    public static string KeyLabel(string key) => key.StartsWith("name:", StringComparison.Ordinal) ? "" : key;

    public static string KindName(string kind) => kind switch
    {
        "entity" => "市场主体",
        "section" => "标段（包）",
        "behaviour" => "交易行为",
        _ => kind,
    };
}

/// <summary>检查方式.</summary>
public static class InspectionMethods
{
    public static IReadOnlyList<string> All { get; } = ["网络监测", "书面检查", "实地核查", "委托专业机构"];
}

/// <summary>检查结果.</summary>
public static class InspectionResults
{
    public const string NoProblem = "未发现问题";
    public const string Problem = "发现问题";
    public const string NotFound = "未发现对象";

    public static IReadOnlyList<string> All { get; } = [NoProblem, Problem, NotFound];
}

/// <summary>The publication clock of one result (rule <c>sampling.publish</c>).</summary>
public enum PublishState
{
    NotDue,
    Open,
    DueSoon,
    Overdue,
    Published,
    Exempt,
}
