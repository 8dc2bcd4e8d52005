using System.Collections.Concurrent;
using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Analysis;

/// <summary>
/// The filters every analysis takes (dashboard, API, export, report): a period of trading days in Beijing time (both
/// ends included), a trading category, a region code prefix (460108 or 4601 for all of Haikou) and a supervising
/// department as the project names it.
/// </summary>
public sealed record AnalysisFilter(
    DateOnly? From = null, DateOnly? To = null, TradingCategory? Category = null, string? Region = null, string? Department = null)
{
    /// <summary>The query string of these filters (for links that keep them), without the leading '?'.</summary>
    public string Query(params (string Name, string? Value)[] extra)
    {
        var parts = new List<(string, string?)>
        {
            ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("category", Category?.ToString()),
            ("region", Region),
            ("department", Department),
        };
        parts.AddRange(extra);
        return string.Join("&", parts.Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
    }

    /// <summary>
    /// Parses the filters as the API and the pages receive them; problems are keyed by parameter, in Chinese.
    /// </summary>
    public static AnalysisFilter Parse(string? from, string? to, string? category, string? region, string? department,
        out Dictionary<string, string[]> problems)
    {
        var found = new Dictionary<string, string[]>();
        problems = found;
        DateOnly? Day(string name, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                found[name] = ["日期格式应为 年-月-日，如 2024-05-01"];
                return null;
            }

            if (ChinaTime.FilterProblem(day) is { } problem)
            {
                found[name] = [problem];
                return null;
            }

            return day;
        }

        var f = Day("from", from);
        var t = Day("to", to);
        TradingCategory? c = null;
        if (!string.IsNullOrWhiteSpace(category))
        {
            if (TradingLabels.TryParseCategory(category, out var parsed))
            {
                c = parsed;
            }
            else
            {
                problems["category"] = [$"未知的交易类别：{category}"];
            }
        }

        var r = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        if (r is not null && (r.Length > 6 || !r.All(char.IsAsciiDigit)))
        {
            problems["region"] = ["地区应为行政区划代码（至多 6 位数字），如 460108"];
            r = null;
        }

        var d = string.IsNullOrWhiteSpace(department) ? null : department.Trim();
        if (d is { Length: > 100 })
        {
            problems["department"] = ["监督部门名称过长"];
            d = null;
        }

        return new AnalysisFilter(f, t, c, r, d);
    }
}

/// <summary>One section as the analyses see it: its project's attributes flattened in.</summary>
public sealed record SectionFact(
    long SectionId, long ProjectId, string ProjectCode, string? ProjectName, string SectionCode, string? SectionName,
    TradingCategory Category, string? Region, string? Department, long? TendererId, string? TendererName, long? AgencyId,
    string? AgencyName, long? WinnerId, string? WinnerName, string? WinnerCreditCode, decimal? ControlPrice,
    decimal? EstimatedPrice, decimal? Budget, decimal? AwardAmount, DateTimeOffset? PublishedAt, DateTimeOffset? NoticeAt,
    DateTimeOffset? BidOpenAt, DateTimeOffset? AwardAt, int? DeclaredBidders, int? SupervisingOrganisationId = null)
{
    /// <summary>The trading day: bid opening, else the notice, else the project's publication.</summary>
    public DateTimeOffset? Day { get; } = TradingDay(BidOpenAt, NoticeAt, PublishedAt);

    /// <summary>The price the discount is measured against: the control price, else the estimate.</summary>
    public decimal? Reference { get; } = ReferenceOf(ControlPrice, EstimatedPrice);

    public bool Awarded => WinnerId is not null || AwardAmount is not null;

    /// <summary>下浮率 of the winning price in percent of <see cref="Reference"/>.</summary>
    public decimal? Discount { get; } = DiscountOf(ReferenceOf(ControlPrice, EstimatedPrice), AwardAmount);

    /// <summary>The month of the trading day (yyyy-MM, Beijing time), or null.</summary>
    public string? Month { get; } = MonthOf(TradingDay(BidOpenAt, NoticeAt, PublishedAt));

    public int? Year { get; } = TradingDay(BidOpenAt, NoticeAt, PublishedAt) is { } day ? ChinaTime.DateOf(day).Year : null;

    // The derived values above are computed once per fact: the analyses group and filter by them many times over
    // (a million sections made every use a decimal division or a formatted string). Months are shared strings.
    private static readonly ConcurrentDictionary<int, string> Months = new();

    private static DateTimeOffset? TradingDay(DateTimeOffset? open, DateTimeOffset? notice, DateTimeOffset? published) => open ?? notice ?? published;

    private static decimal? ReferenceOf(decimal? control, decimal? estimate) => control is > 0m ? control : estimate is > 0m ? estimate : null;

    private static decimal? DiscountOf(decimal? reference, decimal? award) =>
        reference is { } r && award is { } a ? Math.Round((r - a) / r * 100m, 4) : null;

    private static string? MonthOf(DateTimeOffset? day)
    {
        if (day is not { } d)
        {
            return null;
        }

        var date = ChinaTime.DateOf(d);
        return Months.GetOrAdd((date.Year * 100) + date.Month,
            key => string.Create(CultureInfo.InvariantCulture, $"{key / 100:D4}-{key % 100:D2}"));
    }
}

/// <summary>One bid: who, at what price, whether it counted.</summary>
public sealed record BidFact(long SectionId, long BidderId, string BidderName, decimal? Price, bool Valid);

/// <summary>
/// What the analyses need of a section's bids: distinct bidders held, distinct valid bidders, bid rows and the
/// dispersion of the valid, priced bids. Stored in <see cref="AnalysisSection"/>, else computed from the bids.
/// </summary>
public sealed record SectionBidFigures(int Bidders, int ValidBidders, int BidRows, decimal? Dispersion)
{
    public static SectionBidFigures Of(IEnumerable<BidFact> bids)
    {
        var list = bids.ToList();
        return new SectionBidFigures(
            list.Select(b => b.BidderId).Distinct().Count(),
            list.Where(b => b.Valid).Select(b => b.BidderId).Distinct().Count(),
            list.Count,
            Stats.Dispersion([.. list.Where(b => b.Valid && b.Price is > 0m).Select(b => b.Price!.Value)]));
    }
}

/// <summary>A bidder as the market analysis counts it: the sections it bid for, those it won, the years it bid in.</summary>
public sealed record BidderFact(long BidderId, string Name, int Sections, int Wins, IReadOnlySet<int> Years);

/// <summary>
/// The sections and bids in a caller's scope that match a filter. Read from the summary (ADR-021) the bids are not
/// loaded: <see cref="Figures"/> and <see cref="Bidders"/> carry what the analyses need of them. Built from bids (the
/// fixtures, the reference loader) both are computed from <see cref="Bids"/>.
/// </summary>
public sealed record AnalysisDataset(IReadOnlyList<SectionFact> Sections, IReadOnlyList<BidFact> Bids)
{
    private ILookup<long, BidFact>? _bySection;
    private IReadOnlyDictionary<long, SectionBidFigures>? _figures;
    private Lazy<IReadOnlyList<BidderFact>>? _bidders;

    // The analyses' results over these sections, computed once (a dataset is immutable; a copy made with `with` for a
    // drill-down keeps the same sections and shares them).
    private readonly ConcurrentDictionary<string, Lazy<object>> _results = new(StringComparer.Ordinal);

    public ILookup<long, BidFact> BidsBySection => _bySection ??= Bids.ToLookup(b => b.SectionId);

    /// <summary>The bid figures per section id (every section of <see cref="Sections"/>).</summary>
    public IReadOnlyDictionary<long, SectionBidFigures> Figures
    {
        get => _figures ??= Sections.Select(s => s.SectionId).Distinct().ToDictionary(id => id, id => SectionBidFigures.Of(BidsBySection[id]));
        init => _figures = value;
    }

    /// <summary>The bids of the sections (bid rows), counted from <see cref="Figures"/>: read from the summary, no bid is loaded.</summary>
    public int BidCount => Selection is { } selection
        ? selection.Rows.Sum(row => selection.Columns.BidRows[row])
        : Sections.Sum(s => FiguresOf(s.SectionId).BidRows);

    /// <summary>
    /// The rows of a snapshot's columns these sections are (<see cref="AnalysisStore"/>): the analyses compute over
    /// them instead of building columns of their own. Null for a dataset built from rows.
    /// </summary>
    internal AnalysisSelection? Selection { get; init; }

    /// <summary>The columns and rows the analyses read: the snapshot's, else columns built from these sections.</summary>
    internal AnalysisSelection Columns() => Selection ?? AnalysisSelection.All(AnalysisColumns.Of(this));

    /// <summary>Whether a section is one of <see cref="Sections"/>.</summary>
    public bool Holds(long sectionId) =>
        Selection is { } selection
            ? selection.Columns.RowOf(sectionId) is var row and >= 0 && selection.Selected[row]
            : (_ids ??= [.. Sections.Select(s => s.SectionId)]).Contains(sectionId);

    private HashSet<long>? _ids;

    /// <summary>Every bidder of the bids, in the order first met (computed when first read).</summary>
    public IReadOnlyList<BidderFact> Bidders
    {
        get => (_bidders ??= new(ComputeBidders)).Value;
        init => _bidders = new(value);
    }

    /// <summary>Where <see cref="Bidders"/> come from when first read (a snapshot counts them from its bids).</summary>
    internal Func<IReadOnlyList<BidderFact>> BiddersFrom
    {
        init => _bidders = new(value);
    }

    /// <summary>
    /// An analysis' result over these sections, computed by the first caller and kept with the dataset (those that ask
    /// meanwhile wait for it): a snapshot keeps its datasets per scope and filter (<see cref="AnalysisSnapshot.Select"/>),
    /// so a dashboard opened again at the same revision is not computed again.
    /// </summary>
    internal T Result<T>(string name, Func<T> compute)
        where T : class =>
        (T)_results.GetOrAdd(name, _ => new Lazy<object>(compute)).Value;

    /// <summary>
    /// The sections a bidder bid for, when a drill-down by bidder needs them and the bids are not loaded (filled by
    /// <c>AnalysisData.LoadAsync</c> for that one bidder).
    /// </summary>
    public IReadOnlyDictionary<long, IReadOnlySet<long>> BidderSections { get; init; } = new Dictionary<long, IReadOnlySet<long>>();

    public SectionBidFigures FiguresOf(long sectionId) =>
        Figures.TryGetValue(sectionId, out var f) ? f : SectionBidFigures.Of(BidsBySection[sectionId]);

    /// <summary>Whether the bidder bid for the section.</summary>
    public bool BidFor(long bidderId, long sectionId) =>
        BidderSections.TryGetValue(bidderId, out var ids) ? ids.Contains(sectionId) : BidsBySection[sectionId].Any(b => b.BidderId == bidderId);

    private IReadOnlyList<BidderFact> ComputeBidders()
    {
        var winners = Sections.Where(s => s.WinnerId is not null).GroupBy(s => s.SectionId).ToDictionary(g => g.Key, g => g.Last().WinnerId!.Value);
        var sectionYear = Sections.Where(s => s.Year is not null).GroupBy(s => s.SectionId).ToDictionary(g => g.Key, g => g.Last().Year!.Value);
        return
        [
            .. Bids.GroupBy(b => b.BidderId).Select(g =>
            {
                var sections = g.Select(b => b.SectionId).Distinct().ToList();
                return new BidderFact(g.Key, g.First().BidderName, sections.Count,
                    sections.Count(id => winners.TryGetValue(id, out var w) && w == g.Key),
                    sections.Where(sectionYear.ContainsKey).Select(id => sectionYear[id]).ToHashSet());
            }),
        ];
    }
}

/// <summary>
/// Loads the <see cref="AnalysisDataset"/> for a scope and a filter: from the summary kept in memory
/// (<see cref="AnalysisStore"/>, ADR-023), or from the trading tables (<see cref="LoadFromTablesAsync"/>, the reference
/// the summary is tested against).
/// </summary>
public static class AnalysisData
{
    /// <summary>The trading tables' sections in scope that match the filter.</summary>
    public static IQueryable<Section> Sections(JianguanDbContext db, DataScope scope, AnalysisFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var query = scope.Apply(db.Sections.AsNoTracking());
        if (filter.Category is { } category)
        {
            query = query.Where(s => s.Project!.Category == category);
        }

        if (filter.Region is { } region)
        {
            query = query.Where(s => s.Project!.Region != null && s.Project.Region.StartsWith(region));
        }

        if (filter.Department is { } department)
        {
            query = query.Where(s => s.Project!.SupervisingDepartment == department);
        }

        if (filter.From is { } from)
        {
            var start = ChinaTime.FilterStart(from);
            query = query.Where(s => (s.BidOpenAt ?? s.NoticeAt ?? s.Project!.PublishedAt) >= start);
        }

        if (filter.To is { } to)
        {
            var end = ChinaTime.FilterEnd(to);
            query = query.Where(s => (s.BidOpenAt ?? s.NoticeAt ?? s.Project!.PublishedAt) < end);
        }

        return query;
    }

    /// <summary>
    /// The dataset from the summary kept in memory, current at the summary's revision: the sections with their bid
    /// figures and the bidders of their bids (counted when first read).
    /// </summary>
    public static async Task<AnalysisDataset> LoadAsync(JianguanDbContext db, DataScope scope, AnalysisFilter filter, CancellationToken ct = default) =>
        (await AnalysisStore.CurrentAsync(db, ct)).Select(scope, filter);

    /// <summary>
    /// The dataset read from the trading tables (sections, projects, entities and every bid); amounts in a currency
    /// other than yuan read as null, as in the summary (<see cref="AnalysisSummary.Build"/>).
    /// </summary>
    public static async Task<AnalysisDataset> LoadFromTablesAsync(JianguanDbContext db, DataScope scope, AnalysisFilter filter, CancellationToken ct = default)
    {
        var sections = Sections(db, scope, filter);
        var facts = await sections
            .Select(s => new SectionFact(
                s.Id, s.ProjectId, s.Project!.Code, s.Project.Name, s.Code, s.Name, s.Project.Category, s.Project.Region,
                s.Project.SupervisingDepartment, s.Project.TendererId, s.Project.Tenderer == null ? null : s.Project.Tenderer.Name,
                s.Project.AgencyId, s.Project.Agency == null ? null : s.Project.Agency.Name, s.WinnerId,
                s.Winner == null ? null : s.Winner.Name, s.Winner == null ? null : s.Winner.CreditCode,
                s.ControlPriceCurrency == null || s.ControlPriceCurrency == Currencies.Yuan ? s.ControlPrice : null,
                s.EstimatedPriceCurrency == null || s.EstimatedPriceCurrency == Currencies.Yuan ? s.EstimatedPrice : null,
                s.Project.BudgetCurrency == null || s.Project.BudgetCurrency == Currencies.Yuan ? s.Project.Budget : null,
                s.AwardCurrency == null || s.AwardCurrency == Currencies.Yuan ? s.AwardAmount : null, s.Project.PublishedAt, s.NoticeAt, s.BidOpenAt, s.AwardAt,
                s.DeclaredBidderCount, s.Project.SupervisingOrganisationId))
            .ToListAsync(ct);
        var bids = await db.Bids.AsNoTracking()
            .Where(b => sections.Select(s => s.Id).Contains(b.SectionId))
            .Select(b => new BidFact(b.SectionId, b.BidderId, b.Bidder!.Name, b.Currency == null || b.Currency == Currencies.Yuan ? b.Price : null,
                b.Status == BidStatus.Valid))
            .ToListAsync(ct);
        return new AnalysisDataset(facts, bids);
    }
}
