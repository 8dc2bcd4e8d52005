namespace Jianguan.Features.Clues;

/// <summary>Chinese names of the clue, referral and assistance codes, and parsing of the API's codes.</summary>
public static class ClueLabels
{
    public static string SourceName(ClueSource source) => source switch
    {
        ClueSource.MonthlyReport => "交易中心月报",
        ClueSource.Alert => "预警",
        ClueSource.Inspection => "抽查检查发现",
        ClueSource.Complaint => "投诉举报",
        ClueSource.Transfer => "其他部门移送",
        _ => "其他",
    };

    public static string StateName(ClueState state) => state switch
    {
        ClueState.Registered => "已登记",
        ClueState.Verifying => "联合核查中",
        ClueState.Concluded => "已形成结论",
        ClueState.Routed => "已移送",
        ClueState.Closed => "已办结（未发现违法违规）",
        _ => "未知",
    };

    public static string ActionName(ClueAction action) => action switch
    {
        ClueAction.Verify => "开始联合核查",
        ClueAction.Conclude => "形成核查结论",
        ClueAction.Route => "移送",
        ClueAction.Close => "办结（未发现违法违规）",
        _ => "未知",
    };

    public static string TeamUnitName(TeamUnit unit) => unit switch
    {
        TeamUnit.Supervising => "监管部门",
        TeamUnit.Enforcement => "执法大队",
        TeamUnit.Discipline => "纪检监察",
        TeamUnit.Police => "公安",
        _ => "其他",
    };

    public static string KindName(ReferralKind kind) => kind switch
    {
        ReferralKind.Penalty => "行政处罚（移送执法大队）",
        ReferralKind.Discipline => "违纪违规（移送纪检监察）",
        ReferralKind.Crime => "涉嫌犯罪（移送公安）",
        _ => "其他",
    };

    /// <summary>The unit kind a referral of this kind goes to.</summary>
    public static OrgKind Receiver(ReferralKind kind) => kind switch
    {
        ReferralKind.Penalty => OrgKind.Enforcement,
        ReferralKind.Discipline => OrgKind.Discipline,
        _ => OrgKind.Police,
    };

    public static string ReferralStateName(ReferralState state) => state switch
    {
        ReferralState.Pending => "待签收",
        ReferralState.Received => "已签收",
        ReferralState.Handling => "办理中",
        ReferralState.Done => "已办结",
        ReferralState.Returned => "退回",
        _ => "未知",
    };

    public static string ReferralActionName(ReferralAction action) => action switch
    {
        ReferralAction.Receive => "签收",
        ReferralAction.Handle => "开始办理",
        ReferralAction.Complete => "办结并答复",
        ReferralAction.Return => "退回",
        _ => "未知",
    };

    public static string AssistanceStateName(AssistanceState state, bool overdue) => state switch
    {
        AssistanceState.Answered => "已答复",
        _ => overdue ? "逾期" : "待答复",
    };

    public static bool TryParse<T>(string? value, out T result)
        where T : struct, Enum
    {
        result = default;
        var text = value?.Trim().Replace("-", "", StringComparison.Ordinal);
        return !string.IsNullOrEmpty(text) && !char.IsAsciiDigit(text[0]) && Enum.TryParse(text, ignoreCase: true, out result) && Enum.IsDefined(result);
    }
}
