namespace Jianguan.Platform.Web;

/// <summary>A menu entry, shown only to users that satisfy its policy.</summary>
public sealed record NavItem(string Title, string Href, string Policy, IReadOnlyList<NavItem>? Children = null)
{
    public bool IsActive(PathString path) =>
        Href == "/" ? path == "/" : path.StartsWithSegments(Href, StringComparison.OrdinalIgnoreCase)
            || (Children?.Any(c => c.IsActive(path)) ?? false);
}

/// <summary>The main menu. A feature adds its entry here, with the same policy as its pages.</summary>
public static class Navigation
{
    public static IReadOnlyList<NavItem> Main { get; } =
    [
        new("首页", "/", Policies.Public),
        new("交易数据", "/Trading/Projects", Policies.TradingRead,
        [
            new("项目", "/Trading/Projects", Policies.TradingRead),
            new("标段", "/Trading/Sections", Policies.TradingRead),
            new("单位查询", "/Firms", Policies.TradingRead),
        ]),
        new("数据导入", "/Trading/Import", Policies.TradingImport),
        new("接口令牌申请", "/Trading/Tokens", Policies.TokenRequest),
        new("智慧监管", "/Alerts", Policies.AlertsRead,
        [
            new("预警", "/Alerts", Policies.AlertsRead),
            new("数据质量", "/Alerts?view=quality", Policies.AlertsRead),
            new("投标团体", "/Groups", Policies.AlertsRead),
            new("重点关注名单", "/Focus", Policies.AlertsRead),
            new("跟踪提示", "/Focus/Tracking", Policies.AlertsRead),
        ]),
        new("双随机抽查", "/Sampling", Policies.SamplingRead),
        new("月度报告", "/Reports/Monthly", Features.Reports.ReportPolicies.Read),
        new("问题线索", "/Clues", Features.Clues.CluePolicies.Read,
        [
            new("线索登记", "/Clues", Features.Clues.CluePolicies.Read),
            new("移送办理", "/Referrals", Features.Clues.CluePolicies.Read),
        ]),
        new("协助请求", "/Referrals/Assistance", Features.Clues.CluePolicies.Assistance),
        new("投诉举报", "/Complaints", Features.Complaints.ComplaintWorkflow.ReadPolicy,
        [
            new("投诉举报登记", "/Complaints", Features.Complaints.ComplaintWorkflow.ReadPolicy),
            new("窗口登记", "/Complaints/New", Features.Complaints.ComplaintWorkflow.HandlePolicy),
            new("投诉举报渠道", "/Complaints/Channels", Features.Complaints.ComplaintWorkflow.ChannelsPolicy),
        ]),
        new("联席会议", "/Meetings", Features.Governance.GovernancePolicies.Member,
        [
            new("会议", "/Meetings", Features.Governance.GovernancePolicies.Member),
            new("交办任务", "/Meetings/Tasks", Features.Governance.GovernancePolicies.Member),
            new("权责清单", "/PowerList", Features.Governance.GovernancePolicies.Member),
            new("联络通讯录", "/Directory", Features.Governance.GovernancePolicies.Member),
            new("年度工作报告", "/Meetings/AnnualReport", Features.Governance.GovernancePolicies.Office),
        ]),
        new("信用监管", "/Credit", Features.Credit.CreditPolicies.Read,
        [
            new("失信名单", "/Credit", Features.Credit.CreditPolicies.Read),
            new("处罚决定", "/Penalties", Features.Credit.CreditPolicies.Read),
            new("信息共享申请", "/Penalties/Requests", Features.Credit.CreditPolicies.Share),
            new("履职问责", "/Accountability", Features.Credit.CreditPolicies.Accountability),
        ]),
        new("大数据分析", "/Analysis", Features.Analysis.AnalysisPolicies.Overview,
        [
            new("分析总览", "/Analysis", Features.Analysis.AnalysisPolicies.Overview),
            new("价格分析", "/Analysis/Prices", Features.Analysis.AnalysisPolicies.Read),
            new("市场研判", "/Analysis/Market", Features.Analysis.AnalysisPolicies.Read),
            new("效能评估", "/Analysis/Efficiency", Features.Analysis.AnalysisPolicies.Read),
        ]),
        new("报送市政府的报告", "/Reports/City", Features.Reports.ReportPolicies.City),
        new("接口文档", "/scalar", Policies.ApiDocs),
        new("系统管理", "/Admin", Policies.Administration),
    ];
}
