using Jianguan.Analytics.Input;

namespace Jianguan.Tests.Alerts;

/// <summary>
/// A small market in the national field names: section S1 where 甲 and 乙 share a file creation code (a red
/// art. 40 (1) alert) and 甲 wins; section S2 of another category and department with nothing shared.
/// </summary>
public static class AlertMarket
{
    public const string Jia = "海南甲建设工程有限公司";
    public const string Yi = "海南乙建设工程有限公司";
    public const string Bing = "海南丙建设工程有限公司";
    public const string SharedCode = "FC-7C743C5A3596";

    private static readonly string Header = string.Join(',', TradingFields.ProjectCode, TradingFields.ProjectName, TradingFields.ProjectType,
        TradingFields.SuperviseDeptName, TradingFields.TenderMode, TradingFields.SectionCode, TradingFields.SectionName, TradingFields.ControlPrice,
        TradingFields.ContractReckonPrice, TradingFields.NoticeSendTime, TradingFields.BidOpenTime, TradingFields.BidderName, TradingFields.BidPrice,
        TradingFields.CheckinTime, TradingFields.BidStatus, TradingFields.FileCreationCode, TradingFields.MacAddress, TradingFields.DepositAccount);

    public static string Bids(string prefix) => Header + "\n"
        + $"{prefix}-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,公开招标,{prefix}-S1,第一标段,1000000,1020000,2026-01-05 09:00,2026-02-02 09:30,{Jia},950000,2026-02-01 10:00,有效,{SharedCode},00-1A-2B-3C-4D-5E,6217000011112222\n"
        + $"{prefix}-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,公开招标,{prefix}-S1,第一标段,1000000,1020000,2026-01-05 09:00,2026-02-02 09:30,{Yi},962000.5,2026-02-01 11:00,有效,{SharedCode.ToLowerInvariant()},AA-BB-CC-DD-EE-01,6217000033334444\n"
        + $"{prefix}-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,公开招标,{prefix}-S1,第一标段,1000000,1020000,2026-01-05 09:00,2026-02-02 09:30,{Bing},981000,2026-02-01 12:00,无效,FC-OTHER-1,AA-BB-CC-DD-EE-02,6217000055556666\n"
        + $"{prefix}-P2,城西监理项目,监理,海口市交通运输和港航管理局,公开招标,{prefix}-S2,监理标段,200000,,2026-01-10 09:00,2026-02-10 09:30,海南丁咨询有限公司,185000,,有效,FC-D,11-22-33-44-55-66,6217000077778888\n"
        + $"{prefix}-P2,城西监理项目,监理,海口市交通运输和港航管理局,公开招标,{prefix}-S2,监理标段,200000,,2026-01-10 09:00,2026-02-10 09:30,海南戊咨询有限公司,190000,,有效,FC-E,11-22-33-44-55-77,6217000099990000\n"
        + $"{prefix}-P2,城西监理项目,监理,海口市交通运输和港航管理局,公开招标,{prefix}-S2,监理标段,200000,,2026-01-10 09:00,2026-02-10 09:30,海南己咨询有限公司,197000,,有效,FC-F,11-22-33-44-55-88,6217000012121212\n";

    public static string Awards(string prefix) =>
        string.Join(',', TradingFields.ProjectCode, TradingFields.SectionCode, TradingFields.WinBidderName, TradingFields.BidAmount) + "\n"
        + $"{prefix}-P1,{prefix}-S1,{Jia},950000\n"
        + $"{prefix}-P2,{prefix}-S2,海南丁咨询有限公司,185000\n";

    /// <summary>A later section in which 甲 takes part (a tracking notice once 甲 is on the focus list).</summary>
    public static string Later(string prefix) => Header + "\n"
        + $"{prefix}-P3,三号路工程,施工,海口市住房和城乡建设局,公开招标,{prefix}-S3,三号标段,500000,,2026-03-01 09:00,2026-03-25 09:30,{Jia},480000,,有效,FC-J3,00-1A-2B-3C-4D-99,6217000011112222\n"
        + $"{prefix}-P3,三号路工程,施工,海口市住房和城乡建设局,公开招标,{prefix}-S3,三号标段,500000,,2026-03-01 09:00,2026-03-25 09:30,海南庚建设有限公司,490000,,有效,FC-G3,00-1A-2B-3C-4D-98,6217000022223333\n";
}
