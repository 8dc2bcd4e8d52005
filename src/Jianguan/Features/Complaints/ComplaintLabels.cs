namespace Jianguan.Features.Complaints;

/// <summary>Chinese names of the complaint module's codes (pages never show the codes).</summary>
public static class ComplaintLabels
{
    public static string KindName(ComplaintKind kind) => kind switch
    {
        ComplaintKind.Objection => "异议",
        ComplaintKind.Complaint => "投诉",
        ComplaintKind.Report => "举报",
        _ => kind.ToString(),
    };

    public static string ProcedureName(ComplaintProcedure procedure) => procedure switch
    {
        ComplaintProcedure.Construction => "工程建设",
        ComplaintProcedure.Procurement => "政府采购",
        _ => procedure.ToString(),
    };

    public static string StateName(ComplaintState state) => state switch
    {
        ComplaintState.Received => "已收到待受理",
        ComplaintState.NotAccepted => "不予受理",
        ComplaintState.Handling => "已受理处理中",
        ComplaintState.Suspended => "中止计时",
        ComplaintState.Decided => "已作出决定",
        ComplaintState.FeedbackGiven => "已反馈",
        ComplaintState.Closed => "已办结",
        ComplaintState.Duplicate => "重复投诉",
        _ => state.ToString(),
    };

    public static string ActionName(ComplaintAction action) => action switch
    {
        ComplaintAction.Accept => "受理",
        ComplaintAction.Reject => "不予受理",
        ComplaintAction.Suspend => "中止计时",
        ComplaintAction.Resume => "恢复计时",
        ComplaintAction.Decide => "作出决定",
        ComplaintAction.Feedback => "反馈投诉人",
        ComplaintAction.Close => "办结",
        _ => action.ToString(),
    };

    /// <summary>What the reason field of an action is called on the form.</summary>
    public static string ReasonLabel(ComplaintAction action) => action switch
    {
        ComplaintAction.Reject => "不予受理理由",
        ComplaintAction.Suspend => "中止理由（检验、检测、鉴定、专家评审）",
        ComplaintAction.Decide => "处理决定",
        ComplaintAction.Feedback => "反馈内容",
        _ => "说明",
    };

    public static string ChannelName(ComplaintChannelKind channel) => channel == ComplaintChannelKind.Public ? "网上提交" : "窗口登记";

    public static IReadOnlyList<ComplaintKind> Kinds { get; } = Enum.GetValues<ComplaintKind>();

    public static IReadOnlyList<ComplaintProcedure> Procedures { get; } = Enum.GetValues<ComplaintProcedure>();

    public static IReadOnlyList<ComplaintState> States { get; } = Enum.GetValues<ComplaintState>();

    public static bool TryParse<T>(string? value, out T result)
        where T : struct, Enum
    {
        result = default;
        return !string.IsNullOrWhiteSpace(value) && !int.TryParse(value, out _) && Enum.TryParse(value.Trim(), ignoreCase: true, out result);
    }
}
