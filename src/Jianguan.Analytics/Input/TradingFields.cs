namespace Jianguan.Analytics.Input;

/// <summary>
/// Canonical column names of the trading files the platform writes and reads: the national trading-data
/// specification's codes (docs/reference/trading-data-spec-fields.txt) where it has one, and our own upper-case
/// extension codes for the art. 40 fingerprints the specification does not carry. `demo generate` writes these
/// names; the importer and the engine accept them, their Chinese names and the common portal aliases
/// (<see cref="FieldCatalog"/>). A mapping file may name any of them.
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

    // Read only: the specification's codes for budget, notice URL, evaluation method and candidates, and a few
    // extension codes for portal columns. `demo generate` does not write them.
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
