namespace Jianguan.Features.Governance;

/// <summary>Who may do what in the governance module (ADR-018): policy → roles.</summary>
public static class GovernancePolicies
{
    /// <summary>Read meetings, tasks, the power list and the directory; request meetings; act for the own unit.</summary>
    public const string Member = "governance-member";

    /// <summary>The office (公管办): schedule and hold meetings, record decisions, the annual report.</summary>
    public const string Office = "governance-office";

    /// <summary>Keep the power list (the office for every department, a member unit for its own).</summary>
    public const string PowerListEdit = "powerlist-edit";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Member] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Justice, Roles.TradingCenter, Roles.Enforcement,
            Roles.Discipline, Roles.Audit, Roles.Police,
        ],
        [Office] = [Roles.OfficeAdmin],
        [PowerListEdit] = [Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader],
    };

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Member] = "联席会议、权责清单与联络通讯录（成员单位）",
        [Office] = "召集联席会议、记录决定与年度报告",
        [PowerListEdit] = "维护权责清单",
    };
}

/// <summary>Chinese names of the module's codes (pages never show the codes).</summary>
public static class GovernanceLabels
{
    public static string KindName(MeetingKind kind) => kind switch
    {
        MeetingKind.Regular => "例会",
        MeetingKind.Extra => "临时会议",
        _ => kind.ToString(),
    };

    public static string ReasonName(MeetingReason? reason) => reason switch
    {
        MeetingReason.MajorRisk => "重大风险",
        MeetingReason.ProminentProblem => "突出问题",
        MeetingReason.UnclearDuty => "职责不清",
        null => "—",
        _ => reason.ToString()!,
    };

    public static string StateName(MeetingState state) => state switch
    {
        MeetingState.Proposed => "待召集",
        MeetingState.Scheduled => "已安排",
        MeetingState.Held => "已召开",
        MeetingState.Declined => "不予召开",
        _ => state.ToString(),
    };

    public static string ActionName(MeetingAction action) => action switch
    {
        MeetingAction.Schedule => "安排会议",
        MeetingAction.Hold => "记录召开情况",
        MeetingAction.Decline => "不予召开",
        _ => action.ToString(),
    };

    public static string TaskStateName(MeetingTaskState state) => state switch
    {
        MeetingTaskState.Open => "办理中",
        MeetingTaskState.Done => "已完成",
        _ => state.ToString(),
    };

    public static string PlanName(ApprovedPlan plan) => plan switch
    {
        ApprovedPlan.None => "—",
        ApprovedPlan.SupervisionPlan => "年度监管计划",
        ApprovedPlan.SamplingPlan => "双随机抽查年度计划",
        _ => plan.ToString(),
    };

    public static string PowerKindName(PowerKind kind) => kind switch
    {
        PowerKind.License => "行政许可",
        PowerKind.Penalty => "行政处罚",
        PowerKind.Inspection => "行政检查",
        PowerKind.Coercion => "行政强制",
        PowerKind.Other => "其他",
        _ => kind.ToString(),
    };

    public static string RoleName(LiaisonRole role) => role switch
    {
        LiaisonRole.Leader => "责任领导",
        LiaisonRole.Liaison => "联络员",
        _ => role.ToString(),
    };

    public static string ClockStateName(Platform.Clocks.ClockState state) => state switch
    {
        Platform.Clocks.ClockState.Running => "计时中",
        Platform.Clocks.ClockState.Paused => "已中止",
        Platform.Clocks.ClockState.Warned => "临近期限",
        Platform.Clocks.ClockState.Overdue => "已逾期",
        Platform.Clocks.ClockState.Stopped => "已完成",
        _ => state.ToString(),
    };

    public static IReadOnlyList<MeetingReason> Reasons { get; } = Enum.GetValues<MeetingReason>();

    public static IReadOnlyList<MeetingState> States { get; } = Enum.GetValues<MeetingState>();

    public static IReadOnlyList<PowerKind> PowerKinds { get; } = Enum.GetValues<PowerKind>();

    /// <summary>Parses an enum by its code or its Chinese name.</summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !char.IsDigit(text[0]))
        {
            return true;
        }

        foreach (var v in Enum.GetValues<T>())
        {
            var name = v switch
            {
                MeetingReason r => ReasonName(r),
                PowerKind k => PowerKindName(k),
                LiaisonRole l => RoleName(l),
                MeetingState s => StateName(s),
                ApprovedPlan p => PlanName(p),
                _ => null,
            };
            if (name == text)
            {
                value = v;
                return true;
            }
        }

        return false;
    }
}
