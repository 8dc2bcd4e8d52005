namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Canonical column names of the trading files the platform writes and reads: the national trading-data
/// specification's codes (docs/reference/trading-data-spec-fields.txt) where it has one, and our own upper-case
/// extension codes for the art. 40 fingerprints the specification does not carry. `demo generate` writes these
/// names; the CSV/XLSX reader accepts them, their Chinese names and the common portal aliases.
/// </summary>
public static class TradingFields
{
    // Project level (TENDER_PROJECT).
    public const string ProjectCode = "TENDER_PROJECT_CODE";
    public const string ProjectName = "TENDER_PROJECT_NAME";
    public const string ProjectType = "TENDER_PROJECT_TYPE";
    public const string RegionCode = "REGION_CODE";
    public const string TendererName = "TENDERER_NAME";
    public const string TendererCode = "TENDERER_CODE";
    public const string AgencyName = "TENDER_AGENCY_NAME";
    public const string AgencyCode = "TENDER_AGENCY_CODE";
    public const string SuperviseDeptName = "SUPERVISE_DEPT_NAME";
    public const string TenderMode = "TENDER_MODE";
    public const string CreateTime = "CREATE_TIME";

    // Section level (SECTION, notices).
    public const string SectionCode = "BID_SECTION_CODE";
    public const string SectionName = "BID_SECTION_NAME";
    public const string ContractReckonPrice = "CONTRACT_RECKON_PRICE";

    /// <summary>招标控制价 / 最高限价 (extension: the specification has no column for it).</summary>
    public const string ControlPrice = "CONTROL_PRICE";
    public const string NoticeSendTime = "NOTICE_SEND_TIME";
    public const string BidOpenTime = "BID_OPEN_TIME";

    // Bid level (TENDER_LIST).
    public const string BidderName = "BIDDER_NAME";
    public const string BidderOrgCode = "BIDDER_ORG_CODE";
    public const string BidPrice = "BID_PRICE";
    public const string OtherBidPrice = "OTHER_BID_PRICE";
    public const string CheckinTime = "CHECKIN_TIME";
    public const string BidManager = "BID_MANAGER";
    public const string PmCertificates = "PM_CERTIFICATES";

    // Bid fingerprints (extension codes).
    public const string BidStatus = "BID_STATUS";
    public const string UploadIp = "UPLOAD_IP";
    public const string MacAddress = "MAC_ADDRESS";
    public const string CpuSerial = "CPU_SERIAL";
    public const string DiskSerial = "DISK_SERIAL";
    public const string FileMachineCode = "FILE_MACHINE_CODE";
    public const string FileCreationCode = "FILE_CREATION_CODE";
    public const string DongleSerial = "DONGLE_SERIAL";
    public const string DepositAccount = "DEPOSIT_ACCOUNT";
    public const string ContactName = "CONTACT_NAME";
    public const string ContactPhone = "CONTACT_PHONE";
    public const string LegalRepresent = "LEGAL_REPRESENT";
    public const string DocHash = "DOC_HASH";

    // Award level (WIN_RESULT_ANNO).
    public const string WinBidderName = "WIN_BIDDER_NAME";
    public const string WinBidderCode = "WIN_BIDDER_CODE";
    public const string BidAmount = "BID_AMOUNT";

    /// <summary>下浮率 of the award, percent (extension).</summary>
    public const string WinDiscountRate = "WIN_DISCOUNT_RATE";
}
