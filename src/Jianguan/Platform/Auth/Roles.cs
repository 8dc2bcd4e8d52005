using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Jianguan.Platform.Auth;

/// <summary>Role codes (stable, English) and their Chinese names.</summary>
public static class Roles
{
    public const string OfficeAdmin = "office-admin";             // 公管办管理员
    public const string MemberSupervisor = "member-supervisor";   // 成员单位监管员
    public const string MemberLeader = "member-leader";           // 成员单位负责人
    public const string Justice = "justice";                      // 司法局
    public const string TradingCenter = "trading-center";         // 交易中心
    public const string Enforcement = "enforcement";              // 执法大队
    public const string Discipline = "discipline";                // 纪检监察
    public const string Audit = "audit";                          // 审计
    public const string Police = "police";                        // 公安
    public const string SystemAdmin = "system-admin";             // 系统管理员
    public const string SecurityAdmin = "security-admin";         // 安全管理员
    public const string AuditAdmin = "audit-admin";               // 审计管理员
    public const string CityGovernment = "city-government";       // 市政府（只读：分析总览、年度报告和问责报告，ADR-022）

    public static readonly IReadOnlyDictionary<string, string> ChineseNames = new Dictionary<string, string>
    {
        [OfficeAdmin] = "公管办管理员",
        [MemberSupervisor] = "成员单位监管员",
        [MemberLeader] = "成员单位负责人",
        [Justice] = "司法局",
        [TradingCenter] = "交易中心",
        [Enforcement] = "执法大队",
        [Discipline] = "纪检监察",
        [Audit] = "审计",
        [Police] = "公安",
        [SystemAdmin] = "系统管理员",
        [SecurityAdmin] = "安全管理员",
        [AuditAdmin] = "审计管理员",
        [CityGovernment] = "市政府",
    };

    public static IReadOnlyList<string> All => [.. ChineseNames.Keys];

    /// <summary>
    /// The three administrators of 三员分立 (等保 2.0 三级): no account may hold two of them, and none of them is in a
    /// policy that reads trading data or case contents.
    /// </summary>
    public static IReadOnlyList<string> Administrators { get; } = [SystemAdmin, SecurityAdmin, AuditAdmin];

    /// <summary>The oversight bodies of clause 五(十一): they read the whole trading database, every query recorded.</summary>
    public static IReadOnlyList<string> Oversight { get; } = [Discipline, Audit, Police];
}

/// <summary>Named authorization policies; every endpoint and page names one of these explicitly.</summary>
public static class Policies
{
    /// <summary>Anyone, without login: public pages, health check, login.</summary>
    public const string Public = "public";

    /// <summary>Any signed-in account.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Browse trading data: supervisors, the trading center and the oversight bodies.</summary>
    public const string TradingRead = "trading-read";

    /// <summary>Upload trading data: the trading center and the supervision office.</summary>
    public const string TradingImport = "trading-import";

    /// <summary>Platform configuration (calendar years): the system administrator and the office.</summary>
    public const string PlatformAdmin = "platform-admin";

    /// <summary>Read warnings, scores, groups, the focus list and tracking notices: the office, members, oversight bodies.</summary>
    public const string AlertsRead = "alerts-read";

    /// <summary>Review, dismiss and convert warnings: the office and the member units.</summary>
    public const string AlertsManage = "alerts-manage";

    /// <summary>Edit the focus list (重点关注对象名单): the office (公管办).</summary>
    public const string FocusManage = "focus-manage";
    /// <summary>Random inspections: object pool, plans, commitments, draws, publication (the office).</summary>
    public const string SamplingManage = "sampling-manage";

    /// <summary>Read plans, draw records and results: the office, member units and the oversight bodies.</summary>
    public const string SamplingRead = "sampling-read";

    /// <summary>Record the result of an assigned inspection.</summary>
    public const string SamplingInspect = "sampling-inspect";

    /// <summary>The inspector pool (执法人员名录库), kept by the 司法局.</summary>
    public const string InspectorPool = "inspector-pool";

    /// <summary>The administration landing page: the three administrators and the office.</summary>
    public const string Administration = "administration";

    /// <summary>
    /// Request machine tokens for the unit's own systems (the data's owners: the 公管办 and the trading center); the
    /// security administrator approves them. No administrator role: 三员分立.
    /// </summary>
    public const string TokenRequest = "token-request";

    /// <summary>Accounts (create, disable, reset password, organisation): the system administrator only.</summary>
    public const string AccountAdmin = "account-admin";

    /// <summary>Roles, permissions, approving and revoking machine tokens: the security administrator only.</summary>
    public const string SecurityAdmin = "security-admin";

    /// <summary>Searching and exporting the audit trail: the audit administrator only.</summary>
    public const string AuditRead = "audit-read";

    /// <summary>The API reference (OpenAPI document and its reader): the system administrator, who sets up systems.</summary>
    public const string ApiDocs = "api-docs";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [TradingRead] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.TradingCenter, Roles.Enforcement,
            Roles.Discipline, Roles.Audit, Roles.Police,
        ],
        [TradingImport] = [Roles.OfficeAdmin, Roles.TradingCenter],
        [PlatformAdmin] = [Roles.SystemAdmin, Roles.OfficeAdmin],
        [AlertsRead] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Discipline, Roles.Audit, Roles.Police,
        ],
        [AlertsManage] = [Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader],
        [FocusManage] = [Roles.OfficeAdmin],
        [SamplingManage] = [Roles.OfficeAdmin],
        [SamplingRead] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Justice, Roles.Enforcement,
            Roles.Discipline, Roles.Audit,
        ],
        [SamplingInspect] = [Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.Enforcement],
        [InspectorPool] = [Roles.Justice],
        [Administration] = [Roles.SystemAdmin, Roles.SecurityAdmin, Roles.AuditAdmin, Roles.OfficeAdmin],
        [TokenRequest] = [Roles.OfficeAdmin, Roles.TradingCenter],
        [AccountAdmin] = [Roles.SystemAdmin],
        [SecurityAdmin] = [Roles.SecurityAdmin],
        [AuditRead] = [Roles.AuditAdmin],
        [ApiDocs] = [Roles.SystemAdmin],
    };

    /// <summary>Machine-token scopes that satisfy a policy in addition to its roles (role OR scope).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ScopesByPolicy = new Dictionary<string, string[]>
    {
        [TradingRead] = [Scopes.TradingRead],
        [TradingImport] = [Scopes.TradingPush],
    };

    /// <summary>
    /// Registers the policies of <paramref name="rolesByPolicy"/>: this table plus the feature modules' own
    /// (Features/Modules.RolesByPolicy).
    /// </summary>
    public static void Add(AuthorizationOptions options, IReadOnlyDictionary<string, string[]> rolesByPolicy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rolesByPolicy);
        options.AddPolicy(Public, p => p.RequireAssertion(_ => true));
        // A person's account: a machine token reaches only what its scopes grant.
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireAssertion(c => !Scopes.IsMachine(c.User)));
        foreach (var (policy, roles) in rolesByPolicy)
        {
            var scopes = ScopesByPolicy.GetValueOrDefault(policy, []);
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                Scopes.IsMachine(c.User)
                    ? scopes.Any(s => c.User.HasClaim(Scopes.ClaimType, s))
                    : roles.Any(c.User.IsInRole)));
        }

        // Anything that forgot to name a policy is closed, not open.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}

/// <summary>What a machine token may do; a token principal carries its scopes as claims and never a role.</summary>
public static class Scopes
{
    public const string TradingPush = "trading.push";   // 交易中心推送交易数据
    public const string TradingRead = "trading.read";   // 读取交易数据

    public const string ClaimType = "scope";

    /// <summary>Marks a principal authenticated by a machine token (its value is the token id).</summary>
    public const string MachineClaim = "jianguan:machine-token";

    public static readonly IReadOnlyDictionary<string, string> ChineseNames = new Dictionary<string, string>
    {
        [TradingPush] = "推送交易数据",
        [TradingRead] = "读取交易数据",
    };

    public static IReadOnlyList<string> All => [.. ChineseNames.Keys];

    public static bool IsMachine(ClaimsPrincipal user) => user?.HasClaim(c => c.Type == MachineClaim) == true;
}
