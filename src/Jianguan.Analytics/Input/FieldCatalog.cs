namespace Jianguan.Analytics.Input;

/// <summary>How a field's cells are parsed.</summary>
public enum FieldKind
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

/// <summary>What a field describes, which decides the importer's row kinds; the engine reads by <see cref="Column"/>.</summary>
public enum FieldLevel
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

/// <summary>Which readers accept a header: the trading importer, the engine's CSV loader, or both.</summary>
public enum HeaderReaders
{
    Both,
    Importer,
    Engine,
}

/// <summary>One header that names a field, and the readers that accept it.</summary>
public readonly record struct FieldAlias(string Header, HeaderReaders Readers)
{
    public static implicit operator FieldAlias(string header) => new(header, HeaderReaders.Both);

    public bool ReadByImporter => Readers != HeaderReaders.Engine;

    public bool ReadByEngine => Readers != HeaderReaders.Importer;
}

/// <summary>
/// One trading field: its code, type, bilingual label for messages, the engine column it feeds
/// (<see cref="Column.Unknown"/> when the engine does not read it) and the headers that name it, best first.
/// </summary>
public sealed record FieldDef(
    string Code, FieldKind Kind, FieldLevel Level, Column Column, string Zh, string En, FieldAlias[] Aliases)
{
    /// <summary>The headers the importer accepts, in its order of preference.</summary>
    public IEnumerable<string> ImporterHeaders => Aliases.Where(a => a.ReadByImporter).Select(a => a.Header);

    /// <summary>The headers the engine accepts; none when it has no column for the field.</summary>
    public IEnumerable<string> EngineHeaders =>
        Column == Column.Unknown ? [] : Aliases.Where(a => a.ReadByEngine).Select(a => a.Header);
}

/// <summary>
/// The one vocabulary of trading fields, read by the importer (CSV/XLSX, mapping files) and by the engine's CSV
/// loader: the national specification's codes and Chinese names (docs/reference/trading-data-spec-fields.txt), the
/// common portal names, and the minimal analysis layout (tender, bidder, bid …). Within one field, earlier aliases
/// win when a file has several of them.
/// <para>
/// A plain alias is accepted by both readers (the engine only for fields it has a column for).
/// <see cref="Importer"/> and <see cref="Engine"/> mark the headers only one of them accepts: widening either
/// side moves files between them (the engine's loader takes a file by the roles its headers give it, the importer
/// parses flags and statuses strictly), so such a change is a decision of its own, not a side effect of this list.
/// A header that names different fields on the two sides appears in both fields, marked for each.
/// </para>
/// </summary>
public static class FieldCatalog
{
    /// <summary>The unit a money header may name in its suffix, which scales its numbers by 10 000.</summary>
    public const string TenThousandYuan = "万元";

    public static readonly IReadOnlyList<FieldDef> All =
    [
        // Keys.
        new(TradingFields.ProjectCode, FieldKind.Key, FieldLevel.Key, Column.Project, "项目编号", "project code",
            ["TENDER_PROJECT_CODE", "招标项目编号", Importer("PURCHASE_PROJECT_CODE"), Importer("采购项目编号"), "项目编号",
             "PROJECT_CODE", Importer("TENDER_SELF_CODE"), Importer("招标编号"), Importer("工程编号"), Importer("项目代码"),
             Importer("采购编号"), Importer("project_id"), Engine("project"),

             // The minimal layout's "tender" is a project here, whose only section it also keys when the file has no
             // section column, and a section in the engine: the two agree unless a file has both a tender and a
             // section column.
             Importer("tender"), Importer("tender_id")]),
        new(TradingFields.RecordId, FieldKind.Key, FieldLevel.Key, Column.Unknown, "记录编号", "record id",
            ["RECORD_ID", "关系id", "id", "记录id"]),
        new(TradingFields.SectionCode, FieldKind.Key, FieldLevel.Key, Column.Tender, "标段编号", "section code",
            ["BID_SECTION_CODE", "标段(包)编号", "标段编号", Importer("标包编号"), Importer("包编号"), Importer("分包编号"),
             Importer("标段号"), Importer("包号"), Importer("PURCHASE_SECTION_CODE"), Importer("采购项目子包编号"), "section",
             "section_id", Engine("tender"), Engine("tender_id"), Engine("section_code"), Engine("标段"), Engine("标段编码"),
             Engine("标段代码"), Engine("包件编号")]),

        // Project.
        new(TradingFields.ProjectName, FieldKind.Text, FieldLevel.Project, Column.Unknown, "项目名称", "project name",
            ["TENDER_PROJECT_NAME", "招标项目名称", "PURCHASE_PROJECT_NAME", "采购项目名称", "项目名称", "PROJECT_NAME", "工程名称", "采购项目",
             "project_name", "title"]),
        new(TradingFields.ProjectType, FieldKind.Text, FieldLevel.Project, Column.Category, "项目类型", "project type",
            ["TENDER_PROJECT_TYPE", Importer("招标项目类型"), Importer("采购项目类型"), "项目类型", "project_type", "项目分类",
             Importer("项目类别"), Importer("交易类型"), Importer("交易分类"), Importer("业务类型"), "category"]),
        new(TradingFields.EngineeringClass, FieldKind.Text, FieldLevel.Project, Column.Category, "工程分类", "works class",
            [Importer("ENGINEERING_CLASS"), "工程分类", Importer("工程类别"), Importer("工程类型"), Importer("INDUSTRIES_TYPE"),
             Importer("项目行业分类"), Importer("行业分类")]),
        new(TradingFields.RegionCode, FieldKind.Text, FieldLevel.Project, Column.Unknown, "项目所在地", "region",
            ["REGION_CODE", "招标项目所在行政区域代码", "项目所在行政区域代码", "项目所在地", "项目地点", "所在地区", "行政区域", "所属区域", "所属地区", "地区", "区域",
             "地址", "region"]),
        new(TradingFields.TendererName, FieldKind.Text, FieldLevel.Project, Column.Unknown, "招标人名称", "tenderer name",
            ["TENDERER_NAME", "招标人名称", "招标人", "PURCHASER_NAME", "采购人名称", "采购人", "招标单位", "建设单位", "OWNER_NAME", "项目业主名称",
             "业主单位", "tenderer", "buyer"]),
        new(TradingFields.TendererCode, FieldKind.CreditCode, FieldLevel.Project, Column.Unknown, "招标人代码", "tenderer code",
            ["TENDERER_CODE", "招标人代码", "招标人统一社会信用代码", "PURCHASER_CODE", "采购人代码"]),
        new(TradingFields.AgencyName, FieldKind.Text, FieldLevel.Project, Column.Unknown, "招标代理机构名称", "agency name",
            ["TENDER_AGENCY_NAME", "招标代理机构名称", "招标代理机构", "招标代理", "PURCHASER_AGENCY_NAME", "采购代理机构名称", "采购代理机构", "代理机构",
             "agency"]),
        new(TradingFields.AgencyCode, FieldKind.CreditCode, FieldLevel.Project, Column.Unknown, "招标代理机构代码", "agency code",
            ["TENDER_AGENCY_CODE", "招标代理机构代码", "PURCHASER_AGENCY_CODE", "采购代理机构代码"]),
        new(TradingFields.SuperviseDeptName, FieldKind.Text, FieldLevel.Project, Column.Unknown, "监督部门名称", "supervising department",
            ["SUPERVISE_DEPT_NAME", "监督部门名称", "监督部门", "行业监督部门", "监管部门"]),
        new(TradingFields.TenderMode, FieldKind.Text, FieldLevel.Project, Column.Mode, "招标方式", "tender mode",
            ["TENDER_MODE", "招标方式", Importer("PURCHASER_MODE"), "采购方式", Importer("BID_TENDER_MODE"),
             Importer("标段(包)招标方式"), "交易方式", "tender_mode", Engine("mode"), Engine("procurement_method")]),
        new(TradingFields.CreateTime, FieldKind.Date, FieldLevel.Project, Column.Unknown, "项目建立时间", "project creation time",
            ["CREATE_TIME", "招标项目建立时间", "项目建立时间", "项目创建时间", "创建时间", "立项时间"]),
        new(TradingFields.Budget, FieldKind.Money, FieldLevel.Project, Column.Estimate, "项目预算", "budget",
            [Importer("PROGRAM_BUDGET"), "项目预算", "预算", "预算金额", Importer("采购预算"), Importer("预算价"), "budget"]),
        new(TradingFields.Url, FieldKind.Text, FieldLevel.Project, Column.Unknown, "公告网址", "notice URL",
            ["URL", "公告源url", "招标公告网址", "网址", "公告网址", "公告链接", "原文链接", "链接", "中标公告网址", "开标网址", "source_url"]),

        // Section.
        new(TradingFields.SectionName, FieldKind.Text, FieldLevel.Section, Column.Unknown, "标段名称", "section name",
            ["BID_SECTION_NAME", "标段(包)名称", "标段名称", "标包名称", "包名称", "分包名称", "PURCHASE_SECTION_NAME", "采购项目子包名称",
             "section_name"]),
        new(TradingFields.ContractReckonPrice, FieldKind.Money, FieldLevel.Section, Column.Estimate, "合同估算价", "estimated price",
            ["CONTRACT_RECKON_PRICE", Importer("标段合同估算价"), "合同估算价", "估算价", Importer("预估价"), Importer("工程估价"),
             "estimate"]),
        new(TradingFields.ControlPrice, FieldKind.Money, FieldLevel.Section, Column.Control, "招标控制价", "control price",
            ["CONTROL_PRICE", "招标控制价", "最高限价", "最高投标限价", Importer("投标最高限价"), "控制价", Importer("拦标价"), Importer("投标限价"),
             Importer("上限价"), "zbkzj", "control_price", Engine("control")]),
        new(TradingFields.NoticeSendTime, FieldKind.Date, FieldLevel.Section, Column.NoticeDate, "公告发布时间", "notice time",
            ["NOTICE_SEND_TIME", "公告发布时间", "招标公告发布时间", "发布时间", "公告时间", Importer("公告日期"), Importer("发布日期"),
             Engine("notice_date"), Engine("notice_time")]),
        new(TradingFields.BidOpenTime, FieldKind.Date, FieldLevel.Section, Column.OpenDate, "开标时间", "bid opening time",
            ["BID_OPEN_TIME", Importer("开标时间/开启时间"), "开标时间", "开标日期", Importer("开启时间"), "date", Importer("tender_date"),
             "bid_open_time", Engine("open_date"), Engine("open_time")]),
        new(TradingFields.BidderCount, FieldKind.Integer, FieldLevel.Section, Column.Unknown, "投标单位数量", "number of bidders",
            ["BIDDER_COUNT", "投标单位数量", "投标人数量", "投标单位数", "投标人数", "投标家数", "投标企业数量", "供应商数量", "n_bidders"]),
        new(TradingFields.EvaluationMethod, FieldKind.Text, FieldLevel.Section, Column.Unknown, "评标办法", "evaluation method",
            ["QUAL_TYPE", "评审办法", "评标办法", "评标方法", "评审方法", "evaluation_method"]),
        new(TradingFields.BenchmarkPrice, FieldKind.Money, FieldLevel.Section, Column.Unknown, "开标基准价", "benchmark price",
            ["BENCHMARK_PRICE", "kbjj", "基准价", "评标基准价", "开标基准价"]),

        // Award.
        new(TradingFields.WinBidderName, FieldKind.Text, FieldLevel.Award, Column.WinnerName, "中标人名称", "winner name",
            ["WIN_BIDDER_NAME", Importer("中标投标人名称"), "中标人名称", "中标单位名称", "中标单位", "中标人", Importer("WINNINGBIDDER_NAME"),
             Importer("中标(成交)供应商名称"), Importer("中标供应商名称"), "中标供应商", Importer("成交供应商名称"), Importer("成交供应商"),
             Importer("成交单位"), Engine("winner_name")]),
        new(TradingFields.WinBidderCode, FieldKind.CreditCode, FieldLevel.Award, Column.Unknown, "中标人代码", "winner code",
            ["WIN_BIDDER_CODE", "中标投标人代码", "中标人代码", "中标单位代码", "中标人统一社会信用代码", "中标单位统一社会信用代码", "WINNINGBIDDER_CODE",
             "中标(成交)供应商代码"]),
        new(TradingFields.BidAmount, FieldKind.Money, FieldLevel.Award, Column.AwardAmount, "中标金额", "award amount",
            ["BID_AMOUNT", "中标金额", "中标价", "中标价格", "中标(成交)价格", "中标(成交)金额", Importer("WIN_BID_PRICE"), Importer("成交金额"),
             Importer("成交价格"), Importer("成交价"), "award_amount"]),
        new(TradingFields.WinDiscountRate, FieldKind.Rate, FieldLevel.Award, Column.Unknown, "下浮率", "discount rate",
            ["WIN_DISCOUNT_RATE", "下浮率", "中标下浮率", "WIN_BID_RATE", "中标优惠率"]),
        new(TradingFields.WinTime, FieldKind.Date, FieldLevel.Award, Column.Unknown, "中标时间", "award time",
            ["WIN_TIME", "中标时间", "中标日期", "定标时间", "定标日期", "中标公告发布时间", "中标公告时间", "结果公告时间", "WIN_BID_BULLETIN_START_TIME",
             "award_date"]),

        // Bid.
        new(TradingFields.BidderName, FieldKind.Text, FieldLevel.Bid, Column.Bidder, "投标人名称", "bidder name",
            ["BIDDER_NAME", "投标人名称", "投标人", "投标单位名称", "投标单位", "投标企业名称", "投标企业", "供应商名称", Importer("投标供应商"), "bidder",
             Engine("firm"), Engine("供应商")]),
        new(TradingFields.BidderOrgCode, FieldKind.CreditCode, FieldLevel.Bid, Column.BidderCode, "投标人代码", "bidder code",
            ["BIDDER_ORG_CODE", "投标人代码", Importer("投标人统一社会信用代码"), Importer("投标单位统一社会信用代码"), Importer("供应商代码"),
             "bidder_code", Engine("投标单位代码")]),
        new(TradingFields.BidPrice, FieldKind.Money, FieldLevel.Bid, Column.Bid, "投标报价", "bid price",
            ["BID_PRICE", "投标报价金额", "投标报价", "投标价格", "投标价", "投标金额", "投标总价", Importer("投标总报价"), "报价金额", "报价", "bid",
             "price"]),
        new(TradingFields.OtherBidPrice, FieldKind.Rate, FieldLevel.Bid, Column.Unknown, "费率或其它类型报价", "rate quoted",
            ["OTHER_BID_PRICE", "费率或其它类型报价", "投标费率", "费率", "投标下浮率", "报价下浮率", "rate"]),
        new(TradingFields.CheckinTime, FieldKind.Date, FieldLevel.Bid, Column.Checkin, "投标文件递交时间", "submission time",
            ["CHECKIN_TIME", "投标文件递交时间", "递交时间", Importer("投标时间"), Importer("投标文件上传时间"), "上传时间",
             Importer("submitted_at"), Engine("checkin"), Engine("submitted"), Engine("submit_time"), Engine("签到时间")]),
        new(TradingFields.BidManager, FieldKind.Text, FieldLevel.Bid, Column.ProjectManager, "项目负责人", "project manager",
            ["BID_MANAGER", Importer("投标单位项目负责人"), "项目负责人", "项目经理", Importer("拟派项目经理"), Importer("项目总监"),
             Importer("总监理工程师"), "pm", Engine("项目负责人姓名"),

             // pm_id is the manager to the engine (its fingerprint of a shared manager) and the certificate number to
             // the importer (PmCertificates).
             Engine("pm_id")]),
        new(TradingFields.PmCertificates, FieldKind.Text, FieldLevel.Bid, Column.PmCertificate, "项目负责人证书", "project manager certificate",
            ["PM_CERTIFICATES", Importer("项目负责人相关证书和编号"), Importer("PM_CODE"), Importer("项目负责人证件号码"),
             Importer("项目经理证书编号"), "项目负责人证书编号", "注册证书编号", Importer("pm_id"), Engine("pm_certificate"),
             Engine("pm_cert"), Engine("项目负责人证书"), Engine("建造师证书编号")]),
        new(TradingFields.BidStatus, FieldKind.Status, FieldLevel.Bid, Column.Status, "投标状态", "bid status",
            ["BID_STATUS", "投标状态", Importer("投标文件状态"), "状态", "是否有效", "有效性", "status", Engine("评审结果")]),
        new(TradingFields.UploadIp, FieldKind.Text, FieldLevel.Bid, Column.Ip, "上传 IP", "upload IP",
            ["UPLOAD_IP", "上传ip", "投标ip", "投标文件上传ip", "ip地址", "ip"]),
        new(TradingFields.MacAddress, FieldKind.Text, FieldLevel.Bid, Column.Mac, "MAC 地址", "MAC address",
            ["MAC_ADDRESS", "mac地址", Importer("网卡mac"), "网卡地址", "mac", Engine("网卡MAC地址")]),
        new(TradingFields.CpuSerial, FieldKind.Text, FieldLevel.Bid, Column.Cpu, "CPU 序列号", "CPU serial",
            ["CPU_SERIAL", "cpu序列号", "cpu编号", "cpu"]),
        new(TradingFields.DiskSerial, FieldKind.Text, FieldLevel.Bid, Column.Disk, "硬盘序列号", "disk serial",
            ["DISK_SERIAL", "硬盘序列号", "硬盘编号", "disk"]),
        new(TradingFields.FileMachineCode, FieldKind.Text, FieldLevel.Bid, Column.MachineCode, "文件制作机器码", "file machine code",
            ["FILE_MACHINE_CODE", "文件制作机器码", "制作机器码", "机器码", "machine_code"]),
        new(TradingFields.FileCreationCode, FieldKind.Text, FieldLevel.Bid, Column.FileCode, "文件创建标识码", "file creation code",
            ["FILE_CREATION_CODE", "文件创建标识码", "创建标识码", "file_code", Engine("文件创建码"), Engine("文件标识码")]),
        new(TradingFields.DongleSerial, FieldKind.Text, FieldLevel.Bid, Column.Dongle, "加密锁序列号", "dongle serial",
            ["DONGLE_SERIAL", Importer("计价软件加密锁序列号"), "加密锁序列号", "加密锁号", "加密锁", "锁号", "dongle", Engine("计价软件加密锁号")]),
        new(TradingFields.DepositAccount, FieldKind.Text, FieldLevel.Bid, Column.DepositAccount, "保证金转出账户", "deposit account",
            ["DEPOSIT_ACCOUNT", "保证金转出账户", "保证金账户", "保证金账号", "保证金缴纳账号", "保证金缴纳账户", Importer("保证金付款账号"),
             "deposit_account"]),
        new(TradingFields.ContactName, FieldKind.Text, FieldLevel.Bid, Column.Unknown, "联系人", "contact person",
            ["CONTACT_NAME", "投标联系人", "联系人", "授权委托人", "委托代理人", "contact"]),
        new(TradingFields.ContactPhone, FieldKind.Text, FieldLevel.Bid, Column.ContactPhone, "联系电话", "contact phone",
            ["CONTACT_PHONE", "联系电话", Importer("联系方式"), Importer("手机号码"), Importer("手机"), Importer("电话"),
             "contact_phone", Engine("phone"), Engine("联系人电话"), Engine("委托代理人电话")]),
        new(TradingFields.LegalRepresent, FieldKind.Text, FieldLevel.Bid, Column.LegalRep, "法定代表人", "legal representative",
            ["LEGAL_REPRESENT", "法定代表人", Importer("法定代表人姓名"), "法人代表", "legal_rep", Engine("法人")]),
        new(TradingFields.DocHash, FieldKind.Text, FieldLevel.Bid, Column.DocHash, "投标文件哈希", "document hash",
            ["DOC_HASH", "投标文件哈希", "文件哈希", "文件摘要", Importer("文件md5"), Importer("文件hash"), "doc_hash",
             Engine("document_hash"), Engine("文件哈希值")]),
        new(TradingFields.WinnerFlag, FieldKind.Flag, FieldLevel.Bid, Column.WinnerFlag, "是否中标", "winner flag",
            [Importer("WINNER_FLAG"), "是否中标", Importer("中标标志"), "winner", "is_winner", Engine("won"), Engine("中标")]),

        // Candidates.
        new(TradingFields.CandidateName, FieldKind.Text, FieldLevel.Candidate, Column.Unknown, "中标候选人名称", "candidate name",
            ["WIN_CANDIDATE_NAME", "中标候选人名称", "中标候选人", "候选人名称", "候选人"]),
        new(TradingFields.CandidateCode, FieldKind.CreditCode, FieldLevel.Candidate, Column.Unknown, "中标候选人代码", "candidate code",
            ["WIN_CANDIDATE_CODE", "中标候选人代码", "候选人代码", "候选人统一社会信用代码"]),
        new(TradingFields.CandidateOrder, FieldKind.Integer, FieldLevel.Candidate, Column.Unknown, "中标候选人排名", "candidate rank",
            ["WIN_CANDIDATE_ORDER", "中标候选人排名", "候选人排名", "排名", "名次", "排序", "rank"]),
        new(TradingFields.EvaluationResult, FieldKind.Rate, FieldLevel.Candidate, Column.Unknown, "评分结果", "evaluation score",
            ["EVALUATION_RESULT", "评分结果", "综合得分", "评审得分", "总得分", "得分", "score"]),

        // Whose code depends on the row kind.
        new(TradingFields.CreditCode, FieldKind.CreditCode, FieldLevel.Party, Column.BidderCode, "统一社会信用代码", "credit code",
            [Importer("CREDIT_CODE"), "统一社会信用代码", Importer("社会信用代码"), "信用代码", Importer("credit_code"), Importer("uscc"),
             Engine("组织机构代码")]),
    ];

    // Declared before the alias tables, which are built with it.
    private static readonly (string Suffix, decimal Factor)[] UnitSuffixes =
    [
        ("(" + TenThousandYuan + ")", 10_000m), ("(单位:" + TenThousandYuan + ")", 10_000m), (TenThousandYuan, 10_000m),
        ("(元)", 1m), ("(单位:元)", 1m), ("(人民币元)", 1m), ("(%)", 1m), ("%", 1m), ("(百分比)", 1m),
    ];

    private static readonly Dictionary<string, FieldDef> ByCode = All.ToDictionary(f => f.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, (FieldDef Field, int Priority)> ByImporterHeader = BuildImporterHeaders();

    private static readonly Dictionary<string, FieldDef> ByEngineHeader = BuildEngineHeaders();

    private static readonly Dictionary<string, int> Ordinals =
        All.Select((f, i) => (f.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

    public static FieldDef? FindCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return ByCode.GetValueOrDefault(code.Trim());
    }

    /// <summary>The field's position in <see cref="All"/>, for array-indexed rows.</summary>
    public static int Ordinal(string code) => Ordinals[code];

    /// <summary>The field a header normalised by <see cref="NormaliseHeader"/> names for the importer, with its priority (lower wins), or null.</summary>
    public static (FieldDef Field, int Priority)? FindHeader(string normalisedHeader) =>
        ByImporterHeader.TryGetValue(normalisedHeader, out var hit) ? hit : null;

    /// <summary>The field a raw header names for the engine's loader, or null.</summary>
    public static FieldDef? FindEngineHeader(string header) => ByEngineHeader.GetValueOrDefault(EngineKey(header));

    /// <summary>True when a header says its amounts are in 万元 anywhere (the engine reads numbers as they stand).</summary>
    public static bool NamesTenThousandYuan(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.Contains(TenThousandYuan, StringComparison.Ordinal);
    }

    /// <summary>
    /// A header as the importer compares it: half-width, no white space, lower-case, unit suffix removed. Returns the
    /// unit multiplier the suffix named: 10 000 for (万元), else 1.
    /// </summary>
    public static string NormaliseHeader(string header, out decimal scale)
    {
        ArgumentNullException.ThrowIfNull(header);
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

    /// <summary>
    /// A header as the engine compares it: a unit or note in brackets dropped anywhere (投标报价(元), 标段（包）编号),
    /// spaces and hyphens as underscores, lower-case. Not the importer's form: each reader keeps the headers it took.
    /// </summary>
    private static string EngineKey(string header)
    {
        var sb = new System.Text.StringBuilder(header.Length);
        var depth = 0;
        foreach (var ch in header.Trim().Trim('\uFEFF').Trim())
        {
            if (ch is '(' or '（' or '[' or '【')
            {
                depth++;
            }
            else if (ch is ')' or '）' or ']' or '】')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                sb.Append(ch is ' ' or '-' ? '_' : char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString().Trim('_');
    }

    private static FieldAlias Importer(string header) => new(header, HeaderReaders.Importer);

    private static FieldAlias Engine(string header) => new(header, HeaderReaders.Engine);

    private static Dictionary<string, (FieldDef, int)> BuildImporterHeaders()
    {
        var map = new Dictionary<string, (FieldDef, int)>(StringComparer.Ordinal);
        foreach (var field in All)
        {
            var priority = 0;
            foreach (var header in field.ImporterHeaders)
            {
                map.TryAdd(NormaliseHeader(header, out _), (field, priority++));
            }
        }

        return map;
    }

    private static Dictionary<string, FieldDef> BuildEngineHeaders()
    {
        var map = new Dictionary<string, FieldDef>(StringComparer.Ordinal);
        foreach (var field in All)
        {
            foreach (var header in field.EngineHeaders)
            {
                var key = EngineKey(header);
                if (map.TryGetValue(key, out var other) && other != field)
                {
                    throw new InvalidOperationException($"engine header '{header}' names {other.Code} and {field.Code}");
                }

                map[key] = field;
            }
        }

        return map;
    }
}
