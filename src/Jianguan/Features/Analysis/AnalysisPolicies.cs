namespace Jianguan.Features.Analysis;

/// <summary>The analysis module's policy (registered by the module, listed on the administration page).</summary>
public static class AnalysisPolicies
{
    /// <summary>
    /// Read the big-data analysis (dashboards, API, exports): the 公管办, the member units (their own sector, by the
    /// data scope) and the oversight bodies.
    /// </summary>
    public const string Read = "analysis-read";

    /// <summary>
    /// The overview (/Analysis) alone: the readers above and the city government, which sees the city's figures and
    /// charts without the drill-down to sections or the other analysis pages (ADR-022).
    /// </summary>
    public const string Overview = "analysis-overview";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Read] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Discipline, Roles.Audit, Roles.Police,
        ],
        [Overview] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Discipline, Roles.Audit, Roles.Police, Roles.CityGovernment,
        ],
    };

    /// <summary>Chinese names for the administration page.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Read] = "查阅监管大数据分析",
        [Overview] = "查阅大数据分析总览",
    };
}
