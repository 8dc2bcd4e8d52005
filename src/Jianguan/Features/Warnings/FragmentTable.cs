using System.Text;
using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Jianguan.Features.Trading.Import;

namespace Jianguan.Features.Warnings;

/// <summary>
/// The importer readers' fragments (OCDS, XLSX, importer CSV) gathered for the engine without a database: merged by
/// the importer's natural keys (project code; section code within its project; bidder by credit code, else by
/// normalised name) with its rule that a later non-null value wins, then added to a <see cref="BidTableBuilder"/>
/// as <see cref="MarketTableLoader"/> adds the same data once imported. Bids without a positive price are left out,
/// as both engine loaders do. Candidates, rates and the parties of the project play no part in the analysis.
/// </summary>
public sealed class FragmentTable
{
    private readonly Dictionary<string, ProjectEntry> projects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Project, string Section), SectionEntry> sections = [];
    private readonly List<SectionEntry> order = [];
    private readonly Dictionary<string, EntityEntry> entities = new(StringComparer.Ordinal);

    /// <summary>Sections that have at least one bid with a positive price: what the table will hold.</summary>
    public int SectionCount => order.Count(s => s.Bids.Values.Any(Priced));

    /// <summary>Bids with a positive price, one per section and bidder.</summary>
    public int BidCount => order.Sum(s => s.Bids.Values.Count(Priced));

    public void Add(ProjectData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var code = data.Code.Trim();
        if (!projects.TryGetValue(code, out var project))
        {
            projects[code] = project = new ProjectEntry(code);
        }

        project.Category = data.Category ?? project.Category;
        project.CategoryDetail = Text(data.CategoryDetail) ?? project.CategoryDetail;
        project.TenderMode = Text(data.TenderMode) ?? project.TenderMode;
        foreach (var s in data.Sections)
        {
            var key = (code, s.Code.Trim());
            if (!sections.TryGetValue(key, out var section))
            {
                sections[key] = section = new SectionEntry(project, key.Item2);
                order.Add(section);
            }

            // As the database loader reads them: an amount in another currency than yuan counts as missing.
            section.ControlPrice = Yuan(s.ControlPrice, s.ControlPriceCurrency, section.ControlPrice);
            section.EstimatedPrice = Yuan(s.EstimatedPrice, s.EstimatedPriceCurrency, section.EstimatedPrice);
            section.NoticeAt = s.NoticeAt ?? section.NoticeAt;
            section.BidOpenAt = s.BidOpenAt ?? section.BidOpenAt;
            section.AwardAmount = Yuan(s.AwardAmount, s.AwardCurrency, section.AwardAmount);
            section.Winner = s.Winner is null ? section.Winner : Entity(s.Winner);
            foreach (var b in s.Bids)
            {
                if (string.IsNullOrWhiteSpace(b.Bidder.Name))
                {
                    continue;
                }

                var bidder = Entity(b.Bidder);
                if (!section.Bids.TryGetValue(bidder, out var bid))
                {
                    section.Bids[bidder] = bid = new BidData { Bidder = b.Bidder };
                }

                Merge(bid, b);
            }
        }
    }

    /// <summary>Adds every section with a priced bid, and those bids, to the builder.</summary>
    public void AddTo(BidTableBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var anyStatus = false;
        var anyCheckin = false;
        var anyBid = false;
        foreach (var section in order)
        {
            if (!section.Bids.Values.Any(Priced))
            {
                continue;
            }

            var s = builder.Section(section.Id);
            var project = section.Project;
            EngineMapping.SetSection(builder, s, section.ControlPrice, section.EstimatedPrice, section.NoticeAt, section.BidOpenAt,
                section.AwardAmount, project.Category ?? TradingCategory.Other, project.CategoryDetail, project.TenderMode);
            foreach (var (key, bid) in section.Bids)
            {
                if (!Priced(bid))
                {
                    continue;
                }

                var entity = entities[key];
                var bidder = builder.Bidder(entity.Name);
                if (entity.Code is { } code)
                {
                    builder.SetBidderCode(bidder, code);
                }

                var i = builder.AddBid(s, bidder, (double)bid.Price!.Value);
                anyBid = true;
                if (bid.SubmittedAt is { } at)
                {
                    builder.SetCheckin(i, EngineMapping.Minutes(at));
                    anyCheckin = true;
                }

                if (EngineMapping.Status(bid.Status) is { } status)
                {
                    builder.SetStatus(i, status);
                    anyStatus = true;
                }

                if (section.Winner == key)
                {
                    builder.SetWon(i);
                }

                foreach (var kind in EngineMapping.Kinds)
                {
                    SetFingerprint(builder, i, kind, Fingerprint(bid, entity, kind));
                }
            }
        }

        builder.HasBidders |= anyBid;
        builder.HasStatus |= anyStatus;
        builder.HasCheckin |= anyCheckin;
    }

    /// <summary>A bid the engine reads: a positive price in yuan (Trading.Currencies; never mixed with another currency).</summary>
    private static bool Priced(BidData bid) => bid.Price is > 0m && Currencies.IsYuan(bid.Currency);

    private static decimal? Yuan(decimal? amount, string? currency, decimal? current) =>
        amount is null ? current : Currencies.IsYuan(currency) ? amount : null;

    private static void SetFingerprint(BidTableBuilder builder, int bid, FingerprintKind kind, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var hash = Analytics.Data.Fingerprint.Hash(text, kind);
        builder.SetFingerprint(bid, kind, hash);

        // These bids have no row in a CSV to read the text back from: the evidence keeps it now.
        builder.KeepRaw(kind, hash, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The same columns <see cref="MarketTableLoader"/> reads for each kind once the bid is imported.</summary>
    private static string? Fingerprint(BidData b, EntityEntry bidder, FingerprintKind kind) => kind switch
    {
        FingerprintKind.FileCode => b.FileCreationCode,
        FingerprintKind.MachineCode => b.FileMachineCode,
        FingerprintKind.Dongle => b.DongleSerial,
        FingerprintKind.Mac => b.Mac,
        FingerprintKind.Cpu => b.CpuSerial,
        FingerprintKind.Disk => b.DiskSerial,
        FingerprintKind.Ip => b.UploadIp,
        FingerprintKind.ContactPhone => b.ContactPhone,
        FingerprintKind.ProjectManager => b.ProjectManager,
        FingerprintKind.PmCertificate => b.PmCertificate,
        FingerprintKind.DocHash => b.DocHash,
        FingerprintKind.DepositAccount => b.DepositAccount,
        FingerprintKind.LegalRep => Text(b.LegalRepresentative) ?? bidder.LegalRepresentative,
        _ => null,
    };

    private string Entity(Trading.Import.PartyRef e)
    {
        var (key, code, _) = TradingWriter.EntityKey(e);
        var name = e.Name.Trim();
        var legal = Text(e.LegalRepresentative);
        if (entities.TryGetValue(key, out var known))
        {
            // As the importer's upsert: the latest name, a code or legal representative once known stays.
            known.Name = name.Length > 0 ? name : known.Name;
            known.Code = code ?? known.Code;
            known.LegalRepresentative = legal ?? known.LegalRepresentative;
        }
        else
        {
            entities[key] = new EntityEntry { Name = name, Code = code, LegalRepresentative = legal };
        }

        return key;
    }

    private static void Merge(BidData into, BidData from)
    {
        into.Currency = from.Price is null ? into.Currency : from.Currency;
        into.Price = from.Price ?? into.Price;
        into.Rate = from.Rate ?? into.Rate;
        into.SubmittedAt = from.SubmittedAt ?? into.SubmittedAt;
        into.Status = from.Status ?? into.Status;
        into.UploadIp = Text(from.UploadIp) ?? into.UploadIp;
        into.Mac = Text(from.Mac) ?? into.Mac;
        into.CpuSerial = Text(from.CpuSerial) ?? into.CpuSerial;
        into.DiskSerial = Text(from.DiskSerial) ?? into.DiskSerial;
        into.FileMachineCode = Text(from.FileMachineCode) ?? into.FileMachineCode;
        into.FileCreationCode = Text(from.FileCreationCode) ?? into.FileCreationCode;
        into.DongleSerial = Text(from.DongleSerial) ?? into.DongleSerial;
        into.DepositAccount = Text(from.DepositAccount) ?? into.DepositAccount;
        into.ProjectManager = Text(from.ProjectManager) ?? into.ProjectManager;
        into.PmCertificate = Text(from.PmCertificate) ?? into.PmCertificate;
        into.ContactPerson = Text(from.ContactPerson) ?? into.ContactPerson;
        into.ContactPhone = Text(from.ContactPhone) ?? into.ContactPhone;
        into.LegalRepresentative = Text(from.LegalRepresentative) ?? into.LegalRepresentative;
        into.DocHash = Text(from.DocHash) ?? into.DocHash;
    }

    /// <summary>The importer stores text trimmed and an empty text as absent.</summary>
    private static string? Text(string? value) => value?.Trim() is { Length: > 0 } t ? t : null;

    private sealed class ProjectEntry(string code)
    {
        public string Code { get; } = code;
        public TradingCategory? Category { get; set; }
        public string? CategoryDetail { get; set; }
        public string? TenderMode { get; set; }
    }

    private sealed class SectionEntry(ProjectEntry project, string code)
    {
        public ProjectEntry Project { get; } = project;

        /// <summary>
        /// The section's id in the output: its own code when that already names the project (national codes such as
        /// E3201…001 start with the project code), else project code / section code (OCDS lots "1", "lot-1").
        /// </summary>
        public string Id { get; } = code.StartsWith(project.Code, StringComparison.Ordinal) ? code : project.Code + "/" + code;

        public decimal? ControlPrice { get; set; }
        public decimal? EstimatedPrice { get; set; }
        public DateTimeOffset? NoticeAt { get; set; }
        public DateTimeOffset? BidOpenAt { get; set; }
        public decimal? AwardAmount { get; set; }
        public string? Winner { get; set; }
        public Dictionary<string, BidData> Bids { get; } = new(StringComparer.Ordinal);
    }

    private sealed class EntityEntry
    {
        public required string Name { get; set; }
        public string? Code { get; set; }
        public string? LegalRepresentative { get; set; }
    }
}
