namespace Jianguan.Features.Reports;

/// <summary>The monthly report's policies (registered by the module, listed on the administration page).</summary>
public static class ReportPolicies
{
    /// <summary>Read monthly reports: each reader sees the states meant for them (see <see cref="MonthlyReportService.VisibleStatesAsync"/>).</summary>
    public const string Read = "monthly-report-read";

    /// <summary>Generate, edit, send for review and submit: the trading center.</summary>
    public const string Write = "monthly-report-write";

    /// <summary>Review (another trading-center account than the one who sent it for review).</summary>
    public const string Review = "monthly-report-review";

    /// <summary>Forward to the member units, discipline inspection and police, or return: the 公管办.</summary>
    public const string Forward = "monthly-report-forward";

    /// <summary>Turn a problem item of a submitted or forwarded report into a clue: the 公管办, or the trading center.</summary>
    public const string Clue = "monthly-report-clue";

    /// <summary>
    /// Download the annual report and the accountability report as sent to the city government (/Reports/City): the
    /// city government and the office that prepares them (ADR-022).
    /// </summary>
    public const string City = "city-reports";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Read] =
        [
            Roles.TradingCenter, Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Discipline, Roles.Police,
            Roles.Audit,
        ],
        [Write] = [Roles.TradingCenter],
        [Review] = [Roles.TradingCenter],
        [Forward] = [Roles.OfficeAdmin],
        [Clue] = [Roles.OfficeAdmin, Roles.TradingCenter],
        [City] = [Roles.OfficeAdmin, Roles.CityGovernment],
    };

    /// <summary>Chinese names for the administration page.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Read] = "查阅交易中心月度报告",
        [Write] = "生成、编辑与报送月度报告",
        [Review] = "审核月度报告",
        [Forward] = "转送或退回月度报告",
        [Clue] = "将月度报告发现的问题转为线索",
        [City] = "下载报送市政府的年度报告和问责报告",
    };
}
