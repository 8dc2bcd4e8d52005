using Jianguan.Analytics.Data;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Trading;

/// <summary>One page of a list, with the total count of matching rows.</summary>
public sealed record PagedResult<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items)
{
    public int TotalPages => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}

/// <summary>A market entity as shown to users; <c>CreditCodeValid</c> false marks a data-quality problem.</summary>
public sealed record EntityInfo(long Id, string Name, string? CreditCode, bool CreditCodeValid);

public sealed record ProjectListItem(
    long Id, string Code, string? Name, TradingCategory Category, string CategoryName, string? Region,
    DateTimeOffset? PublishedAt, int SectionCount, int BidCount);

public sealed record SectionListItem(
    long Id, long ProjectId, string ProjectCode, string? ProjectName, string Code, string? Name, decimal? ControlPrice,
    DateTimeOffset? BidOpenAt, int BidCount, string? WinnerName, decimal? AwardAmount)
{
    /// <summary>ISO 4217 code of the control price; null = yuan (<see cref="Currencies"/>).</summary>
    public string? ControlPriceCurrency { get; init; }
    public string? AwardCurrency { get; init; }
}

public sealed record ProjectDetail(
    long Id, string Code, string? Name, TradingCategory Category, string CategoryName, string? CategoryDetail,
    string? Region, EntityInfo? Tenderer, EntityInfo? Agency, string? SupervisingDepartment, string? TenderMode,
    decimal? Budget, DateTimeOffset? PublishedAt, string? SourceUrl, IReadOnlyList<SectionListItem> Sections)
{
    public string? BudgetCurrency { get; init; }
}

/// <summary>One fingerprint of a bid; <c>Shared</c> when another bid of the same section has the same value.</summary>
public sealed record FingerprintValue(string Field, string Value, bool Shared);

public sealed record BidInfo(
    long Id, EntityInfo Bidder, decimal? Price, decimal? Rate, decimal? DiscountPercent, DateTimeOffset? SubmittedAt,
    BidStatus Status, string StatusName, IReadOnlyList<FingerprintValue> Fingerprints)
{
    /// <summary>ISO 4217 code of the price; null = yuan.</summary>
    public string? Currency { get; init; }
}

/// <summary>A fingerprint value held by two or more bids of the section (条例 art. 40 evidence).</summary>
public sealed record SharedFingerprint(string Field, string Label, string Value, IReadOnlyList<long> BidIds);

public sealed record CandidateInfo(int Rank, EntityInfo Entity, decimal? Price, decimal? Score)
{
    public string? Currency { get; init; }
}

/// <summary>A contract of the section: value with its currency, signing date, supplier.</summary>
public sealed record ContractInfo(string Code, string? AwardCode, string? Title, decimal? Value, string? Currency, DateTimeOffset? SignedOn, EntityInfo? Supplier);

public sealed record SectionDetail(
    long Id, long ProjectId, string ProjectCode, string? ProjectName, TradingCategory Category, string Code, string? Name,
    decimal? ControlPrice, decimal? EstimatedPrice, DateTimeOffset? NoticeAt, DateTimeOffset? BidOpenAt,
    int? DeclaredBidderCount, string? EvaluationMethod, EntityInfo? Winner, decimal? AwardAmount,
    decimal? AwardDiscountRate, DateTimeOffset? AwardAt, IReadOnlyList<BidInfo> Bids,
    IReadOnlyList<CandidateInfo> Candidates, IReadOnlyList<SharedFingerprint> SharedFingerprints)
{
    public string? ControlPriceCurrency { get; init; }
    public string? EstimatedPriceCurrency { get; init; }
    public string? AwardCurrency { get; init; }

    /// <summary>开标基准价, in yuan.</summary>
    public decimal? BenchmarkPrice { get; init; }

    /// <summary>合同签订时间 (the earliest contract's).</summary>
    public DateTimeOffset? SignedOn { get; init; }
    public IReadOnlyList<ContractInfo> Contracts { get; init; } = [];

    /// <summary>The currencies other than yuan among the section's amounts (for the page's data-quality note).</summary>
    public IReadOnlyList<string> ForeignCurrencies =>
        [.. new[] { ControlPriceCurrency, EstimatedPriceCurrency, AwardCurrency }
            .Concat(Bids.Select(b => b.Currency)).Concat(Candidates.Select(c => c.Currency)).Concat(Contracts.Select(c => c.Currency))
            .Where(c => !Currencies.IsYuan(c)).Select(c => c!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>Filters of the project list; dates are calendar days in Beijing time, both ends included.</summary>
public sealed record ProjectFilter(
    string? Q = null, TradingCategory? Category = null, string? Region = null, DateOnly? From = null, DateOnly? To = null,
    int Page = 1);

public sealed record SectionFilter(string? Q = null, long? ProjectId = null, int Page = 1);

/// <summary>
/// The read side of trading data, shared by the Razor Pages and the JSON API. Every query takes the caller's
/// <see cref="DataScope"/>: a row outside it is indistinguishable from a row that does not exist.
/// </summary>
public static class TradingQueries
{
    public const int PageSize = Shared.PagerModel.PageSize;

    public static async Task<PagedResult<ProjectListItem>> ListProjectsAsync(
        JianguanDbContext db, DataScope scope, ProjectFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var query = scope.Apply(db.Projects.AsNoTracking());
        if (Clean(filter.Q) is { } q)
        {
            query = query.Where(p => p.Code.Contains(q) || (p.Name != null && p.Name.Contains(q)));
        }

        if (filter.Category is { } category)
        {
            query = query.Where(p => p.Category == category);
        }

        if (Clean(filter.Region) is { } region)
        {
            // Region codes are hierarchical (460000 → 460100 → 460105): a prefix selects a whole area.
            query = query.Where(p => p.Region != null && p.Region.StartsWith(region));
        }

        if (filter.From is { } from)
        {
            var start = ChinaTime.FilterStart(from);
            query = query.Where(p => p.PublishedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = ChinaTime.FilterEnd(to);
            query = query.Where(p => p.PublishedAt < end);
        }

        var total = await query.CountAsync(ct);
        var page = ClampPage(filter.Page, total);
        var items = await query.NewestFirstPageAsync(p => p.PublishedAt, p => p.Id, page, rows => rows
            .Select(p => new
            {
                p.Id,
                p.Code,
                p.Name,
                p.Category,
                p.Region,
                p.PublishedAt,
                SectionCount = p.Sections.Count,
                BidCount = p.Sections.SelectMany(s => s.Bids).Count(),
            }), ct);
        return new PagedResult<ProjectListItem>(total, page, PageSize, [
            .. items.Select(p => new ProjectListItem(
                p.Id, p.Code, p.Name, p.Category, TradingLabels.CategoryName(p.Category), p.Region, p.PublishedAt,
                p.SectionCount, p.BidCount)),
        ]);
    }

    public static async Task<PagedResult<SectionListItem>> ListSectionsAsync(
        JianguanDbContext db, DataScope scope, SectionFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var query = scope.Apply(db.Sections.AsNoTracking());
        if (filter.ProjectId is { } projectId)
        {
            query = query.Where(s => s.ProjectId == projectId);
        }

        if (Clean(filter.Q) is { } q)
        {
            query = query.Where(s => s.Code.Contains(q) || (s.Name != null && s.Name.Contains(q))
                || s.Project!.Code.Contains(q) || (s.Project.Name != null && s.Project.Name.Contains(q)));
        }

        var total = await query.CountAsync(ct);
        var page = ClampPage(filter.Page, total);
        var items = await query.NewestFirstPageAsync(s => s.BidOpenAt, s => s.Id, page, SelectSectionItems, ct);
        return new PagedResult<SectionListItem>(total, page, PageSize, items);
    }

    public static async Task<ProjectDetail?> GetProjectAsync(JianguanDbContext db, DataScope scope, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var p = await scope.Apply(db.Projects.AsNoTracking())
            .Include(x => x.Tenderer)
            .Include(x => x.Agency)
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return null;
        }

        var sections = await SelectSectionItems(db.Sections.AsNoTracking()
                .Where(s => s.ProjectId == id)
                .OrderBy(s => s.Code))
            .ToListAsync(ct);
        return new ProjectDetail(
            p.Id, p.Code, p.Name, p.Category, TradingLabels.CategoryName(p.Category), p.CategoryDetail, p.Region,
            Info(p.Tenderer), Info(p.Agency), p.SupervisingDepartment, p.TenderMode, p.Budget, p.PublishedAt,
            p.SourceUrl, sections)
        {
            BudgetCurrency = p.BudgetCurrency,
        };
    }

    public static async Task<SectionDetail?> GetSectionAsync(JianguanDbContext db, DataScope scope, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var s = await scope.Apply(db.Sections.AsNoTracking())
            .Include(x => x.Project)
            .Include(x => x.Winner)
            .Include(x => x.Bids).ThenInclude(b => b.Bidder)
            .Include(x => x.Candidates).ThenInclude(c => c.Entity)
            .Include(x => x.Contracts).ThenInclude(c => c.Supplier)
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null)
        {
            return null;
        }

        var shared = Fingerprints.Shared(s.Bids);
        var sharedKeys = shared
            .SelectMany(x => x.BidIds.Select(bidId => (bidId, x.Field.Key)))
            .ToHashSet();
        var bids = s.Bids
            .OrderBy(b => b.Price is null)
            .ThenBy(b => b.Price)
            .ThenBy(b => b.Bidder!.Name, StringComparer.Ordinal)
            .Select(b => new BidInfo(
                b.Id, Info(b.Bidder)!, b.Price, b.Rate,
                b.Currency == s.ControlPriceCurrency || (Currencies.IsYuan(b.Currency) && Currencies.IsYuan(s.ControlPriceCurrency))
                    ? Discount(s.ControlPrice, b.Price) : null,
                b.SubmittedAt, b.Status,
                TradingLabels.StatusName(b.Status),
                [
                    .. Fingerprints.Fields
                        .Select(f => (f.Key, Value: f.Read(b)))
                        .Where(x => !string.IsNullOrWhiteSpace(x.Value))
                        .Select(x => new FingerprintValue(x.Key, Shown(scope, x.Key, x.Value!.Trim()), sharedKeys.Contains((b.Id, x.Key)))),
                ])
            { Currency = b.Currency })
            .ToList();
        var candidates = s.Candidates
            .OrderBy(c => c.Rank)
            .Select(c => new CandidateInfo(c.Rank, Info(c.Entity)!, c.Price, c.Score) { Currency = c.Currency })
            .ToList();
        var contracts = s.Contracts
            .OrderBy(c => c.SignedOn is null)
            .ThenBy(c => c.SignedOn)
            .ThenBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new ContractInfo(c.Code, c.AwardCode, c.Title, c.Value, c.Currency, c.SignedOn, Info(c.Supplier)))
            .ToList();
        return new SectionDetail(
            s.Id, s.ProjectId, s.Project!.Code, s.Project.Name, s.Project.Category, s.Code, s.Name, s.ControlPrice,
            s.EstimatedPrice, s.NoticeAt, s.BidOpenAt, s.DeclaredBidderCount, s.EvaluationMethod, Info(s.Winner),
            s.AwardAmount, s.AwardDiscountRate, s.AwardAt, bids, candidates,
            [.. shared.Select(x => new SharedFingerprint(x.Field.Key, x.Field.Label, Shown(scope, x.Field.Key, x.Value), x.BidIds))])
        {
            ControlPriceCurrency = s.ControlPriceCurrency,
            EstimatedPriceCurrency = s.EstimatedPriceCurrency,
            AwardCurrency = s.AwardCurrency,
            BenchmarkPrice = s.BenchmarkPrice,
            SignedOn = s.SignedOn,
            Contracts = contracts,
        };
    }

    /// <summary>Discount of a price below the control price, in percent (negative when above it).</summary>
    public static decimal? Discount(decimal? controlPrice, decimal? price) =>
        controlPrice is > 0m && price is { } p
            ? Math.Round((controlPrice.Value - p) / controlPrice.Value * 100m, 2, MidpointRounding.AwayFromZero)
            : null;

    private static IQueryable<SectionListItem> SelectSectionItems(IQueryable<Section> query) =>
        query.Select(s => new SectionListItem(
            s.Id, s.ProjectId, s.Project!.Code, s.Project.Name, s.Code, s.Name, s.ControlPrice, s.BidOpenAt,
            s.Bids.Count, s.Winner == null ? null : s.Winner.Name, s.AwardAmount)
        {
            ControlPriceCurrency = s.ControlPriceCurrency,
            AwardCurrency = s.AwardCurrency,
        });

    /// <summary>Personal-data fingerprints masked for scopes that do not reveal them (docs/security.md).</summary>
    private static string Shown(DataScope scope, string field, string value) =>
        scope.RevealsPersonalData ? value
        : field == "contactPhone" ? Platform.Crypto.Masking.Phone(value)
        : field == "pmCertificate" ? Platform.Crypto.Masking.Identifier(value)
        : field == "depositAccount" ? Platform.Crypto.Masking.Account(value)
        : field is "projectManager" or "contactPerson" or "legalRepresentative" ? Platform.Crypto.Masking.Name(value)
        : value;

    private static EntityInfo? Info(MarketEntity? e) =>
        e is null ? null : new EntityInfo(e.Id, e.Name, e.CreditCode, e.CreditCodeValid || e.CreditCode is null);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int ClampPage(int page, int total)
    {
        var last = Math.Max(1, (total + PageSize - 1) / PageSize);
        return Math.Clamp(page, 1, last);
    }
}
