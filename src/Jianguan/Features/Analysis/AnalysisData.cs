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
    DateTimeOffset? BidOpenAt, DateTimeOffset? AwardAt, int? DeclaredBidders)
{
    /// <summary>The trading day: bid opening, else the notice, else the project's publication.</summary>
    public DateTimeOffset? Day => BidOpenAt ?? NoticeAt ?? PublishedAt;

    /// <summary>The price the discount is measured against: the control price, else the estimate.</summary>
    public decimal? Reference => ControlPrice is > 0m ? ControlPrice : EstimatedPrice is > 0m ? EstimatedPrice : null;

    public bool Awarded => WinnerId is not null || AwardAmount is not null;

    /// <summary>下浮率 of the winning price in percent of <see cref="Reference"/>.</summary>
    public decimal? Discount => Reference is { } r && AwardAmount is { } a ? Math.Round((r - a) / r * 100m, 4) : null;

    /// <summary>The month of the trading day (yyyy-MM, Beijing time), or null.</summary>
    public string? Month => Day is { } d ? ChinaTime.DateOf(d).ToString("yyyy-MM", CultureInfo.InvariantCulture) : null;

    public int? Year => Day is { } d ? ChinaTime.DateOf(d).Year : null;
}

/// <summary>One bid: who, at what price, whether it counted.</summary>
public sealed record BidFact(long SectionId, long BidderId, string BidderName, decimal? Price, bool Valid);

/// <summary>The sections and bids in a caller's scope that match a filter.</summary>
public sealed record AnalysisDataset(IReadOnlyList<SectionFact> Sections, IReadOnlyList<BidFact> Bids)
{
    private ILookup<long, BidFact>? _bySection;

    public ILookup<long, BidFact> BidsBySection => _bySection ??= Bids.ToLookup(b => b.SectionId);
}

/// <summary>Loads the <see cref="AnalysisDataset"/> for a scope and a filter, in two queries.</summary>
public static class AnalysisData
{
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

    public static async Task<AnalysisDataset> LoadAsync(JianguanDbContext db, DataScope scope, AnalysisFilter filter, CancellationToken ct = default)
    {
        var sections = Sections(db, scope, filter);
        var facts = await sections
            .Select(s => new SectionFact(
                s.Id, s.ProjectId, s.Project!.Code, s.Project.Name, s.Code, s.Name, s.Project.Category, s.Project.Region,
                s.Project.SupervisingDepartment, s.Project.TendererId, s.Project.Tenderer == null ? null : s.Project.Tenderer.Name,
                s.Project.AgencyId, s.Project.Agency == null ? null : s.Project.Agency.Name, s.WinnerId,
                s.Winner == null ? null : s.Winner.Name, s.Winner == null ? null : s.Winner.CreditCode, s.ControlPrice,
                s.EstimatedPrice, s.Project.Budget, s.AwardAmount, s.Project.PublishedAt, s.NoticeAt, s.BidOpenAt, s.AwardAt,
                s.DeclaredBidderCount))
            .ToListAsync(ct);
        var bids = await db.Bids.AsNoTracking()
            .Where(b => sections.Select(s => s.Id).Contains(b.SectionId))
            .Select(b => new BidFact(b.SectionId, b.BidderId, b.Bidder!.Name, b.Price, b.Status == BidStatus.Valid))
            .ToListAsync(ct);
        return new AnalysisDataset(facts, bids);
    }
}
