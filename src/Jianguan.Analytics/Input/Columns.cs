using Jianguan.Analytics.Data;

namespace Jianguan.Analytics.Input;

/// <summary>What a CSV column means to the engine, whatever its header says.</summary>
public enum Column
{
    Unknown = -1,
    Tender,
    Project,
    Bidder,
    BidderCode,
    Bid,
    WinnerFlag,
    WinnerName,
    AwardAmount,
    OpenDate,
    NoticeDate,
    Checkin,
    Estimate,
    Control,
    Status,
    Category,
    Mode,
    FileCode,
    MachineCode,
    Dongle,
    Mac,
    Cpu,
    Disk,
    Ip,
    ContactPhone,
    ProjectManager,
    PmCertificate,
    DocHash,
    DepositAccount,
    LegalRep,
}

/// <summary>
/// Header aliases: the minimal CSV names, the platform's trading-file codes (TradingFields in the web project,
/// the national specification's names) and the Chinese headers that portals export.
/// </summary>
public static class Columns
{
    private static readonly Dictionary<string, Column> Aliases = Build();

    public static Column Of(string header)
    {
        var key = Normalize(header);
        return Aliases.TryGetValue(key, out var c) ? c : Column.Unknown;
    }

    public static FingerprintKind? Kind(Column c) => c switch
    {
        Column.FileCode => FingerprintKind.FileCode,
        Column.MachineCode => FingerprintKind.MachineCode,
        Column.Dongle => FingerprintKind.Dongle,
        Column.Mac => FingerprintKind.Mac,
        Column.Cpu => FingerprintKind.Cpu,
        Column.Disk => FingerprintKind.Disk,
        Column.Ip => FingerprintKind.Ip,
        Column.ContactPhone => FingerprintKind.ContactPhone,
        Column.ProjectManager => FingerprintKind.ProjectManager,
        Column.PmCertificate => FingerprintKind.PmCertificate,
        Column.DocHash => FingerprintKind.DocHash,
        Column.DepositAccount => FingerprintKind.DepositAccount,
        Column.LegalRep => FingerprintKind.LegalRep,
        _ => null,
    };

    private static string Normalize(string header)
    {
        // Drop a unit or note in brackets anywhere: 投标报价(元), 标段（包）编号.
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

    private static Dictionary<string, Column> Build()
    {
        var d = new Dictionary<string, Column>(StringComparer.Ordinal);
        void Add(Column c, params string[] names)
        {
            foreach (var n in names)
            {
                d[Normalize(n)] = c;
            }
        }

        Add(Column.Tender, "tender", "tender_id", "section", "section_id", "section_code", "BID_SECTION_CODE", "标段编号", "标段",
            "标段编码", "标段代码", "包件编号");
        Add(Column.Project, "TENDER_PROJECT_CODE", "project", "project_code", "项目编号", "招标项目编号");
        Add(Column.Bidder, "bidder", "bidder_name", "BIDDER_NAME", "firm", "投标单位名称", "投标人名称", "投标人", "投标单位",
            "供应商名称", "供应商", "投标企业", "投标企业名称");
        Add(Column.BidderCode, "bidder_code", "BIDDER_ORG_CODE", "bidder_org_code", "统一社会信用代码", "投标人代码",
            "投标单位代码", "组织机构代码", "信用代码");
        Add(Column.Bid, "bid", "bid_price", "BID_PRICE", "price", "投标报价", "投标报价金额", "投标价格", "投标总价", "报价",
            "投标金额", "报价金额", "投标价");
        Add(Column.WinnerFlag, "winner", "won", "is_winner", "是否中标", "中标");
        Add(Column.WinnerName, "WIN_BIDDER_NAME", "winner_name", "中标人名称", "中标单位名称", "中标人", "中标单位", "中标供应商");
        Add(Column.AwardAmount, "BID_AMOUNT", "award_amount", "中标金额", "中标价", "中标价格");
        Add(Column.OpenDate, "date", "BID_OPEN_TIME", "open_date", "open_time", "开标时间", "开标日期");
        Add(Column.NoticeDate, "NOTICE_SEND_TIME", "notice_date", "notice_time", "公告发布时间", "招标公告发布时间", "公告时间",
            "发布时间");
        Add(Column.Checkin, "CHECKIN_TIME", "checkin", "checkin_time", "submitted", "submit_time", "递交时间", "投标文件递交时间",
            "签到时间", "上传时间");
        Add(Column.Estimate, "estimate", "CONTRACT_RECKON_PRICE", "budget", "合同估算价", "估算价", "预算金额", "预算", "项目预算");
        Add(Column.Control, "CONTROL_PRICE", "control", "control_price", "招标控制价", "最高限价", "最高投标限价", "控制价",
            "zbkzj");
        Add(Column.Status, "status", "BID_STATUS", "bid_status", "投标状态", "状态", "是否有效", "有效性", "评审结果");
        Add(Column.Category, "category", "TENDER_PROJECT_TYPE", "project_type", "项目类型", "工程分类", "项目分类");
        Add(Column.Mode, "mode", "TENDER_MODE", "procurement_method", "招标方式", "采购方式", "交易方式");
        Add(Column.Ip, "ip", "UPLOAD_IP", "upload_ip", "上传IP", "IP地址", "投标IP", "投标文件上传IP");
        Add(Column.Mac, "mac", "MAC_ADDRESS", "mac_address", "MAC地址", "网卡MAC地址", "网卡地址");
        Add(Column.Cpu, "cpu", "CPU_SERIAL", "cpu_serial", "CPU序列号", "CPU编号");
        Add(Column.Disk, "disk", "DISK_SERIAL", "disk_serial", "硬盘序列号", "硬盘编号");
        Add(Column.MachineCode, "machine_code", "FILE_MACHINE_CODE", "文件制作机器码", "机器码", "制作机器码");
        Add(Column.FileCode, "file_code", "FILE_CREATION_CODE", "file_creation_code", "文件创建标识码", "文件创建码", "文件标识码",
            "创建标识码");
        Add(Column.Dongle, "dongle", "DONGLE_SERIAL", "dongle_serial", "加密锁号", "加密锁序列号", "锁号", "计价软件加密锁号",
            "加密锁");
        Add(Column.DepositAccount, "deposit_account", "DEPOSIT_ACCOUNT", "保证金账户", "保证金缴纳账号", "保证金账号",
            "保证金转出账户", "保证金缴纳账户");
        Add(Column.ProjectManager, "pm_id", "pm", "BID_MANAGER", "bid_manager", "项目负责人", "项目经理", "项目负责人姓名");
        Add(Column.PmCertificate, "PM_CERTIFICATES", "pm_certificate", "pm_cert", "项目负责人证书", "注册证书编号",
            "建造师证书编号", "项目负责人证书编号");
        Add(Column.ContactPhone, "contact_phone", "CONTACT_PHONE", "phone", "联系电话", "联系人电话", "委托代理人电话");
        Add(Column.LegalRep, "legal_rep", "LEGAL_REPRESENT", "legal_represent", "法定代表人", "法人代表", "法人");
        Add(Column.DocHash, "doc_hash", "DOC_HASH", "document_hash", "文件哈希", "投标文件哈希", "文件摘要", "文件哈希值");
        return d;
    }
}
