using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Admin;

/// <summary>
/// The administrators' landing page: links to what the signed-in administrator may do, the accounts (for the system
/// and security administrators) and the permission matrix.
/// </summary>
[Authorize(Policy = Policies.Administration)]
public sealed class IndexModel(JianguanDbContext db, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> PolicyNames = new Dictionary<string, string>
    {
        [Policies.TradingRead] = "查阅交易数据",
        [Policies.TradingImport] = "导入交易数据",
        [Policies.PlatformAdmin] = "平台配置",
        [Policies.Administration] = "系统管理首页",
        [Policies.AccountAdmin] = "账户管理",
        [Policies.SecurityAdmin] = "角色、权限与接口令牌",
        [Policies.AuditRead] = "审计日志查阅与导出",
        [Policies.ApiDocs] = "接口文档",
        [Policies.TokenRequest] = "申请接口令牌",
        [Policies.AlertsRead] = "查阅预警、风险分与重点关注",
        [Policies.AlertsManage] = "核查、排除预警与转为线索",
        [Policies.FocusManage] = "维护重点关注对象名单",
        [Policies.SamplingManage] = "双随机抽查管理",
        [Policies.SamplingRead] = "查阅抽查计划与结果",
        [Policies.SamplingInspect] = "录入检查结果",
        [Policies.InspectorPool] = "执法检查人员名录库",
        [Reports.ReportPolicies.Read] = Reports.ReportPolicies.Names[Reports.ReportPolicies.Read],
        [Reports.ReportPolicies.Write] = Reports.ReportPolicies.Names[Reports.ReportPolicies.Write],
        [Reports.ReportPolicies.Review] = Reports.ReportPolicies.Names[Reports.ReportPolicies.Review],
        [Reports.ReportPolicies.Forward] = Reports.ReportPolicies.Names[Reports.ReportPolicies.Forward],
        [Reports.ReportPolicies.Clue] = Reports.ReportPolicies.Names[Reports.ReportPolicies.Clue],
        [Reports.ReportPolicies.City] = Reports.ReportPolicies.Names[Reports.ReportPolicies.City],
        [Clues.CluePolicies.Read] = "查阅问题线索与移送",
        [Clues.CluePolicies.Manage] = "登记、核查、办结与移送线索",
        [Clues.CluePolicies.Receive] = "签收与办理移送",
        [Clues.CluePolicies.Assistance] = "部门协助请求",
        [Complaints.ComplaintWorkflow.ReadPolicy] = "查阅投诉举报",
        [Complaints.ComplaintWorkflow.HandlePolicy] = "登记、受理和处理投诉举报",
        [Complaints.ComplaintWorkflow.ChannelsPolicy] = "维护投诉举报渠道",
        [Governance.GovernancePolicies.Member] = Governance.GovernancePolicies.Names[Governance.GovernancePolicies.Member],
        [Governance.GovernancePolicies.Office] = Governance.GovernancePolicies.Names[Governance.GovernancePolicies.Office],
        [Governance.GovernancePolicies.PowerListEdit] = Governance.GovernancePolicies.Names[Governance.GovernancePolicies.PowerListEdit],
        [Analysis.AnalysisPolicies.Read] = Analysis.AnalysisPolicies.Names[Analysis.AnalysisPolicies.Read],
        [Analysis.AnalysisPolicies.Overview] = Analysis.AnalysisPolicies.Names[Analysis.AnalysisPolicies.Overview],
        [Credit.CreditPolicies.Read] = "查阅失信名单和处罚决定",
        [Credit.CreditPolicies.Manage] = "登记处罚决定、管理失信名单",
        [Credit.CreditPolicies.Share] = "成员单位信息共享申请",
        [Credit.CreditPolicies.Accountability] = "查阅履职问责统计",
    };

    public sealed record UserRow(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string Status);

    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    /// <summary>Policies the signed-in administrator satisfies, for the links shown.</summary>
    public IReadOnlySet<string> Allowed { get; private set; } = new HashSet<string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in new[] { Policies.AccountAdmin, Policies.SecurityAdmin, Policies.AuditRead, Policies.PlatformAdmin })
        {
            if ((await authorization.AuthorizeAsync(User, policy)).Succeeded)
            {
                allowed.Add(policy);
            }
        }

        Allowed = allowed;
        if (allowed.Contains(Policies.AccountAdmin) || allowed.Contains(Policies.SecurityAdmin))
        {
            Users = await LoadAsync(db, clock.GetUtcNow(), ct);
        }
    }

    public static async Task<IReadOnlyList<UserRow>> LoadAsync(JianguanDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(x => x.UserId, x => x.Name ?? "");
        return [.. users.Select(u => new UserRow(
            u.Id, u.UserName ?? "", u.DisplayName, [.. byUser[u.Id].Order(StringComparer.Ordinal)], Status(u, now)))];
    }

    public static string Status(AppUser user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Disabled ? "已停用"
            : user.LockoutEnd > now ? "已锁定"
            : user.MustChangePassword ? "待修改初始密码"
            : "正常";
    }

    public static string RoleNames(IEnumerable<string> roles) =>
        string.Join("、", roles.Select(r => Jianguan.Platform.Auth.Roles.ChineseNames.TryGetValue(r, out var n) ? n : r));
}
