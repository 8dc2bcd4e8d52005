using Jianguan.Analytics.Data;
using Jianguan.Data;
using Jianguan.Features.Trading;
using Microsoft.EntityFrameworkCore;
using EngineStatus = Jianguan.Analytics.Data.BidStatus;
using TradingStatus = Jianguan.Features.Trading.BidStatus;

namespace Jianguan.Features.Alerts;

/// <summary>
/// The engine's <see cref="BidTable"/> built from the trading tables, with the maps back to database ids.
/// Section ids and bidder names in the table are the database ids as text, so that evidence naming sections
/// (cross-section links) can be linked to their pages.
/// </summary>
public sealed class MarketTable
{
    public required BidTable Table { get; init; }

    /// <summary>Database id of each table section.</summary>
    public required long[] SectionIds { get; init; }

    /// <summary>Database id of each table bid.</summary>
    public required long[] BidIds { get; init; }

    /// <summary>Database id (market entity) of each table bidder.</summary>
    public required long[] EntityIds { get; init; }

    /// <summary>When each section's facts happened (bid opening, else notice), UTC.</summary>
    public required DateTimeOffset?[] OccurredAt { get; init; }

    public int IndexOfSection(long id) => Array.BinarySearch(SectionIds, id);
}

/// <summary>
/// Reads sections, bids (with every fingerprint), winners, prices and dates in batches of sections and builds the
/// engine's table. Fingerprints are hashed as they are read (the table keeps no text); the text of the few values
/// that end up in evidence is read back by bid id (<see cref="ReadFingerprintsAsync"/>). Bids without a positive
/// price are left out, as the file loader of <c>jianguan analyze</c> does.
/// </summary>
public static class MarketTableLoader
{
    public const int SectionBatch = 2000;

    private sealed record SectionRow(
        long Id, decimal? ControlPrice, decimal? EstimatedPrice, DateTimeOffset? NoticeAt, DateTimeOffset? BidOpenAt,
        long? WinnerId, decimal? AwardAmount, TradingCategory Category, string? CategoryDetail, string? TenderMode);

    private sealed record BidRow(
        long Id, long SectionId, long BidderId, decimal? Price, DateTimeOffset? SubmittedAt, TradingStatus Status,
        string? FileCode, string? MachineCode, string? Dongle, string? Mac, string? Cpu, string? Disk, string? Ip,
        string? Phone, string? Manager, string? Certificate, string? DocHash, string? Deposit, string? LegalRep);

    /// <summary>The fingerprint columns of a bid in the order of <see cref="FingerprintKind"/>.</summary>
    private static readonly FingerprintKind[] Kinds = Enum.GetValues<FingerprintKind>();

    /// <summary>Loads the given sections (all sections when null) into one table, sections in id order.</summary>
    public static async Task<MarketTable> LoadAsync(JianguanDbContext db, IReadOnlyCollection<long>? sections, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        long[] ids = sections is null
            ? await db.Sections.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Id).ToArrayAsync(ct)
            : [.. sections.Distinct().Order()];

        var builder = new BidTableBuilder(keepRaw: false) { HasBidders = true };
        var sectionIds = new List<long>();
        var occurred = new List<DateTimeOffset?>();
        var bidIds = new List<long>();
        var entityIndex = new Dictionary<long, int>();
        var entityIds = new List<long>();
        var anyStatus = false;
        var anyCheckin = false;
        var number = new char[24];
        for (var start = 0; start < ids.Length; start += SectionBatch)
        {
            var chunk = ids.AsSpan(start, Math.Min(SectionBatch, ids.Length - start)).ToArray();
            var lo = chunk[0];
            var hi = chunk[^1];
            var rows = await db.Sections.AsNoTracking()
                .Where(s => s.Id >= lo && s.Id <= hi && chunk.Contains(s.Id))
                .Select(s => new SectionRow(s.Id, s.ControlPrice, s.EstimatedPrice, s.NoticeAt, s.BidOpenAt, s.WinnerId,
                    s.AwardAmount, s.Project!.Category, s.Project.CategoryDetail, s.Project.TenderMode))
                .ToDictionaryAsync(s => s.Id, ct);
            var bids = await db.Bids.AsNoTracking()
                .Where(b => b.SectionId >= lo && b.SectionId <= hi && chunk.Contains(b.SectionId) && b.Price > 0)
                .OrderBy(b => b.SectionId).ThenBy(b => b.Id)
                .Select(b => new BidRow(b.Id, b.SectionId, b.BidderId, b.Price, b.SubmittedAt, b.Status,
                    b.FileCreationCode, b.FileMachineCode, b.DongleSerial, b.Mac, b.CpuSerial, b.DiskSerial, b.UploadIp,
                    b.ContactPhone, b.ProjectManager, b.PmCertificate, b.DocHash, b.DepositAccount,
                    b.LegalRepresentative ?? b.Bidder!.LegalRepresentative))
                .ToListAsync(ct);

            var current = -1L;
            var s = -1;
            long? winner = null;
            foreach (var b in bids)
            {
                if (b.SectionId != current)
                {
                    current = b.SectionId;
                    var row = rows[current];
                    b.SectionId.TryFormat(number, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                    s = builder.Section(number.AsSpan(0, written));
                    sectionIds.Add(current);
                    occurred.Add(row.BidOpenAt ?? row.NoticeAt);
                    SetSection(builder, s, row);
                    winner = row.WinnerId;
                }

                if (!entityIndex.TryGetValue(b.BidderId, out var bidder))
                {
                    b.BidderId.TryFormat(number, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                    bidder = builder.Bidder(number.AsSpan(0, written));
                    entityIndex.Add(b.BidderId, bidder);
                    entityIds.Add(b.BidderId);
                }

                var i = builder.AddBid(s, bidder, (double)b.Price!.Value);
                bidIds.Add(b.Id);
                if (b.SubmittedAt is { } at)
                {
                    builder.SetCheckin(i, Minutes(at));
                    anyCheckin = true;
                }

                if (b.Status is TradingStatus.Disqualified or TradingStatus.Withdrawn)
                {
                    builder.SetStatus(i, b.Status == TradingStatus.Disqualified ? EngineStatus.Disqualified : EngineStatus.Withdrawn);
                    anyStatus = true;
                }

                if (winner == b.BidderId)
                {
                    builder.SetWon(i);
                }

                SetFingerprints(builder, i, b);
            }
        }

        await SetCreditCodesAsync(db, builder, entityIds, ct);
        builder.HasStatus = anyStatus;
        builder.HasCheckin = anyCheckin;
        var table = builder.Build();
        if (table.BidCount != bidIds.Count || table.SectionCount != sectionIds.Count)
        {
            throw new InvalidOperationException("the engine's table does not match the bids read");
        }

        return new MarketTable
        {
            Table = table,
            SectionIds = [.. sectionIds],
            BidIds = [.. bidIds],
            EntityIds = [.. entityIds],
            OccurredAt = [.. occurred],
        };
    }

    /// <summary>The text of the given fingerprints of the given bids (for evidence), by bid id.</summary>
    public static async Task<Dictionary<(long Bid, FingerprintKind Kind), string>> ReadFingerprintsAsync(
        JianguanDbContext db, IEnumerable<(long Bid, FingerprintKind Kind)> wanted, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var result = new Dictionary<(long, FingerprintKind), string>();
        var ids = wanted.Select(w => w.Bid).Distinct().Order().ToArray();
        for (var start = 0; start < ids.Length; start += SectionBatch)
        {
            var chunk = ids.AsSpan(start, Math.Min(SectionBatch, ids.Length - start)).ToArray();
            var rows = await db.Bids.AsNoTracking()
                .Where(b => chunk.Contains(b.Id))
                .Select(b => new BidRow(b.Id, b.SectionId, b.BidderId, b.Price, b.SubmittedAt, b.Status,
                    b.FileCreationCode, b.FileMachineCode, b.DongleSerial, b.Mac, b.CpuSerial, b.DiskSerial, b.UploadIp,
                    b.ContactPhone, b.ProjectManager, b.PmCertificate, b.DocHash, b.DepositAccount,
                    b.LegalRepresentative ?? b.Bidder!.LegalRepresentative))
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                foreach (var kind in Kinds)
                {
                    if (Read(row, kind) is { } text && !string.IsNullOrWhiteSpace(text))
                    {
                        result[(row.Id, kind)] = text.Trim();
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Minutes since 0001-01-01 in Beijing time, the engine's clock.</summary>
    public static long Minutes(DateTimeOffset at) => Timestamp.FromDateTime(at.ToOffset(TradingLabels.ChinaOffset).DateTime);

    private static void SetSection(BidTableBuilder builder, int s, SectionRow row)
    {
        if (row.ControlPrice is > 0m)
        {
            builder.SetControlPrice(s, (double)row.ControlPrice.Value);
        }

        if (row.EstimatedPrice is > 0m)
        {
            builder.SetEstimate(s, (double)row.EstimatedPrice.Value);
        }

        if (row.NoticeAt is { } notice)
        {
            builder.SetNoticeTime(s, Minutes(notice));
        }

        if (row.BidOpenAt is { } open)
        {
            builder.SetOpenTime(s, Minutes(open));
        }

        if (row.AwardAmount is > 0m)
        {
            builder.SetAwardAmount(s, (double)row.AwardAmount.Value);
        }

        // The source's own category (施工, 监理 …) when given: the market norms are per category.
        builder.SetCategory(s, string.IsNullOrWhiteSpace(row.CategoryDetail) ? TradingLabels.CategoryName(row.Category) : row.CategoryDetail.Trim());
        if (!string.IsNullOrWhiteSpace(row.TenderMode))
        {
            builder.SetMode(s, row.TenderMode.Trim());
        }
    }

    private static void SetFingerprints(BidTableBuilder builder, int bid, BidRow row)
    {
        foreach (var kind in Kinds)
        {
            var text = Read(row, kind);
            if (!string.IsNullOrWhiteSpace(text))
            {
                builder.SetFingerprint(bid, kind, text);
            }
        }
    }

    private static string? Read(BidRow row, FingerprintKind kind) => kind switch
    {
        FingerprintKind.FileCode => row.FileCode,
        FingerprintKind.MachineCode => row.MachineCode,
        FingerprintKind.Dongle => row.Dongle,
        FingerprintKind.Mac => row.Mac,
        FingerprintKind.Cpu => row.Cpu,
        FingerprintKind.Disk => row.Disk,
        FingerprintKind.Ip => row.Ip,
        FingerprintKind.ContactPhone => row.Phone,
        FingerprintKind.ProjectManager => row.Manager,
        FingerprintKind.PmCertificate => row.Certificate,
        FingerprintKind.DocHash => row.DocHash,
        FingerprintKind.DepositAccount => row.Deposit,
        FingerprintKind.LegalRep => row.LegalRep,
        _ => null,
    };

    private static async Task SetCreditCodesAsync(JianguanDbContext db, BidTableBuilder builder, List<long> entityIds, CancellationToken ct)
    {
        var sorted = entityIds.Select((id, index) => (id, index)).OrderBy(x => x.id).ToArray();
        for (var start = 0; start < sorted.Length; start += SectionBatch)
        {
            var part = sorted.AsSpan(start, Math.Min(SectionBatch, sorted.Length - start)).ToArray();
            var chunk = part.Select(x => x.id).ToArray();
            var codes = await db.MarketEntities.AsNoTracking()
                .Where(e => chunk.Contains(e.Id) && e.CreditCode != null)
                .Select(e => new { e.Id, e.CreditCode })
                .ToDictionaryAsync(e => e.Id, e => e.CreditCode!, ct);
            foreach (var (id, index) in part)
            {
                if (codes.TryGetValue(id, out var code) && !string.IsNullOrWhiteSpace(code))
                {
                    builder.SetBidderCode(index, code.Trim());
                }
            }
        }
    }
}
