using Jianguan.Analytics.Input;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Field codes the CSV/XLSX reader understands beyond <see cref="TradingFields"/>: the specification's codes for
/// budget, notice URL, evaluation method and candidates, and a few extension codes for portal columns.
/// A mapping file may name any of these or of <see cref="TradingFields"/>.
/// </summary>
public static class ImportFields
{
    public const string Budget = "PROGRAM_BUDGET";
    public const string Url = "URL";
    public const string EngineeringClass = "ENGINEERING_CLASS";

    /// <summary>An id column (id, 关系id): the project code when the file has no project-code column.</summary>
    public const string RecordId = "RECORD_ID";
    public const string BidderCount = "BIDDER_COUNT";
    public const string EvaluationMethod = "QUAL_TYPE";

    /// <summary>开标基准价 (kbjj): recognised so that it is not reported as unknown; the model does not keep it.</summary>
    public const string BenchmarkPrice = "BENCHMARK_PRICE";
    public const string WinTime = "WIN_TIME";

    /// <summary>1 when this bid won (the analysis layout's winner column).</summary>
    public const string WinnerFlag = "WINNER_FLAG";

    /// <summary>统一社会信用代码 without saying whose: the bidder's, candidate's or winner's by the row kind.</summary>
    public const string CreditCode = "CREDIT_CODE";
    public const string CandidateName = "WIN_CANDIDATE_NAME";
    public const string CandidateCode = "WIN_CANDIDATE_CODE";
    public const string CandidateOrder = "WIN_CANDIDATE_ORDER";
    public const string EvaluationResult = "EVALUATION_RESULT";
}

internal enum FieldKind
{
    Text,
    Key,
    CreditCode,
    Money,
    Rate,
    Integer,
    Date,
    Status,
    Flag,
}

internal enum FieldLevel
{
    Key,
    Project,
    Section,
    Award,
    Bid,
    Candidate,
    Party,
    Unused,
}

/// <summary>One importable field: its code, type, bilingual label for messages, and the headers that mean it.</summary>
internal sealed record FieldDef(
    string Code, FieldKind Kind, FieldLevel Level, string Zh, string En, string[] Aliases,
    Type? Entity = null, string? Property = null);

/// <summary>
/// The header vocabulary: the national specification's codes and Chinese names
/// (docs/reference/trading-data-spec-fields.txt), the common portal names, and the minimal analysis layout
/// (tender, bidder, bid …). Within one field, earlier aliases win when a file has several of them.
/// </summary>
internal static class ImportFieldCatalog
{
    public static readonly IReadOnlyList<FieldDef> All =
    [
        // Keys.
        new(TradingFields.ProjectCode, FieldKind.Key, FieldLevel.Key, "项目编号", "project code",
            ["TENDER_PROJECT_CODE", "招标项目编号", "PURCHASE_PROJECT_CODE", "采购项目编号", "项目编号", "PROJECT_CODE",
             "TENDER_SELF_CODE", "招标编号", "工程编号", "项目代码", "采购编号", "tender", "tender_id", "project_id"],
            typeof(TradingProject), nameof(TradingProject.Code)),
        new(ImportFields.RecordId, FieldKind.Key, FieldLevel.Key, "记录编号", "record id",
            ["RECORD_ID", "关系id", "id", "记录id"], typeof(TradingProject), nameof(TradingProject.Code)),
        new(TradingFields.SectionCode, FieldKind.Key, FieldLevel.Key, "标段编号", "section code",
            ["BID_SECTION_CODE", "标段(包)编号", "标段编号", "标包编号", "包编号", "分包编号", "标段号", "包号",
             "PURCHASE_SECTION_CODE", "采购项目子包编号", "section", "section_id"],
            typeof(Section), nameof(Section.Code)),

        // Project.
        new(TradingFields.ProjectName, FieldKind.Text, FieldLevel.Project, "项目名称", "project name",
            ["TENDER_PROJECT_NAME", "招标项目名称", "PURCHASE_PROJECT_NAME", "采购项目名称", "项目名称", "PROJECT_NAME",
             "工程名称", "采购项目", "project_name", "title"],
            typeof(TradingProject), nameof(TradingProject.Name)),
        new(TradingFields.ProjectType, FieldKind.Text, FieldLevel.Project, "项目类型", "project type",
            ["TENDER_PROJECT_TYPE", "招标项目类型", "采购项目类型", "项目类型", "project_type", "项目分类", "项目类别",
             "交易类型", "交易分类", "业务类型", "category"],
            typeof(TradingProject), nameof(TradingProject.CategoryDetail)),
        new(ImportFields.EngineeringClass, FieldKind.Text, FieldLevel.Project, "工程分类", "works class",
            ["ENGINEERING_CLASS", "工程分类", "工程类别", "工程类型", "INDUSTRIES_TYPE", "项目行业分类", "行业分类"],
            typeof(TradingProject), nameof(TradingProject.CategoryDetail)),
        new(TradingFields.RegionCode, FieldKind.Text, FieldLevel.Project, "项目所在地", "region",
            ["REGION_CODE", "招标项目所在行政区域代码", "项目所在行政区域代码", "项目所在地", "项目地点", "所在地区",
             "行政区域", "所属区域", "所属地区", "地区", "区域", "地址", "region"],
            typeof(TradingProject), nameof(TradingProject.Region)),
        new(TradingFields.TendererName, FieldKind.Text, FieldLevel.Project, "招标人名称", "tenderer name",
            ["TENDERER_NAME", "招标人名称", "招标人", "PURCHASER_NAME", "采购人名称", "采购人", "招标单位", "建设单位",
             "OWNER_NAME", "项目业主名称", "业主单位", "tenderer", "buyer"],
            typeof(MarketEntity), nameof(MarketEntity.Name)),
        new(TradingFields.TendererCode, FieldKind.CreditCode, FieldLevel.Project, "招标人代码", "tenderer code",
            ["TENDERER_CODE", "招标人代码", "招标人统一社会信用代码", "PURCHASER_CODE", "采购人代码"],
            typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        new(TradingFields.AgencyName, FieldKind.Text, FieldLevel.Project, "招标代理机构名称", "agency name",
            ["TENDER_AGENCY_NAME", "招标代理机构名称", "招标代理机构", "招标代理", "PURCHASER_AGENCY_NAME", "采购代理机构名称",
             "采购代理机构", "代理机构", "agency"],
            typeof(MarketEntity), nameof(MarketEntity.Name)),
        new(TradingFields.AgencyCode, FieldKind.CreditCode, FieldLevel.Project, "招标代理机构代码", "agency code",
            ["TENDER_AGENCY_CODE", "招标代理机构代码", "PURCHASER_AGENCY_CODE", "采购代理机构代码"],
            typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        new(TradingFields.SuperviseDeptName, FieldKind.Text, FieldLevel.Project, "监督部门名称", "supervising department",
            ["SUPERVISE_DEPT_NAME", "监督部门名称", "监督部门", "行业监督部门", "监管部门"],
            typeof(TradingProject), nameof(TradingProject.SupervisingDepartment)),
        new(TradingFields.TenderMode, FieldKind.Text, FieldLevel.Project, "招标方式", "tender mode",
            ["TENDER_MODE", "招标方式", "PURCHASER_MODE", "采购方式", "BID_TENDER_MODE", "标段(包)招标方式", "交易方式",
             "tender_mode"],
            typeof(TradingProject), nameof(TradingProject.TenderMode)),
        new(TradingFields.CreateTime, FieldKind.Date, FieldLevel.Project, "项目建立时间", "project creation time",
            ["CREATE_TIME", "招标项目建立时间", "项目建立时间", "项目创建时间", "创建时间", "立项时间"]),
        new(ImportFields.Budget, FieldKind.Money, FieldLevel.Project, "项目预算", "budget",
            ["PROGRAM_BUDGET", "项目预算", "预算", "预算金额", "采购预算", "预算价", "budget"]),
        new(ImportFields.Url, FieldKind.Text, FieldLevel.Project, "公告网址", "notice URL",
            ["URL", "公告源url", "招标公告网址", "网址", "公告网址", "公告链接", "原文链接", "链接", "中标公告网址",
             "开标网址", "source_url"],
            typeof(TradingProject), nameof(TradingProject.SourceUrl)),

        // Section.
        new(TradingFields.SectionName, FieldKind.Text, FieldLevel.Section, "标段名称", "section name",
            ["BID_SECTION_NAME", "标段(包)名称", "标段名称", "标包名称", "包名称", "分包名称", "PURCHASE_SECTION_NAME",
             "采购项目子包名称", "section_name"],
            typeof(Section), nameof(Section.Name)),
        new(TradingFields.ContractReckonPrice, FieldKind.Money, FieldLevel.Section, "合同估算价", "estimated price",
            ["CONTRACT_RECKON_PRICE", "标段合同估算价", "合同估算价", "估算价", "预估价", "工程估价", "estimate"]),
        new(TradingFields.ControlPrice, FieldKind.Money, FieldLevel.Section, "招标控制价", "control price",
            ["CONTROL_PRICE", "招标控制价", "最高限价", "最高投标限价", "投标最高限价", "控制价", "拦标价", "投标限价",
             "上限价", "zbkzj", "control_price"]),
        new(TradingFields.NoticeSendTime, FieldKind.Date, FieldLevel.Section, "公告发布时间", "notice time",
            ["NOTICE_SEND_TIME", "公告发布时间", "招标公告发布时间", "发布时间", "公告时间", "公告日期", "发布日期"]),
        new(TradingFields.BidOpenTime, FieldKind.Date, FieldLevel.Section, "开标时间", "bid opening time",
            ["BID_OPEN_TIME", "开标时间/开启时间", "开标时间", "开标日期", "开启时间", "date", "tender_date", "bid_open_time"]),
        new(ImportFields.BidderCount, FieldKind.Integer, FieldLevel.Section, "投标单位数量", "number of bidders",
            ["BIDDER_COUNT", "投标单位数量", "投标人数量", "投标单位数", "投标人数", "投标家数", "投标企业数量",
             "供应商数量", "n_bidders"]),
        new(ImportFields.EvaluationMethod, FieldKind.Text, FieldLevel.Section, "评标办法", "evaluation method",
            ["QUAL_TYPE", "评审办法", "评标办法", "评标方法", "评审方法", "evaluation_method"],
            typeof(Section), nameof(Section.EvaluationMethod)),
        new(ImportFields.BenchmarkPrice, FieldKind.Money, FieldLevel.Unused, "开标基准价", "benchmark price",
            ["BENCHMARK_PRICE", "kbjj", "基准价", "评标基准价", "开标基准价"]),

        // Award.
        new(TradingFields.WinBidderName, FieldKind.Text, FieldLevel.Award, "中标人名称", "winner name",
            ["WIN_BIDDER_NAME", "中标投标人名称", "中标人名称", "中标单位名称", "中标单位", "中标人", "WINNINGBIDDER_NAME",
             "中标(成交)供应商名称", "中标供应商名称", "中标供应商", "成交供应商名称", "成交供应商", "成交单位"],
            typeof(MarketEntity), nameof(MarketEntity.Name)),
        new(TradingFields.WinBidderCode, FieldKind.CreditCode, FieldLevel.Award, "中标人代码", "winner code",
            ["WIN_BIDDER_CODE", "中标投标人代码", "中标人代码", "中标单位代码", "中标人统一社会信用代码",
             "中标单位统一社会信用代码", "WINNINGBIDDER_CODE", "中标(成交)供应商代码"],
            typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        new(TradingFields.BidAmount, FieldKind.Money, FieldLevel.Award, "中标金额", "award amount",
            ["BID_AMOUNT", "中标金额", "中标价", "中标价格", "中标(成交)价格", "中标(成交)金额", "WIN_BID_PRICE", "成交金额",
             "成交价格", "成交价", "award_amount"]),
        new(TradingFields.WinDiscountRate, FieldKind.Rate, FieldLevel.Award, "下浮率", "discount rate",
            ["WIN_DISCOUNT_RATE", "下浮率", "中标下浮率", "WIN_BID_RATE", "中标优惠率"]),
        new(ImportFields.WinTime, FieldKind.Date, FieldLevel.Award, "中标时间", "award time",
            ["WIN_TIME", "中标时间", "中标日期", "定标时间", "定标日期", "中标公告发布时间", "中标公告时间", "结果公告时间",
             "WIN_BID_BULLETIN_START_TIME", "award_date"]),

        // Bid.
        new(TradingFields.BidderName, FieldKind.Text, FieldLevel.Bid, "投标人名称", "bidder name",
            ["BIDDER_NAME", "投标人名称", "投标人", "投标单位名称", "投标单位", "投标企业名称", "投标企业", "供应商名称",
             "投标供应商", "bidder"],
            typeof(MarketEntity), nameof(MarketEntity.Name)),
        new(TradingFields.BidderOrgCode, FieldKind.CreditCode, FieldLevel.Bid, "投标人代码", "bidder code",
            ["BIDDER_ORG_CODE", "投标人代码", "投标人统一社会信用代码", "投标单位统一社会信用代码", "供应商代码",
             "bidder_code"],
            typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        new(TradingFields.BidPrice, FieldKind.Money, FieldLevel.Bid, "投标报价", "bid price",
            ["BID_PRICE", "投标报价金额", "投标报价", "投标价格", "投标价", "投标金额", "投标总价", "投标总报价", "报价金额",
             "报价", "bid", "price"]),
        new(TradingFields.OtherBidPrice, FieldKind.Rate, FieldLevel.Bid, "费率或其它类型报价", "rate quoted",
            ["OTHER_BID_PRICE", "费率或其它类型报价", "投标费率", "费率", "投标下浮率", "报价下浮率", "rate"]),
        new(TradingFields.CheckinTime, FieldKind.Date, FieldLevel.Bid, "投标文件递交时间", "submission time",
            ["CHECKIN_TIME", "投标文件递交时间", "递交时间", "投标时间", "投标文件上传时间", "上传时间", "submitted_at"]),
        new(TradingFields.BidManager, FieldKind.Text, FieldLevel.Bid, "项目负责人", "project manager",
            ["BID_MANAGER", "投标单位项目负责人", "项目负责人", "项目经理", "拟派项目经理", "项目总监", "总监理工程师", "pm"],
            typeof(Bid), nameof(Bid.ProjectManager)),
        new(TradingFields.PmCertificates, FieldKind.Text, FieldLevel.Bid, "项目负责人证书", "project manager certificate",
            ["PM_CERTIFICATES", "项目负责人相关证书和编号", "PM_CODE", "项目负责人证件号码", "项目经理证书编号",
             "项目负责人证书编号", "注册证书编号", "pm_id"],
            typeof(Bid), nameof(Bid.PmCertificate)),
        new(TradingFields.BidStatus, FieldKind.Status, FieldLevel.Bid, "投标状态", "bid status",
            ["BID_STATUS", "投标状态", "投标文件状态", "状态", "是否有效", "有效性", "status"]),
        new(TradingFields.UploadIp, FieldKind.Text, FieldLevel.Bid, "上传 IP", "upload IP",
            ["UPLOAD_IP", "上传ip", "投标ip", "投标文件上传ip", "ip地址", "ip"], typeof(Bid), nameof(Bid.UploadIp)),
        new(TradingFields.MacAddress, FieldKind.Text, FieldLevel.Bid, "MAC 地址", "MAC address",
            ["MAC_ADDRESS", "mac地址", "网卡mac", "网卡地址", "mac"], typeof(Bid), nameof(Bid.Mac)),
        new(TradingFields.CpuSerial, FieldKind.Text, FieldLevel.Bid, "CPU 序列号", "CPU serial",
            ["CPU_SERIAL", "cpu序列号", "cpu编号", "cpu"], typeof(Bid), nameof(Bid.CpuSerial)),
        new(TradingFields.DiskSerial, FieldKind.Text, FieldLevel.Bid, "硬盘序列号", "disk serial",
            ["DISK_SERIAL", "硬盘序列号", "硬盘编号", "disk"], typeof(Bid), nameof(Bid.DiskSerial)),
        new(TradingFields.FileMachineCode, FieldKind.Text, FieldLevel.Bid, "文件制作机器码", "file machine code",
            ["FILE_MACHINE_CODE", "文件制作机器码", "制作机器码", "机器码", "machine_code"],
            typeof(Bid), nameof(Bid.FileMachineCode)),
        new(TradingFields.FileCreationCode, FieldKind.Text, FieldLevel.Bid, "文件创建标识码", "file creation code",
            ["FILE_CREATION_CODE", "文件创建标识码", "创建标识码", "file_code"], typeof(Bid), nameof(Bid.FileCreationCode)),
        new(TradingFields.DongleSerial, FieldKind.Text, FieldLevel.Bid, "加密锁序列号", "dongle serial",
            ["DONGLE_SERIAL", "计价软件加密锁序列号", "加密锁序列号", "加密锁号", "加密锁", "锁号", "dongle"],
            typeof(Bid), nameof(Bid.DongleSerial)),
        new(TradingFields.DepositAccount, FieldKind.Text, FieldLevel.Bid, "保证金转出账户", "deposit account",
            ["DEPOSIT_ACCOUNT", "保证金转出账户", "保证金账户", "保证金账号", "保证金缴纳账号", "保证金缴纳账户",
             "保证金付款账号", "deposit_account"],
            typeof(Bid), nameof(Bid.DepositAccount)),
        new(TradingFields.ContactName, FieldKind.Text, FieldLevel.Bid, "联系人", "contact person",
            ["CONTACT_NAME", "投标联系人", "联系人", "授权委托人", "委托代理人", "contact"], typeof(Bid), nameof(Bid.ContactPerson)),
        new(TradingFields.ContactPhone, FieldKind.Text, FieldLevel.Bid, "联系电话", "contact phone",
            ["CONTACT_PHONE", "联系电话", "联系方式", "手机号码", "手机", "电话", "contact_phone"],
            typeof(Bid), nameof(Bid.ContactPhone)),
        new(TradingFields.LegalRepresent, FieldKind.Text, FieldLevel.Bid, "法定代表人", "legal representative",
            ["LEGAL_REPRESENT", "法定代表人", "法定代表人姓名", "法人代表", "legal_rep"],
            typeof(MarketEntity), nameof(MarketEntity.LegalRepresentative)),
        new(TradingFields.DocHash, FieldKind.Text, FieldLevel.Bid, "投标文件哈希", "document hash",
            ["DOC_HASH", "投标文件哈希", "文件哈希", "文件摘要", "文件md5", "文件hash", "doc_hash"], typeof(Bid), nameof(Bid.DocHash)),
        new(ImportFields.WinnerFlag, FieldKind.Flag, FieldLevel.Bid, "是否中标", "winner flag",
            ["WINNER_FLAG", "是否中标", "中标标志", "winner", "is_winner"]),

        // Candidates.
        new(ImportFields.CandidateName, FieldKind.Text, FieldLevel.Candidate, "中标候选人名称", "candidate name",
            ["WIN_CANDIDATE_NAME", "中标候选人名称", "中标候选人", "候选人名称", "候选人"], typeof(MarketEntity), nameof(MarketEntity.Name)),
        new(ImportFields.CandidateCode, FieldKind.CreditCode, FieldLevel.Candidate, "中标候选人代码", "candidate code",
            ["WIN_CANDIDATE_CODE", "中标候选人代码", "候选人代码", "候选人统一社会信用代码"],
            typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        new(ImportFields.CandidateOrder, FieldKind.Integer, FieldLevel.Candidate, "中标候选人排名", "candidate rank",
            ["WIN_CANDIDATE_ORDER", "中标候选人排名", "候选人排名", "排名", "名次", "排序", "rank"]),
        new(ImportFields.EvaluationResult, FieldKind.Rate, FieldLevel.Candidate, "评分结果", "evaluation score",
            ["EVALUATION_RESULT", "评分结果", "综合得分", "评审得分", "总得分", "得分", "score"]),

        // Whose code depends on the row kind.
        new(ImportFields.CreditCode, FieldKind.CreditCode, FieldLevel.Party, "统一社会信用代码", "credit code",
            ["CREDIT_CODE", "统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "uscc"],
            typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
    ];

    // Declared before the alias table, which is built with it.
    private static readonly (string Suffix, decimal Factor)[] UnitSuffixes =
    [
        ("(万元)", 10_000m), ("(单位:万元)", 10_000m), ("万元", 10_000m), ("(元)", 1m), ("(单位:元)", 1m),
        ("(人民币元)", 1m), ("(%)", 1m), ("%", 1m), ("(百分比)", 1m),
    ];

    private static readonly Dictionary<string, FieldDef> ByCode = All.ToDictionary(f => f.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, (FieldDef Field, int Priority)> ByAlias = BuildAliases();

    private static readonly Dictionary<string, int> Ordinals =
        All.Select((f, i) => (f.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

    public static FieldDef? FindCode(string code) => ByCode.GetValueOrDefault(code.Trim());

    /// <summary>The field's position in <see cref="All"/>, for array-indexed rows.</summary>
    public static int Ordinal(string code) => Ordinals[code];

    /// <summary>The field a normalised header names, with its priority (lower wins), or null.</summary>
    public static (FieldDef Field, int Priority)? FindHeader(string normalisedHeader) =>
        ByAlias.TryGetValue(normalisedHeader, out var hit) ? hit : null;

    /// <summary>
    /// A header as it is compared: half-width, no white space, lower-case, unit suffix removed. Returns the unit
    /// multiplier the suffix named: 10 000 for (万元), else 1.
    /// </summary>
    public static string NormaliseHeader(string header, out decimal scale)
    {
        scale = 1m;
        var h = TextNormaliser.ToHalfWidth(header).Replace("\uFEFF", "", StringComparison.Ordinal);
        h = string.Concat(h.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        foreach (var (suffix, factor) in UnitSuffixes)
        {
            if (h.Length > suffix.Length && h.EndsWith(suffix, StringComparison.Ordinal))
            {
                h = h[..^suffix.Length];
                scale = factor;
                break;
            }
        }

        return h;
    }

    private static Dictionary<string, (FieldDef, int)> BuildAliases()
    {
        var map = new Dictionary<string, (FieldDef, int)>(StringComparer.Ordinal);
        foreach (var field in All)
        {
            for (var i = 0; i < field.Aliases.Length; i++)
            {
                var key = NormaliseHeader(field.Aliases[i], out _);
                map.TryAdd(key, (field, i));
            }
        }

        return map;
    }
}
