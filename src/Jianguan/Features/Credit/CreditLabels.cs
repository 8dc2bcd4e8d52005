namespace Jianguan.Features.Credit;

/// <summary>Chinese names of the credit module's codes (pages never show the codes).</summary>
public static class CreditLabels
{
    public static string SubjectTypeName(CreditSubjectType type) => type == CreditSubjectType.Person ? "自然人" : "法人及其他组织";

    public static string SeverityName(BlacklistSeverity severity) => severity switch
    {
        BlacklistSeverity.Minor => "轻微",
        BlacklistSeverity.General => "一般",
        BlacklistSeverity.Serious => "严重",
        _ => severity.ToString(),
    };

    /// <summary>The period a severity allows (RULES §5), in the user's words.</summary>
    public static string SeverityPeriod(BlacklistSeverity severity) => severity switch
    {
        BlacklistSeverity.Minor => "不超过 3 个月",
        BlacklistSeverity.General => "3 个月至 1 年",
        BlacklistSeverity.Serious => "1 年至 3 年",
        _ => "",
    };

    public static string StateName(BlacklistState state) => state switch
    {
        BlacklistState.Active => "惩戒期内",
        BlacklistState.Expired => "期满移出",
        BlacklistState.Repaired => "信用修复移出",
        BlacklistState.Revoked => "已撤销",
        _ => state.ToString(),
    };

    public static string ActionName(BlacklistAction action) => action switch
    {
        BlacklistAction.Expire => "期满移出",
        BlacklistAction.Repair => "信用修复",
        BlacklistAction.Revoke => "撤销列入",
        _ => action.ToString(),
    };

    public static string PenaltyStateName(PenaltyState state) => state switch
    {
        PenaltyState.Registered => "已登记未公开",
        PenaltyState.Published => "已公开",
        PenaltyState.Withdrawn => "已撤回",
        _ => state.ToString(),
    };

    public static string PenaltyActionName(PenaltyAction action) => action switch
    {
        PenaltyAction.Publish => "公开并抄送",
        PenaltyAction.Withdraw => "撤回公开",
        _ => action.ToString(),
    };

    public static string ConfidentialityName(Confidentiality level) => level switch
    {
        Confidentiality.Internal => "内部",
        Confidentiality.Sensitive => "敏感",
        Confidentiality.Restricted => "受控",
        _ => level.ToString(),
    };

    public static string RequestStateName(InfoRequestState state) => state switch
    {
        InfoRequestState.Pending => "待审批",
        InfoRequestState.Approved => "已同意",
        InfoRequestState.Refused => "不予提供",
        _ => state.ToString(),
    };

    public static string RequestActionName(InfoRequestAction action) => action switch
    {
        InfoRequestAction.Approve => "同意提供",
        InfoRequestAction.Refuse => "不予提供",
        _ => action.ToString(),
    };

    public static bool TryParse<T>(string? value, out T result)
        where T : struct, Enum
    {
        result = default;
        return !string.IsNullOrWhiteSpace(value) && !int.TryParse(value, out _) && Enum.TryParse(value.Trim(), ignoreCase: true, out result);
    }
}

/// <summary>The credit module's policies (registered through <see cref="Modules"/>).</summary>
public static class CreditPolicies
{
    /// <summary>Read the blacklist, penalty decisions and their copies: the office, member units and oversight bodies.</summary>
    public const string Read = "credit-read";

    /// <summary>Register and publish decisions, list, repair and revoke entries, import the national list.</summary>
    public const string Manage = "credit-manage";

    /// <summary>Ask another member unit for non-public information, and answer requests addressed to one's unit.</summary>
    public const string Share = "credit-share";

    /// <summary>The accountability view and report: the office (公管办), unit leaders and the oversight bodies.</summary>
    public const string Accountability = "accountability-read";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Read] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Justice, Roles.TradingCenter, Roles.Enforcement,
            Roles.Discipline, Roles.Audit, Roles.Police,
        ],
        [Manage] = [Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Enforcement],
        [Share] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Justice, Roles.TradingCenter, Roles.Enforcement,
            Roles.Discipline, Roles.Audit, Roles.Police,
        ],
        [Accountability] = [Roles.OfficeAdmin, Roles.MemberLeader, Roles.Discipline, Roles.Audit],
    };
}
