using Jianguan.Analytics.Input;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Where the importer stores each text field of <see cref="FieldCatalog"/>: the entity and property whose column
/// width (<see cref="ModelLimits"/>) bounds its values. Fields not listed are numbers, dates or flags, or not stored.
/// </summary>
internal static class FieldTargets
{
    private static readonly Dictionary<string, (Type Entity, string Property)> ByCode = new(StringComparer.Ordinal)
    {
        [TradingFields.ProjectCode] = (typeof(TradingProject), nameof(TradingProject.Code)),
        [TradingFields.RecordId] = (typeof(TradingProject), nameof(TradingProject.Code)),
        [TradingFields.SectionCode] = (typeof(Section), nameof(Section.Code)),
        [TradingFields.ProjectName] = (typeof(TradingProject), nameof(TradingProject.Name)),
        [TradingFields.ProjectType] = (typeof(TradingProject), nameof(TradingProject.CategoryDetail)),
        [TradingFields.EngineeringClass] = (typeof(TradingProject), nameof(TradingProject.CategoryDetail)),
        [TradingFields.RegionCode] = (typeof(TradingProject), nameof(TradingProject.Region)),
        [TradingFields.TendererName] = (typeof(MarketEntity), nameof(MarketEntity.Name)),
        [TradingFields.TendererCode] = (typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        [TradingFields.AgencyName] = (typeof(MarketEntity), nameof(MarketEntity.Name)),
        [TradingFields.AgencyCode] = (typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        [TradingFields.SuperviseDeptName] = (typeof(TradingProject), nameof(TradingProject.SupervisingDepartment)),
        [TradingFields.TenderMode] = (typeof(TradingProject), nameof(TradingProject.TenderMode)),
        [TradingFields.Url] = (typeof(TradingProject), nameof(TradingProject.SourceUrl)),
        [TradingFields.SectionName] = (typeof(Section), nameof(Section.Name)),
        [TradingFields.EvaluationMethod] = (typeof(Section), nameof(Section.EvaluationMethod)),
        [TradingFields.WinBidderName] = (typeof(MarketEntity), nameof(MarketEntity.Name)),
        [TradingFields.WinBidderCode] = (typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        [TradingFields.BidderName] = (typeof(MarketEntity), nameof(MarketEntity.Name)),
        [TradingFields.BidderOrgCode] = (typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        [TradingFields.BidManager] = (typeof(Bid), nameof(Bid.ProjectManager)),
        [TradingFields.PmCertificates] = (typeof(Bid), nameof(Bid.PmCertificate)),
        [TradingFields.UploadIp] = (typeof(Bid), nameof(Bid.UploadIp)),
        [TradingFields.MacAddress] = (typeof(Bid), nameof(Bid.Mac)),
        [TradingFields.CpuSerial] = (typeof(Bid), nameof(Bid.CpuSerial)),
        [TradingFields.DiskSerial] = (typeof(Bid), nameof(Bid.DiskSerial)),
        [TradingFields.FileMachineCode] = (typeof(Bid), nameof(Bid.FileMachineCode)),
        [TradingFields.FileCreationCode] = (typeof(Bid), nameof(Bid.FileCreationCode)),
        [TradingFields.DongleSerial] = (typeof(Bid), nameof(Bid.DongleSerial)),
        [TradingFields.DepositAccount] = (typeof(Bid), nameof(Bid.DepositAccount)),
        [TradingFields.ContactName] = (typeof(Bid), nameof(Bid.ContactPerson)),
        [TradingFields.ContactPhone] = (typeof(Bid), nameof(Bid.ContactPhone)),
        [TradingFields.LegalRepresent] = (typeof(MarketEntity), nameof(MarketEntity.LegalRepresentative)),
        [TradingFields.DocHash] = (typeof(Bid), nameof(Bid.DocHash)),
        [TradingFields.CandidateName] = (typeof(MarketEntity), nameof(MarketEntity.Name)),
        [TradingFields.CandidateCode] = (typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
        [TradingFields.CreditCode] = (typeof(MarketEntity), nameof(MarketEntity.CreditCode)),
    };

    public static (Type Entity, string Property)? Of(FieldDef field) =>
        ByCode.TryGetValue(field.Code, out var target) ? target : null;
}
