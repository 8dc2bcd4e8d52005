using Jianguan.Analytics.Data;
using Jianguan.Features.Profiles;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Firms;

public sealed record FirmListItem(
    long Id, string Name, string? CreditCode, bool CreditCodeValid, string? District, int Bids, int Wins, DateTimeOffset? LastBidAt);

/// <summary>A project or section whose code or name matches the search text.</summary>
public sealed record CodeHit(long Id, string Code, string? Name, string? ProjectCode, DateTimeOffset? At);

public sealed record FirmSearchResult(
    string Query, PagedResult<FirmListItem> Firms, IReadOnlyList<CodeHit> Projects, IReadOnlyList<CodeHit> Sections);

/// <summary>One tender the firm bid in: its bid, the outcome and the section's facts.</summary>
public sealed record FirmTender(
    long SectionId, string SectionCode, string? SectionName, long ProjectId, string ProjectCode, string? ProjectName,
    string CategoryName, string? District, DateTimeOffset? At, decimal? Price, decimal? ControlPrice, BidStatus Status,
    string StatusName, bool Won, string? WinnerName, decimal? AwardAmount, int Bidders);

public sealed record FirmCoBidder(long Id, string Name, int Meetings, int TheirWins, int MyWins);

public sealed record FirmSummary(int Tenders, int Wins, decimal WonAmount, int CoBidders);

public sealed record FirmDetail(
    EntityInfo Entity, string? District, string? LegalRepresentative, DateOnly From, DateOnly To, FirmSummary Summary,
    PagedResult<FirmTender> Tenders, IReadOnlyList<FirmCoBidder> CoBidders, IReadOnlyList<AlertListItem>? Alerts,
    TimelineChart Timeline, NetworkChart? Network);

/// <summary>
/// Firm lookup over the whole trading database (issue 12 item 3): who a firm is, every tender it touched in a
/// period, with whom and with what result. Every query takes the caller's <see cref="DataScope"/>: a member unit
/// finds only firms that bid in its sector and sees only those tenders.
/// </summary>
public static class FirmQueries
{
    public const int PageSize = Shared.PagerModel.PageSize;

    /// <summary>Projects and sections shown beside the firm list (the search is for firms; codes are a shortcut).</summary>
    public const int MaxCodeHits = 20;

    /// <summary>Co-bidders listed on a firm page; the network draws the first of them.</summary>
    public const int MaxCoBidders = 30;

    public const int NetworkMembers = 12;

    /// <summary>Rows of one export (a firm's tenders over many years stay far below this).</summary>
    public const int MaxExportRows = 50_000;

    public static async Task<FirmSearchResult> SearchAsync(
        JianguanDbContext db, DataScope scope, string? text, bool winnersOnly, int page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var q = text?.Trim() ?? "";
        if (q.Length == 0)
        {
            return new FirmSearchResult("", new PagedResult<FirmListItem>(0, 1, PageSize, []), [], []);
        }

        var upper = q.ToUpperInvariant();
        var bids = scope.Apply(db.Bids.AsNoTracking());
        // Firms that bid on a section or project with exactly this code: "who bid on BD-01 of project X".
        var byCode = bids.Where(b => b.Section!.Code == q || b.Section.Project!.Code == q).Select(b => b.BidderId);
        var firms = db.MarketEntities.AsNoTracking()
            .Where(e => e.Name.Contains(q) || (e.CreditCode != null && e.CreditCode.Contains(upper)) || byCode.Contains(e.Id));
        if (scope.Kind != DataScopeKind.All)
        {
            // A member unit learns of a firm only through the tenders of its sector.
            var visible = bids.Select(b => b.BidderId);
            firms = firms.Where(e => visible.Contains(e.Id));
        }

        if (winnersOnly)
        {
            var winners = scope.Apply(db.Sections.AsNoTracking()).Where(s => s.WinnerId != null).Select(s => s.WinnerId!.Value);
            firms = firms.Where(e => winners.Contains(e.Id));
        }

        var total = await firms.CountAsync(ct);
        page = Math.Clamp(page, 1, Shared.PagerModel.PageCount(total));
        var rows = await firms
            .Select(e => new
            {
                e.Id,
                e.Name,
                e.CreditCode,
                e.CreditCodeValid,
                Bids = bids.Count(b => b.BidderId == e.Id),
                Wins = bids.Count(b => b.BidderId == e.Id && b.Section!.WinnerId == e.Id),
                LastBidAt = bids.Where(b => b.BidderId == e.Id).Max(b => b.Section!.BidOpenAt),
            })
            .OrderByDescending(x => x.Bids).ThenBy(x => x.Name).ThenBy(x => x.Id)
            .PageAt(page)
            .ToListAsync(ct);
        var items = rows.Select(r => new FirmListItem(r.Id, r.Name, r.CreditCode, r.CreditCodeValid || r.CreditCode is null,
            RegionNames.OfCreditCode(r.CreditCode), r.Bids, r.Wins, r.LastBidAt)).ToList();

        var projects = await scope.Apply(db.Projects.AsNoTracking())
            .Where(p => p.Code.Contains(q) || (p.Name != null && p.Name.Contains(q)))
            .OrderByDescending(p => p.Code == q).ThenByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id)
            .Take(MaxCodeHits)
            .Select(p => new CodeHit(p.Id, p.Code, p.Name, null, p.PublishedAt))
            .ToListAsync(ct);
        var sections = await scope.Apply(db.Sections.AsNoTracking())
            .Where(s => s.Code.Contains(q) || (s.Name != null && s.Name.Contains(q)))
            .OrderByDescending(s => s.Code == q).ThenByDescending(s => s.BidOpenAt).ThenByDescending(s => s.Id)
            .Take(MaxCodeHits)
            .Select(s => new CodeHit(s.Id, s.Code, s.Name, s.Project!.Code, s.BidOpenAt))
            .ToListAsync(ct);
        return new FirmSearchResult(q, new PagedResult<FirmListItem>(total, page, PageSize, items), projects, sections);
    }

    /// <summary>The default period of a firm page: the last three years up to today (Beijing time).</summary>
    public static (DateOnly From, DateOnly To) DefaultPeriod(TimeProvider clock)
    {
        var today = ChinaTime.Today(clock);
        return (today.AddYears(-3).AddDays(1), today);
    }

    /// <summary>
    /// A firm's page. Null when the firm does not exist or, for a member unit, has nothing in its sector (a page
    /// with nothing of the scope in it would only confirm the id).
    /// </summary>
    public static async Task<FirmDetail?> FirmAsync(
        JianguanDbContext db, DataScope scope, long id, DateOnly from, DateOnly to, int page, bool withAlerts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var e = await db.MarketEntities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null || scope.Kind == DataScopeKind.None)
        {
            return null;
        }

        if (scope.Kind != DataScopeKind.All && !await scope.Apply(db.Bids.AsNoTracking()).AnyAsync(b => b.BidderId == id, ct))
        {
            return null;
        }

        var mine = InPeriod(scope.Apply(db.Bids.AsNoTracking()).Where(b => b.BidderId == id), from, to);
        var total = await mine.CountAsync(ct);
        var wins = await mine.CountAsync(b => b.Section!.WinnerId == id, ct);
        // Summed here: SQLite stores decimals as text and cannot aggregate them.
        // Yuan only: an award in another currency is counted as a win but not added to the 万元 sum.
        var wonAmount = (await mine.Where(b => b.Section!.WinnerId == id
                && (b.Section.AwardCurrency == null || b.Section.AwardCurrency == Trading.Currencies.Yuan))
            .Select(b => b.Section!.AwardAmount).ToListAsync(ct)).Sum(a => a ?? 0m);
        page = Math.Clamp(page, 1, Shared.PagerModel.PageCount(total));
        var tenders = await Tenders(Ordered(mine).PageAt(page), id, ct);

        var co = await CoBiddersAsync(db, scope, mine, id, ct);
        var alerts = withAlerts
            ? await AlertQueries.Items(db, AlertQueries.Apply(
                    await AlertQueries.ScopedAsync(db, db.Set<RiskAlert>().AsNoTracking(), scope, ct), new AlertFilter(Bidder: id, IncludeQuality: true))
                .OrderByDescending(a => a.Score).ThenByDescending(a => a.Id).Take(100), scope, ct)
            : null;
        var timeline = await TimelineAsync(mine, id, from, to, ct);
        var network = await NetworkAsync(db, scope, mine, e, co, ct);
        return new FirmDetail(
            new EntityInfo(e.Id, e.Name, e.CreditCode, e.CreditCodeValid || e.CreditCode is null), RegionNames.OfCreditCode(e.CreditCode),
            e.LegalRepresentative, from, to, new FirmSummary(total, wins, wonAmount, co.Count),
            new PagedResult<FirmTender>(total, page, PageSize, tenders), co, alerts, timeline, network);
    }

    /// <summary>Every tender of the period for the export, in the page's order.</summary>
    public static async Task<(EntityInfo Entity, IReadOnlyList<FirmTender> Tenders)?> ExportAsync(
        JianguanDbContext db, DataScope scope, long id, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var e = await db.MarketEntities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null || scope.Kind == DataScopeKind.None
            || (scope.Kind != DataScopeKind.All && !await scope.Apply(db.Bids.AsNoTracking()).AnyAsync(b => b.BidderId == id, ct)))
        {
            return null;
        }

        var mine = InPeriod(scope.Apply(db.Bids.AsNoTracking()).Where(b => b.BidderId == id), from, to);
        var tenders = await Tenders(Ordered(mine).Take(MaxExportRows), id, ct);
        return (new EntityInfo(e.Id, e.Name, e.CreditCode, e.CreditCodeValid || e.CreditCode is null), tenders);
    }

    /// <summary>A tender's date is its bid opening, else its project's publication.</summary>
    private static IQueryable<Bid> InPeriod(IQueryable<Bid> bids, DateOnly from, DateOnly to)
    {
        var start = ChinaTime.StartOfDay(from);
        var end = ChinaTime.StartOfDay(to.AddDays(1));
        return bids.Where(b => (b.Section!.BidOpenAt ?? b.Section.Project!.PublishedAt) >= start
            && (b.Section!.BidOpenAt ?? b.Section.Project!.PublishedAt) < end);
    }

    private static IQueryable<Bid> Ordered(IQueryable<Bid> bids) =>
        bids.OrderByDescending(b => b.Section!.BidOpenAt ?? b.Section.Project!.PublishedAt).ThenByDescending(b => b.SectionId);

    private static async Task<List<FirmTender>> Tenders(IQueryable<Bid> bids, long id, CancellationToken ct)
    {
        var rows = await bids.Select(b => new
        {
            b.SectionId,
            SectionCode = b.Section!.Code,
            SectionName = b.Section.Name,
            b.Section.ProjectId,
            ProjectCode = b.Section.Project!.Code,
            ProjectName = b.Section.Project.Name,
            b.Section.Project.Category,
            b.Section.Project.Region,
            At = b.Section.BidOpenAt ?? b.Section.Project.PublishedAt,
            b.Price,
            b.Section.ControlPrice,
            b.Status,
            b.Section.WinnerId,
            WinnerName = b.Section.Winner == null ? null : b.Section.Winner.Name,
            b.Section.AwardAmount,
            Bidders = b.Section.Bids.Count,
        })
            .ToListAsync(ct);
        return [.. rows.Select(r => new FirmTender(
            r.SectionId, r.SectionCode, r.SectionName, r.ProjectId, r.ProjectCode, r.ProjectName, TradingLabels.CategoryName(r.Category),
            RegionNames.Name(r.Region), r.At, r.Price, r.ControlPrice, r.Status, TradingLabels.StatusName(r.Status), r.WinnerId == id,
            r.WinnerName, r.AwardAmount, r.Bidders))];
    }

    /// <summary>Who bid in the same sections of the period (within the scope), most meetings first.</summary>
    private static async Task<List<FirmCoBidder>> CoBiddersAsync(
        JianguanDbContext db, DataScope scope, IQueryable<Bid> mine, long id, CancellationToken ct)
    {
        var sections = mine.Select(b => b.SectionId);
        var rows = await scope.Apply(db.Bids.AsNoTracking())
            .Where(o => o.BidderId != id && sections.Contains(o.SectionId))
            .GroupBy(o => new { o.BidderId, o.Bidder!.Name })
            .Select(g => new
            {
                g.Key.BidderId,
                g.Key.Name,
                Meetings = g.Count(),
                TheirWins = g.Count(o => o.Section!.WinnerId == o.BidderId),
                MyWins = g.Count(o => o.Section!.WinnerId == id),
            })
            .OrderByDescending(x => x.Meetings).ThenBy(x => x.BidderId)
            .Take(MaxCoBidders)
            .ToListAsync(ct);
        return [.. rows.Select(r => new FirmCoBidder(r.BidderId, r.Name, r.Meetings, r.TheirWins, r.MyWins))];
    }

    private static async Task<TimelineChart> TimelineAsync(IQueryable<Bid> mine, long id, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var points = await mine.Select(b => new { At = b.Section!.BidOpenAt ?? b.Section.Project!.PublishedAt, Won = b.Section.WinnerId == id })
            .ToListAsync(ct);
        return FirmCharts.Timeline([.. points.Where(p => p.At is not null).Select(p => (ChinaTime.DateOf(p.At!.Value), p.Won))], from, to);
    }

    /// <summary>The firm and its most frequent co-bidders, linked by how often each pair met in the firm's tenders.</summary>
    private static async Task<NetworkChart?> NetworkAsync(
        JianguanDbContext db, DataScope scope, IQueryable<Bid> mine, MarketEntity firm, List<FirmCoBidder> co, CancellationToken ct)
    {
        if (co.Count == 0)
        {
            return null;
        }

        var top = co.Take(NetworkMembers - 1).ToList();
        var ids = top.Select(c => c.Id).Append(firm.Id).ToArray();
        var sections = mine.Select(b => b.SectionId);
        var present = await scope.Apply(db.Bids.AsNoTracking())
            .Where(b => sections.Contains(b.SectionId) && ids.Contains(b.BidderId))
            .Select(b => new { b.SectionId, b.BidderId, Won = b.Section!.WinnerId == b.BidderId })
            .ToListAsync(ct);
        var edges = new Dictionary<(long, long), int>();
        foreach (var section in present.GroupBy(b => b.SectionId))
        {
            var members = section.Select(b => b.BidderId).Distinct().Order().ToArray();
            for (var i = 0; i < members.Length; i++)
            {
                for (var j = i + 1; j < members.Length; j++)
                {
                    edges[(members[i], members[j])] = edges.GetValueOrDefault((members[i], members[j])) + 1;
                }
            }
        }

        var nodes = top.Select(c => new GroupMemberInfo(c.Id, c.Name, null, c.Meetings, c.TheirWins, false))
            .Prepend(new GroupMemberInfo(firm.Id, firm.Name, null, present.Count(b => b.BidderId == firm.Id),
                present.Count(b => b.BidderId == firm.Id && b.Won), false))
            .ToList();
        return FirmCharts.Network(firm.Id, nodes, [.. edges.Select(x => new NetworkEdge(x.Key.Item1, x.Key.Item2, x.Value))]);
    }
}
