using Jianguan.Analytics.Data;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// What every reader (OCDS, CSV, XLSX) produces: fragments of the project → section → bid tree, merged by natural
/// key when written. A fragment may carry only some levels or some fields; null means "not said by this row" and
/// never erases a stored value.
/// </summary>
public sealed class ProjectData
{
    public required string Code { get; init; }
    public string? Name { get; set; }
    public TradingCategory? Category { get; set; }
    public string? CategoryDetail { get; set; }
    public string? Region { get; set; }
    public PartyRef? Tenderer { get; set; }
    public PartyRef? Agency { get; set; }
    public string? SupervisingDepartment { get; set; }
    public string? TenderMode { get; set; }
    public decimal? Budget { get; set; }

    /// <summary>ISO 4217 code of the budget when the source names one (OCDS); null = CNY.</summary>
    public string? BudgetCurrency { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? SourceUrl { get; set; }
    public List<SectionData> Sections { get; } = [];
}

public sealed class SectionData
{
    public required string Code { get; init; }
    public string? Name { get; set; }
    public decimal? ControlPrice { get; set; }
    public string? ControlPriceCurrency { get; set; }
    public decimal? EstimatedPrice { get; set; }
    public string? EstimatedPriceCurrency { get; set; }

    /// <summary>开标基准价 (kbjj), in yuan.</summary>
    public decimal? BenchmarkPrice { get; set; }
    public DateTimeOffset? NoticeAt { get; set; }
    public DateTimeOffset? BidOpenAt { get; set; }
    public int? DeclaredBidderCount { get; set; }
    public string? EvaluationMethod { get; set; }
    public PartyRef? Winner { get; set; }
    public decimal? AwardAmount { get; set; }
    public string? AwardCurrency { get; set; }
    public decimal? AwardDiscountRate { get; set; }
    public DateTimeOffset? AwardAt { get; set; }

    /// <summary>The earliest signing date of the section's contracts (合同签订时间).</summary>
    public DateTimeOffset? SignedOn { get; set; }
    public List<BidData> Bids { get; } = [];
    public List<CandidateData> Candidates { get; } = [];
    public List<ContractData> Contracts { get; } = [];
}

/// <summary>A contract of the section (OCDS contracts[]), keyed by its code within the section.</summary>
public sealed class ContractData
{
    public required string Code { get; init; }
    public string? AwardCode { get; set; }
    public string? Title { get; set; }
    public decimal? Value { get; set; }
    public string? Currency { get; set; }
    public DateTimeOffset? SignedOn { get; set; }
    public PartyRef? Supplier { get; set; }
}

public sealed class BidData
{
    public required PartyRef Bidder { get; init; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public decimal? Rate { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public BidStatus? Status { get; set; }
    public string? UploadIp { get; set; }
    public string? Mac { get; set; }
    public string? CpuSerial { get; set; }
    public string? DiskSerial { get; set; }
    public string? FileMachineCode { get; set; }
    public string? FileCreationCode { get; set; }
    public string? DongleSerial { get; set; }
    public string? DepositAccount { get; set; }
    public string? ProjectManager { get; set; }
    public string? PmCertificate { get; set; }
    public string? ContactPerson { get; set; }
    public string? ContactPhone { get; set; }
    public string? LegalRepresentative { get; set; }
    public string? DocHash { get; set; }
}

public sealed class CandidateData
{
    public required PartyRef Entity { get; init; }
    public int Rank { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public decimal? Score { get; set; }
}

/// <summary>
/// A market entity (bidder, tenderer, agency, winner, candidate) as a source names it: a name, and a credit code when
/// the source has one. Not the pages' EntityRef, which points at a stored entity by id.
/// </summary>
public sealed record PartyRef(string Name, string? CreditCode = null, string? LegalRepresentative = null);

/// <summary>
/// One rejected piece of input: where it is and why, in Chinese and English. <see cref="Line"/> is the row as the reader
/// counts it (the line of a CSV file, the row of a sheet, the record of a JSON Lines file) or 0 for the file as a whole; <see cref="Row"/> says so in
/// words for receipts ("文件" for the whole file).
/// </summary>
public sealed record ImportError(string File, long Line, string Field, string Reason)
{
    /// <summary>The row as a receipt shows it: its number, or 文件 for an error of the whole file.</summary>
    public string Row => Line > 0 ? Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "文件";
}

/// <summary>A note of the receipt that refuses nothing: a section opened before this import got more bids.</summary>
public sealed record ImportWarning(string File, string Project, string Section, int BidsBefore, int BidsAdded, string Message);

/// <summary>A reader's output item: a fragment read from a line (or record), or an error at that line.</summary>
public readonly record struct ReadItem(long Line, ProjectData? Data, ImportError? Error);
