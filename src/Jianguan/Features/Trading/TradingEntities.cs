using Jianguan.Analytics.Data;
using Jianguan.Platform.Crypto;

namespace Jianguan.Features.Trading;

/// <summary>Trading categories of RULES.md §6.</summary>
public enum TradingCategory
{
    Construction,          // 工程建设项目招标投标
    GovernmentProcurement, // 政府采购
    LandAndMining,         // 土地使用权和矿业权出让
    StateAssets,           // 国有产权交易
    MedicalProcurement,    // 医药采购
    Other,                 // 其他
}

/// <summary>A market participant: bidder, tenderer or agency, keyed by credit code when it has one.</summary>
public sealed class MarketEntity
{
    public long Id { get; set; }

    /// <summary>Natural key: the credit code when present, else "name:" + the normalised name.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }

    /// <summary>统一社会信用代码 as received; kept even when invalid.</summary>
    public string? CreditCode { get; set; }
    public bool CreditCodeValid { get; set; }

    /// <summary>法定代表人: a natural person's name, encrypted at rest (issue 17, item 10).</summary>
    [Encrypted(BlindIndex = nameof(LegalRepresentativeHash), Normalisation = BlindNormalisation.Plain)]
    public string? LegalRepresentative { get; set; }

    /// <summary>Blind index of <see cref="LegalRepresentative"/> (art. 40 "same legal representative").</summary>
    public string? LegalRepresentativeHash { get; set; }

    /// <summary>"name:" + the normalised name, whatever the key: finds the coded entity of a firm first seen by name only.</summary>
    public string? NameKey { get; set; }

    /// <summary>
    /// Set on a firm first seen by name only once the same firm is seen with its credit code: the coded entity it was
    /// merged into. The row stays as an alias (history); its bids and other references moved to that entity.
    /// </summary>
    public long? MergedIntoId { get; set; }

    /// <summary>When the merge happened.</summary>
    public DateTimeOffset? MergedAt { get; set; }
}

public sealed class TradingProject
{
    public long Id { get; set; }

    /// <summary>项目编号 / 招标项目编号 / OCDS ocid: the natural key.</summary>
    public required string Code { get; set; }
    public string? Name { get; set; }
    public TradingCategory Category { get; set; } = TradingCategory.Other;

    /// <summary>The category as the source named it (施工项目, 监理项目, goods …).</summary>
    public string? CategoryDetail { get; set; }
    public string? Region { get; set; }
    public long? TendererId { get; set; }
    public MarketEntity? Tenderer { get; set; }
    public long? AgencyId { get; set; }
    public MarketEntity? Agency { get; set; }
    public string? SupervisingDepartment { get; set; }
    public int? SupervisingOrganisationId { get; set; }
    public string? TenderMode { get; set; }
    public decimal? Budget { get; set; }

    /// <summary>ISO 4217 code of <see cref="Budget"/> as the source gave it; null when the source names none (a Chinese source: CNY).</summary>
    public string? BudgetCurrency { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? SourceUrl { get; set; }
    public List<Section> Sections { get; } = [];
}

/// <summary>标段（包）: the unit that receives bids and is awarded.</summary>
public sealed class Section
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public TradingProject? Project { get; set; }

    /// <summary>标段（包）编号, unique within the project.</summary>
    public required string Code { get; set; }
    public string? Name { get; set; }

    /// <summary>招标控制价 / 最高限价.</summary>
    public decimal? ControlPrice { get; set; }

    /// <summary>ISO 4217 code of <see cref="ControlPrice"/>; null = not named by the source (CNY). See <see cref="Currencies"/>.</summary>
    public string? ControlPriceCurrency { get; set; }

    /// <summary>合同估算价 or the engineer's estimate.</summary>
    public decimal? EstimatedPrice { get; set; }

    /// <summary>ISO 4217 code of <see cref="EstimatedPrice"/>; null = CNY.</summary>
    public string? EstimatedPriceCurrency { get; set; }

    /// <summary>开标基准价 / 评标基准价 (kbjj of the Chinese portals), in yuan.</summary>
    public decimal? BenchmarkPrice { get; set; }
    public DateTimeOffset? NoticeAt { get; set; }
    public DateTimeOffset? BidOpenAt { get; set; }

    /// <summary>投标单位数量 as published, which may exceed the bids we hold.</summary>
    public int? DeclaredBidderCount { get; set; }
    public string? EvaluationMethod { get; set; }
    public long? WinnerId { get; set; }
    public MarketEntity? Winner { get; set; }

    /// <summary>中标金额.</summary>
    public decimal? AwardAmount { get; set; }

    /// <summary>ISO 4217 code of <see cref="AwardAmount"/>; null = CNY.</summary>
    public string? AwardCurrency { get; set; }

    /// <summary>下浮率 in percent of the control price.</summary>
    public decimal? AwardDiscountRate { get; set; }
    public DateTimeOffset? AwardAt { get; set; }

    /// <summary>
    /// 合同签订时间: when the section's (first) contract was signed, the last stage of the cycle notice → opening →
    /// award → contract. The contracts themselves are in <see cref="Contracts"/>.
    /// </summary>
    public DateTimeOffset? SignedOn { get; set; }
    public List<Bid> Bids { get; } = [];
    public List<Candidate> Candidates { get; } = [];
    public List<Contract> Contracts { get; } = [];
}

/// <summary>
/// 合同: a contract signed for a section's award (OCDS contracts[]), with its value, signing date and supplier (the
/// signatory on the supplier's side: the supplier of the award the contract implements).
/// </summary>
public sealed class Contract
{
    public long Id { get; set; }
    public long SectionId { get; set; }
    public Section? Section { get; set; }

    /// <summary>The contract's id in its source (OCDS contracts[].id), unique within the section.</summary>
    public required string Code { get; set; }

    /// <summary>The award it implements (OCDS awardID), as the source names it.</summary>
    public string? AwardCode { get; set; }
    public string? Title { get; set; }

    /// <summary>合同金额.</summary>
    public decimal? Value { get; set; }

    /// <summary>ISO 4217 code of <see cref="Value"/>; null = CNY.</summary>
    public string? Currency { get; set; }

    /// <summary>合同签订时间.</summary>
    public DateTimeOffset? SignedOn { get; set; }
    public long? SupplierId { get; set; }
    public MarketEntity? Supplier { get; set; }
}

/// <summary>One bid, with the fingerprints that 条例 art. 40 makes evidence of collusion.</summary>
public sealed class Bid
{
    public long Id { get; set; }
    public long SectionId { get; set; }
    public Section? Section { get; set; }
    public long BidderId { get; set; }
    public MarketEntity? Bidder { get; set; }
    public decimal? Price { get; set; }

    /// <summary>ISO 4217 code of <see cref="Price"/>; null = CNY.</summary>
    public string? Currency { get; set; }

    /// <summary>费率 or discount quoted instead of a price.</summary>
    public decimal? Rate { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public BidStatus Status { get; set; } = BidStatus.Valid;
    public string? UploadIp { get; set; }
    public string? Mac { get; set; }
    public string? CpuSerial { get; set; }
    public string? DiskSerial { get; set; }

    /// <summary>文件制作机器码.</summary>
    public string? FileMachineCode { get; set; }

    /// <summary>文件创建标识码.</summary>
    public string? FileCreationCode { get; set; }

    /// <summary>计价软件加密锁序列号.</summary>
    public string? DongleSerial { get; set; }
    /// <summary>保证金账户: a bank account number, encrypted at rest (issue 17, item 10).</summary>
    [Encrypted(BlindIndex = nameof(DepositAccountHash), Normalisation = BlindNormalisation.Digits)]
    public string? DepositAccount { get; set; }

    /// <summary>Blind index of <see cref="DepositAccount"/> (art. 40 "same deposit account").</summary>
    public string? DepositAccountHash { get; set; }

    /// <summary>项目负责人: a natural person's name, encrypted at rest.</summary>
    [Encrypted(BlindIndex = nameof(ProjectManagerHash), Normalisation = BlindNormalisation.Plain)]
    public string? ProjectManager { get; set; }

    /// <summary>Blind index of <see cref="ProjectManager"/>.</summary>
    public string? ProjectManagerHash { get; set; }

    /// <summary>Registration certificate number of the project manager: personal data, encrypted at rest.</summary>
    [Encrypted(BlindIndex = nameof(PmCertificateHash), Normalisation = BlindNormalisation.Identifier)]
    public string? PmCertificate { get; set; }

    /// <summary>Blind index of <see cref="PmCertificate"/> (art. 40 "same project manager" across bids).</summary>
    public string? PmCertificateHash { get; set; }

    /// <summary>联系人: a natural person's name, encrypted at rest.</summary>
    [Encrypted(BlindIndex = nameof(ContactPersonHash), Normalisation = BlindNormalisation.Plain)]
    public string? ContactPerson { get; set; }

    /// <summary>Blind index of <see cref="ContactPerson"/>.</summary>
    public string? ContactPersonHash { get; set; }

    /// <summary>Mobile number of the bid's contact: personal data, encrypted at rest.</summary>
    [Encrypted(BlindIndex = nameof(ContactPhoneHash), Normalisation = BlindNormalisation.Digits)]
    public string? ContactPhone { get; set; }

    /// <summary>Blind index of <see cref="ContactPhone"/> (art. 40 "same contact" across bids).</summary>
    public string? ContactPhoneHash { get; set; }

    /// <summary>法定代表人 as written on the bid: encrypted at rest.</summary>
    [Encrypted(BlindIndex = nameof(LegalRepresentativeHash), Normalisation = BlindNormalisation.Plain)]
    public string? LegalRepresentative { get; set; }

    /// <summary>Blind index of <see cref="LegalRepresentative"/>.</summary>
    public string? LegalRepresentativeHash { get; set; }

    /// <summary>Hash of the bid document, for identical-document detection.</summary>
    public string? DocHash { get; set; }
}

/// <summary>中标候选人 with rank.</summary>
public sealed class Candidate
{
    public long Id { get; set; }
    public long SectionId { get; set; }
    public Section? Section { get; set; }
    public long EntityId { get; set; }
    public MarketEntity? Entity { get; set; }
    public int Rank { get; set; }
    public decimal? Price { get; set; }

    /// <summary>ISO 4217 code of <see cref="Price"/>; null = CNY.</summary>
    public string? Currency { get; set; }
    public decimal? Score { get; set; }
}

/// <summary>A data-quality finding, kept apart from collusion warnings.</summary>
public sealed class DataQualityIssue
{
    public long Id { get; set; }

    /// <summary>What the issue is about: "entity", "bid", "section".</summary>
    public required string Subject { get; set; }
    public required string SubjectKey { get; set; }
    public required string Field { get; set; }
    public string? Value { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
}

/// <summary>One imported file: who, when, what it held.</summary>
public sealed class ImportBatch
{
    public long Id { get; set; }
    public required string FileName { get; set; }
    public required string Sha256 { get; set; }
    public required string Format { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public string? ImportedBy { get; set; }
    public int Projects { get; set; }
    public int Sections { get; set; }
    public int Bids { get; set; }
    public int Entities { get; set; }
    public int Rejected { get; set; }
}
