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
    };

    public static IReadOnlyList<string> All => [.. ChineseNames.Keys];
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

    /// <summary>Random inspections: object pool, plans, commitments, draws, publication (the office).</summary>
    public const string SamplingManage = "sampling-manage";

    /// <summary>Read plans, draw records and results: the office, member units and the oversight bodies.</summary>
    public const string SamplingRead = "sampling-read";

    /// <summary>Record the result of an assigned inspection.</summary>
    public const string SamplingInspect = "sampling-inspect";

    /// <summary>The inspector pool (执法人员名录库), kept by the 司法局.</summary>
    public const string InspectorPool = "inspector-pool";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [TradingRead] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.TradingCenter, Roles.Enforcement,
            Roles.Discipline, Roles.Audit, Roles.Police,
        ],
        [TradingImport] = [Roles.OfficeAdmin, Roles.TradingCenter],
        [PlatformAdmin] = [Roles.SystemAdmin, Roles.OfficeAdmin],
        [SamplingManage] = [Roles.OfficeAdmin],
        [SamplingRead] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Justice, Roles.Enforcement,
            Roles.Discipline, Roles.Audit,
        ],
        [SamplingInspect] = [Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.Enforcement],
        [InspectorPool] = [Roles.Justice],
    };

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Public, p => p.RequireAssertion(_ => true));
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        foreach (var (policy, roles) in RolesByPolicy)
        {
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        // Anything that forgot to name a policy is closed, not open.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
