namespace Jianguan.Analytics.Rules;

public enum Level
{
    None = 0,
    Yellow = 1,
    Orange = 2,
    Red = 3,
}

/// <summary>Data-quality findings are kept apart from collusion: they never raise a risk score.</summary>
public enum RuleCategory
{
    Fingerprint,
    Price,
    Competition,
    Network,
    DataQuality,
}

/// <summary>A warning rule: stable code (used by the CLI, the API and stored alerts), names, legal basis, level.</summary>
public sealed record Rule(string Code, string NameZh, string NameEn, string Basis, Level Level, RuleCategory Category)
{
    /// <summary>Contribution of one hit to a risk score (noisy-or): a red rule alone makes a red section.</summary>
    public double Weight => Category == RuleCategory.DataQuality ? 0 : LevelWeight(Level);

    public static double LevelWeight(Level level) => level switch
    {
        Level.Red => 0.75,
        Level.Orange => 0.45,
        Level.Yellow => 0.2,
        Level.None => 0,
        _ => 0,
    };

    public static string LevelCode(Level level) => level switch
    {
        Level.Red => "red",
        Level.Orange => "orange",
        Level.Yellow => "yellow",
        Level.None => "none",
        _ => "none",
    };

    /// <summary>Score bands of the levels (score 0–100).</summary>
    public static Level LevelOf(double score) => score >= 70 ? Level.Red : score >= 40 ? Level.Orange : score >= 15 ? Level.Yellow : Level.None;
}

/// <summary>
/// The catalogue. Legal bases: 招标投标法实施条例 (条例) arts. 34, 39, 40; 招标投标法 arts. 24, 28; the screens
/// and red flags cite the literature they come from. Thresholds live next to the rule that uses them.
/// </summary>
public static class RuleCatalog
{
    private const string Art40 = "《招标投标法实施条例》第四十条";

    // Art. 40 fingerprints.
    public static readonly Rule FileCode = new("a40.1.file_code", "不同投标人投标文件创建标识码相同", "Same file creation code",
        Art40 + "第（一）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule MachineCode = new("a40.1.machine_code", "不同投标人投标文件制作机器码相同", "Same document machine code",
        Art40 + "第（一）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule Dongle = new("a40.1.dongle", "不同投标人使用同一计价软件加密锁", "Same pricing-software dongle",
        Art40 + "第（一）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule Hardware = new("a40.1.hardware", "不同投标人投标文件硬件特征（MAC/CPU/硬盘）相同",
        "Same MAC/CPU/disk serials (two of three or more)", Art40 + "第（一）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule UploadIp = new("a40.2.upload_ip", "不同投标人投标文件上传IP相同", "Same upload IP address",
        Art40 + "第（二）项", Level.Orange, RuleCategory.Fingerprint);
    public static readonly Rule ContactPhone = new("a40.2.contact_phone", "不同投标人联系人电话相同", "Same contact phone",
        Art40 + "第（二）项", Level.Orange, RuleCategory.Fingerprint);
    public static readonly Rule ProjectManager = new("a40.3.project_manager", "不同投标人项目负责人相同", "Same project manager",
        Art40 + "第（三）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule PmCertificate = new("a40.3.pm_certificate", "不同投标人项目负责人证书相同", "Same project manager certificate",
        Art40 + "第（三）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule IdenticalPrice = new("a40.4.identical_price", "不同投标人投标报价完全相同", "Identical bid prices",
        Art40 + "第（四）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule IdenticalDocument = new("a40.4.identical_document", "不同投标人投标文件哈希值相同", "Identical bid documents (hash)",
        Art40 + "第（四）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule PriceSteps = new("a40.4.price_steps", "投标报价呈规律性差异（等差或等比）",
        "Bid prices in regular steps (arithmetic or geometric)", Art40 + "第（四）项", Level.Orange, RuleCategory.Fingerprint);
    public static readonly Rule DepositAccount = new("a40.6.deposit_account", "不同投标人投标保证金从同一账户转出",
        "Bid deposits paid from the same account", Art40 + "第（六）项", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule LegalRep = new("a34.legal_rep", "同一标段投标人法定代表人相同", "Same legal representative in one section",
        "《招标投标法实施条例》第三十四条", Level.Red, RuleCategory.Fingerprint);
    public static readonly Rule CrossSectionLink = new("link.cross_section", "同一组投标人在多个标段共享相同投标特征",
        "The same firms share the same fingerprint in several sections", Art40 + "；第三十九条", Level.Red, RuleCategory.Fingerprint);

    // Competition red flags.
    public static readonly Rule SingleBid = new("flag.single_bid", "仅一家投标", "Single bid",
        "《招标投标法》第二十八条（投标人少于三个应重新招标）", Level.Orange, RuleCategory.Competition);
    public static readonly Rule FewBidders = new("flag.few_bidders", "投标人数量过少", "Few bidders",
        "《招标投标法》第二十八条", Level.Yellow, RuleCategory.Competition);
    public static readonly Rule ShortPeriod = new("flag.short_period", "招标（采购）文件发出至投标截止短于法定期限",
        "Bidding period shorter than the legal minimum",
        "《招标投标法》第二十四条（20日）；财库〔2014〕214号第十条（磋商10日）；财政部令第74号（谈判、询价3日）", Level.Orange, RuleCategory.Competition);
    public static readonly Rule LowDiscount = new("flag.low_discount", "中标价贴近招标控制价（下浮率异常偏低）",
        "Winning price close to the control price (low discount)", "《招标投标法实施条例》第三十九条（约定中标价）；OCP红旗指标",
        Level.Orange, RuleCategory.Competition);
    public static readonly Rule DeepDiscount = new("flag.deep_discount", "中标价下浮率异常偏高", "Heavily discounted winning price",
        "《招标投标法》第三十三条（低于成本报价）；OCP红旗指标", Level.Yellow, RuleCategory.Competition);
    public static readonly Rule LowestDisqualified = new("flag.lowest_disqualified", "最低报价被否决", "Lowest bid disqualified",
        "《招标投标法实施条例》第五十一条；OCP红旗指标", Level.Yellow, RuleCategory.Competition);
    public static readonly Rule OthersDisqualified = new("flag.others_disqualified", "除中标人外其余投标均被否决",
        "All bids but the winner's disqualified", "《招标投标法实施条例》第五十一条；第四十一条", Level.Orange, RuleCategory.Competition);
    public static readonly Rule LateBidWon = new("flag.late_bid_won", "迟于开标时间递交的投标中标", "Bid submitted after the opening won",
        "《招标投标法》第二十八条（逾期送达应拒收）", Level.Orange, RuleCategory.Competition);
    public static readonly Rule Blacklisted = new("flag.blacklisted", "失信惩戒（黑名单）期内的主体参与投标",
        "Blacklisted participant at bid time", "《招标投标法实施条例》第六十七条、第六十八条（取消投标资格）；发改法规〔2018〕457号（公共资源交易领域严重失信主体联合惩戒）",
        Level.Red, RuleCategory.Competition);
    public static readonly Rule CoverBidder = new("flag.cover_bidder", "陪标专业户：投标次数异常多且从未中标",
        "Many bids, never a win (cover bidder)", "《招标投标法实施条例》第三十九条第（五）项", Level.Yellow, RuleCategory.Competition);

    // Price screens.
    public static readonly Rule ScreenLowVariation = new("screen.low_variation", "投标报价离散度异常低（变异系数/极差）",
        "Abnormally tight bids (low CV and spread)", "Imhof 2019; Huber & Imhof 2019；《招标投标法实施条例》第三十九条", Level.Yellow, RuleCategory.Price);
    public static readonly Rule ScreenCoverGap = new("screen.cover_gap", "最低价与其余报价差距异常（陪标特征）",
        "Winner far from tightly clustered losing bids (high RD)", "Imhof 2019 (RD, RDNOR)；《招标投标法实施条例》第三十九条", Level.Yellow, RuleCategory.Price);
    public static readonly Rule ScreenPattern = new("screen.pattern", "多项价格筛查指标同时异常", "Several price screens abnormal together",
        "Imhof 2019; Wallimann, Imhof & Huber 2022（子集筛查）", Level.Yellow, RuleCategory.Price);
    public static readonly Rule ScreenNearEstimate = new("screen.near_estimate", "最低报价贴近预算/控制价", "Lowest bid close to the estimate",
        "Imhof 2019（bid/estimate）", Level.Yellow, RuleCategory.Price);

    // Network.
    public static readonly Rule Group = new("net.group", "高凝聚、高排他的投标人团体", "Cohesive and exclusive group of co-bidders",
        "Wachs & Kertész 2019；《招标投标法实施条例》第三十九条", Level.Orange, RuleCategory.Network);
    public static readonly Rule Rotation = new("net.rotation", "团体内轮流中标", "Winner rotation inside a group",
        "《招标投标法实施条例》第三十九条第（二）项", Level.Red, RuleCategory.Network);
    public static readonly Rule CoverPair = new("net.cover_pair", "固定陪标组合：两家频繁同场且一方从不胜出",
        "Cover-bidding pair: meet often, one always loses", "《招标投标法实施条例》第三十九条", Level.Orange, RuleCategory.Network);

    // Data quality.
    /// <summary>A bid about 10ⁿ times the section's median (or control price): a slipped decimal point or 元/万元.</summary>
    public static readonly Rule DecimalSlip = new("dq.decimal_slip", "报价疑似小数点或单位错误（与参考价相差约10ⁿ倍）",
        "Bid about 10ⁿ times the section's reference (decimal or unit slip)",
        "数据质量（不计入风险分，不参与价格筛查）", Level.Yellow, RuleCategory.DataQuality);
    public static readonly Rule CreditCode = new("quality.credit_code", "统一社会信用代码无效", "Invalid unified social credit code",
        "GB 32100-2015", Level.Yellow, RuleCategory.DataQuality);
    public static readonly Rule MissingFingerprints = new("quality.missing_fingerprints", "投标文件特征信息缺失",
        "Bid without any document fingerprint", "数据质量（无法核查第四十条）", Level.Yellow, RuleCategory.DataQuality);

    public static IReadOnlyList<Rule> All { get; } =
    [
        FileCode, MachineCode, Dongle, Hardware, UploadIp, ContactPhone, ProjectManager, PmCertificate, IdenticalPrice,
        IdenticalDocument, PriceSteps, DepositAccount, LegalRep, CrossSectionLink,
        SingleBid, FewBidders, ShortPeriod, LowDiscount, DeepDiscount, LowestDisqualified, OthersDisqualified, LateBidWon, Blacklisted, CoverBidder,
        ScreenLowVariation, ScreenCoverGap, ScreenPattern, ScreenNearEstimate,
        Group, Rotation, CoverPair,
        DecimalSlip, CreditCode, MissingFingerprints,
    ];

    public static Rule? ByCode(string code) => All.FirstOrDefault(r => r.Code == code);
}
