using System.Collections.Concurrent;
using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jianguan.Features.Analysis;

/// <summary>
/// The whole analysis summary of a database kept in memory column by column (ADR-023, step 2), one copy per process
/// and database, current by the summary's revision: a request reads the revision counter (one row); when it moved,
/// the rows and removals written past the copy's revision, the bids of those sections and the firms' names are read
/// and a new snapshot replaces the old one (requests meanwhile wait for it, so nobody is served data older than a
/// write already committed). A rebuild of the table, or a database at an older revision than the copy, reloads all.
/// </summary>
public static class AnalysisStore
{
    /// <summary>Databases a process keeps a copy of (the tests open many; a server one).</summary>
    private const int MaxDatabases = 8;

    /// <summary>Past this share of changed rows a reload of everything is cheaper than reading the changes.</summary>
    private const double ReloadShare = 0.2;

    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    /// <summary>The snapshot of the database at its current revision (loading or updating it first if needed).</summary>
    public static async Task<AnalysisSnapshot> CurrentAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var revision = await AnalysisSummary.RevisionAsync(db, ct);
        var entry = Entries.GetOrAdd(db.Database.GetConnectionString() + "|" + revision.Instance, _ => new Entry());
        entry.LastUsed = Environment.TickCount64;
        if (entry.Snapshot is { } current && current.Revision == revision.Value)
        {
            return current;
        }

        await entry.Gate.WaitAsync(ct);
        try
        {
            if (entry.Snapshot is { } loaded && loaded.Revision >= revision.Value && loaded.Reset == revision.Reset)
            {
                return loaded;
            }

            entry.Snapshot = await LoadAsync(db, entry.Snapshot, revision, ct);
            entry.Snapshot.Prepare();
            Trim();
            return entry.Snapshot;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private static void Trim()
    {
        foreach (var stale in Entries.OrderByDescending(e => e.Value.LastUsed).Skip(MaxDatabases).ToList())
        {
            Entries.TryRemove(stale);
        }
    }

    private static async Task<AnalysisSnapshot> LoadAsync(JianguanDbContext db, AnalysisSnapshot? previous, AnalysisRevision revision, CancellationToken ct)
    {
        var rows = db.Set<AnalysisSection>().AsNoTracking();
        Dictionary<long, AnalysisSection> changed;
        Dictionary<long, SectionFact> facts;
        Dictionary<long, SectionBidFigures> figures;
        Dictionary<long, long[]> bids;
        if (previous is not null && previous.Reset == revision.Reset && previous.Revision <= revision.Value)
        {
            var held = previous.Revision;
            changed = await rows.Where(r => r.Revision > held).ToDictionaryAsync(r => r.SectionId, ct);
            if (changed.Count <= previous.Facts.Count * ReloadShare)
            {
                var removed = await db.Set<AnalysisRemoval>().AsNoTracking().Where(r => r.Revision > held).Select(r => r.SectionId).ToListAsync(ct);
                facts = new Dictionary<long, SectionFact>(previous.Facts);
                figures = new Dictionary<long, SectionBidFigures>(previous.Figures);
                bids = new Dictionary<long, long[]>(previous.Bids);
                foreach (var id in removed)
                {
                    facts.Remove(id);
                    figures.Remove(id);
                    bids.Remove(id);
                }

                foreach (var id in changed.Keys)
                {
                    bids.Remove(id);
                }

                foreach (var chunk in changed.Keys.Chunk(AnalysisSummary.Batch))
                {
                    var (first, last) = (chunk.Min(), chunk.Max());
                    await ReadBidsAsync(db, bids, chunk, first, last, ct);
                }

                return Snapshot(revision, changed, facts, figures, bids, await EntitiesAsync(db, ct));
            }
        }

        changed = await rows.ToDictionaryAsync(r => r.SectionId, ct);
        bids = [];
        await ReadBidsAsync(db, bids, null, 0, 0, ct);
        return Snapshot(revision, changed, [], [], bids, await EntitiesAsync(db, ct));
    }

    /// <summary>The snapshot from the previous sections with the changed rows applied and every firm named as stored now.</summary>
    private static AnalysisSnapshot Snapshot(AnalysisRevision revision, Dictionary<long, AnalysisSection> changed, Dictionary<long, SectionFact> facts,
        Dictionary<long, SectionBidFigures> figures, Dictionary<long, long[]> bids, Dictionary<long, (string Name, string? Code)> entities)
    {
        string? Name(long? id) => id is { } key && entities.TryGetValue(key, out var e) ? e.Name : null;
        foreach (var (id, s) in changed)
        {
            facts[id] = new SectionFact(
                s.SectionId, s.ProjectId, s.ProjectCode, s.ProjectName, s.SectionCode, s.SectionName, s.Category, s.Region, s.Department,
                s.TendererId, Name(s.TendererId), s.AgencyId, Name(s.AgencyId), s.WinnerId, Name(s.WinnerId),
                s.WinnerId is { } w && entities.TryGetValue(w, out var winner) ? winner.Code : null, s.ControlPrice, s.EstimatedPrice, s.Budget,
                s.AwardAmount, s.PublishedAt, s.NoticeAt, s.BidOpenAt, s.AwardAt, s.DeclaredBidders, s.SupervisingOrganisationId);
            figures[id] = new SectionBidFigures(s.Bidders, s.ValidBidders, s.BidRows, TwoPlaces(s.Dispersion));
        }

        // Firms renamed (or given a credit code) since: the summary joins them at read time, so the copy does too.
        var ordered = new List<SectionFact>(facts.Count);
        var renamed = new List<SectionFact>();
        foreach (var fact in facts.Values)
        {
            var winnerCode = fact.WinnerId is { } w && entities.TryGetValue(w, out var winner) ? winner.Code : null;
            if (!string.Equals(fact.TendererName, Name(fact.TendererId), StringComparison.Ordinal)
                || !string.Equals(fact.AgencyName, Name(fact.AgencyId), StringComparison.Ordinal)
                || !string.Equals(fact.WinnerName, Name(fact.WinnerId), StringComparison.Ordinal)
                || !string.Equals(fact.WinnerCreditCode, winnerCode, StringComparison.Ordinal))
            {
                renamed.Add(fact with
                {
                    TendererName = Name(fact.TendererId),
                    AgencyName = Name(fact.AgencyId),
                    WinnerName = Name(fact.WinnerId),
                    WinnerCreditCode = winnerCode,
                });
                ordered.Add(renamed[^1]);
            }
            else
            {
                ordered.Add(fact);
            }
        }

        ordered.Sort((a, b) => a.SectionId.CompareTo(b.SectionId));
        foreach (var fact in renamed)
        {
            facts[fact.SectionId] = fact;
        }

        return new AnalysisSnapshot(revision.Value, revision.Reset, facts, figures, bids, entities, new AnalysisDataset(ordered, []) { Figures = figures });
    }

    /// <summary>
    /// A stored dispersion with the two decimal places <see cref="Stats.Round"/> gives it (SQLite keeps a REAL, so 3.50
    /// comes back as 3.5): the same value, and the same JSON as when computed from the bids.
    /// </summary>
    private static decimal? TwoPlaces(decimal? value) => value is { } v ? Math.Round(v * 1.00m, 2, MidpointRounding.AwayFromZero) : null;

    private static async Task<Dictionary<long, (string Name, string? Code)>> EntitiesAsync(JianguanDbContext db, CancellationToken ct) =>
        await db.MarketEntities.AsNoTracking()
            .Select(e => new { e.Id, e.Name, e.CreditCode })
            .ToDictionaryAsync(e => e.Id, e => (e.Name, e.CreditCode), ct);

    /// <summary>The bidders of each section's bid rows (all sections, or those of a chunk), read in section order.</summary>
    private static async Task ReadBidsAsync(JianguanDbContext db, Dictionary<long, long[]> bids, long[]? chunk, long first, long last, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = chunk is null
                ? """SELECT "SectionId", "BidderId" FROM "Bids" ORDER BY "SectionId" """
                : $"""SELECT "SectionId", "BidderId" FROM "Bids" WHERE "SectionId" >= {first} AND "SectionId" <= {last} AND "SectionId" IN ({string.Join(",", chunk)}) ORDER BY "SectionId" """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            var section = long.MinValue;
            var bidders = new List<long>();
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                if (id != section)
                {
                    Flush(bids, section, bidders);
                    section = id;
                }

                bidders.Add(reader.GetInt64(1));
            }

            Flush(bids, section, bidders);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        static void Flush(Dictionary<long, long[]> bids, long section, List<long> bidders)
        {
            if (bidders.Count > 0)
            {
                bids[section] = [.. bidders];
                bidders.Clear();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile AnalysisSnapshot? Snapshot;

        public long LastUsed;
    }
}

/// <summary>
/// The analysis summary of one database at one revision: the sections (as the analyses see them, in section order),
/// their columns, and the bids as one adjacency list of bidder numbers. Immutable; a request selects its rows.
/// </summary>
public sealed class AnalysisSnapshot
{
    private readonly long[] bidderIds;
    private readonly int[] bidStart;
    private readonly int[] bidBidder;
    private readonly int minYear;
    private readonly int yearSpan;

    /// <summary>The datasets selected so far, by scope and filter, and the order they were first asked for.</summary>
    private readonly Dictionary<(string Scope, AnalysisFilter Filter), Lazy<AnalysisDataset>> _kept = [];
    private readonly Queue<(string Scope, AnalysisFilter Filter)> _keptOrder = new();

    /// <summary>The kept datasets select at most this many times the snapshot's rows together (a whole market of a million rows holds some 13 MB of row lists).</summary>
    private const int KeptRows = 4;

    internal AnalysisSnapshot(long revision, long reset, Dictionary<long, SectionFact> facts, Dictionary<long, SectionBidFigures> figures,
        Dictionary<long, long[]> bids, Dictionary<long, (string Name, string? Code)> entities, AnalysisDataset all)
    {
        Revision = revision;
        Reset = reset;
        Facts = facts;
        Figures = figures;
        Bids = bids;
        Entities = entities;
        All = all;
        Columns = AnalysisColumns.Of(all);

        // The bidders numbered in ascending id order, and each row's bid rows as a run of those numbers.
        bidderIds = [.. bids.Values.SelectMany(b => b).Distinct().Order()];
        var number = new Dictionary<long, int>(bidderIds.Length);
        for (var i = 0; i < bidderIds.Length; i++)
        {
            number[bidderIds[i]] = i;
        }

        bidStart = new int[all.Sections.Count + 1];
        var total = 0;
        for (var row = 0; row < all.Sections.Count; row++)
        {
            bidStart[row] = total;
            total += bids.TryGetValue(all.Sections[row].SectionId, out var list) ? list.Length : 0;
        }

        bidStart[^1] = total;
        bidBidder = new int[total];
        for (var row = 0; row < all.Sections.Count; row++)
        {
            if (bids.TryGetValue(all.Sections[row].SectionId, out var list))
            {
                for (var k = 0; k < list.Length; k++)
                {
                    bidBidder[bidStart[row] + k] = number[list[k]];
                }
            }
        }

        minYear = Columns.FirstYear;
        yearSpan = Math.Max(0, Columns.LastYear - Columns.FirstYear + 1);
    }

    public long Revision { get; }

    public long Reset { get; }

    internal Dictionary<long, SectionFact> Facts { get; }

    internal Dictionary<long, SectionBidFigures> Figures { get; }

    internal Dictionary<long, long[]> Bids { get; }

    internal Dictionary<long, (string Name, string? Code)> Entities { get; }

    /// <summary>Every section of the database, in section order (the rows of <see cref="Columns"/>).</summary>
    internal AnalysisDataset All { get; }

    internal AnalysisColumns Columns { get; }

    /// <summary>
    /// The sections in the scope that match the filter, with the bidders of their bids (counted from the adjacency list
    /// when first read) and the sections a drill-down bidder bid for. The dataset of a scope and filter is kept with the
    /// snapshot (<see cref="KeptRows"/>), and with it the analyses' results over it: the same dashboard at the same
    /// revision is answered from memory.
    /// </summary>
    public AnalysisDataset Select(DataScope scope, AnalysisFilter filter, long? drillBidder = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var key = (ScopeKey(scope), filter);
        Lazy<AnalysisDataset> kept;
        bool added;
        lock (_kept)
        {
            added = !_kept.TryGetValue(key, out kept!);
            if (added)
            {
                kept = new Lazy<AnalysisDataset>(() => Build(scope, filter));
                _kept.Add(key, kept);
                _keptOrder.Enqueue(key);
            }
        }

        var data = kept.Value;
        if (added)
        {
            Trim();
        }

        if (drillBidder is not { } bidder || Array.BinarySearch(bidderIds, bidder) is not (var b and >= 0))
        {
            return data;
        }

        var ids = new HashSet<long>();
        foreach (var row in data.Selection!.Rows)
        {
            if (bidBidder.AsSpan(bidStart[row], bidStart[row + 1] - bidStart[row]).Contains(b))
            {
                ids.Add(Columns.SectionId[row]);
            }
        }

        return data with { BidderSections = new Dictionary<long, IReadOnlySet<long>> { [bidder] = ids } };
    }

    /// <summary>
    /// Computes the overview's figures of the whole database in the background (the dashboard most opened), so that
    /// the first reader after a write finds them computed or under way.
    /// </summary>
    internal void Prepare() =>
        _ = Task.Run(() =>
        {
            var all = Select(DataScope.All, new AnalysisFilter());
            _ = PriceAnalysis.Compute(all);
            _ = MarketAnalysis.Compute(all);
        }).ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // a failure reaches the request that asks for the same result

    /// <summary>
    /// Drops the oldest kept datasets while the rows they select together pass <see cref="KeptRows"/> times the
    /// snapshot's rows. The newest is kept, and so is the whole database's (<see cref="Prepare"/>).
    /// </summary>
    private void Trim()
    {
        var whole = (ScopeKey(DataScope.All), new AnalysisFilter());
        lock (_kept)
        {
            while (_keptOrder.Count > 1
                && _kept.Values.Sum(k => k.IsValueCreated ? k.Value.Sections.Count : 0) > (long)KeptRows * Math.Max(1, Columns.Count))
            {
                var oldest = _keptOrder.Dequeue();
                if (oldest == whole)
                {
                    _keptOrder.Enqueue(oldest);
                    continue;
                }

                _kept.Remove(oldest);
            }
        }
    }

    /// <summary>What a scope's mask depends on: its kind, its unit and the categories its sectors name.</summary>
    private static string ScopeKey(DataScope scope) =>
        scope.Kind == DataScopeKind.Sector
            ? string.Create(CultureInfo.InvariantCulture, $"sector|{scope.OrganisationId}|{string.Join(',', TradingScope.Categories(scope).Order())}")
            : scope.Kind.ToString();

    private AnalysisDataset Build(DataScope scope, AnalysisFilter filter)
    {
        var selection = new AnalysisSelection(Columns, Mask(scope, filter));
        return new AnalysisDataset(new SelectedFacts(All.Sections, selection.Rows), [])
        {
            Figures = Figures,
            BiddersFrom = () => BidderFacts(selection),
            Selection = selection,
        };
    }

    /// <summary>The supervising departments named by the sections in scope, for the filter (at most 200, in order).</summary>
    public IReadOnlyList<string> Departments(DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var seen = new bool[Columns.DepartmentKeys.Count];
        var inScope = Mask(scope, new AnalysisFilter());
        for (var row = 0; row < Columns.Count; row++)
        {
            if (inScope[row] && Columns.Department[row] >= 0)
            {
                seen[Columns.Department[row]] = true;
            }
        }

        return [.. Columns.DepartmentKeys.Where((_, i) => seen[i]).Order(StringComparer.Ordinal).Take(200)];
    }

    /// <summary>The rows in the scope that match the filter (the rules of <c>TradingScope</c> and <c>AnalysisData.Sections</c>).</summary>
    private bool[] Mask(DataScope scope, AnalysisFilter filter)
    {
        var c = Columns;
        var mask = new bool[c.Count];
        if (scope.Kind is not (DataScopeKind.All or DataScopeKind.Sector))
        {
            return mask;
        }

        var sector = scope.Kind == DataScopeKind.Sector;
        var organisation = scope.OrganisationId ?? int.MinValue;
        var scopeCategories = new bool[Enum.GetValues<TradingCategory>().Max(v => (int)v) + 1];
        foreach (var inScope in sector ? TradingScope.Categories(scope) : [])
        {
            scopeCategories[(int)inScope] = true;
        }

        var regionOk = filter.Region is { } prefix
            ? [.. c.RegionKeys.Select(k => k.Length > 0 && k.StartsWith(prefix, StringComparison.Ordinal))]
            : Array.Empty<bool>();
        var department = filter.Department is { } d ? IndexOf(c.DepartmentKeys, d) : -1;
        var category = filter.Category is { } fc ? (int)fc : -1;
        var start = filter.From is { } from ? ChinaTime.FilterStart(from).UtcTicks : long.MinValue;
        var end = filter.To is { } to ? ChinaTime.FilterEnd(to).UtcTicks : long.MaxValue;
        var dated = filter.From is not null || filter.To is not null;
        for (var row = 0; row < c.Count; row++)
        {
            mask[row] = (!sector || c.Organisation[row] == organisation || scopeCategories[c.Category[row]])
                && (category < 0 || c.Category[row] == category)
                && (filter.Region is null || regionOk[c.Region[row]])
                && (filter.Department is null || c.Department[row] == department)
                && (!dated || (c.Day[row] != AnalysisColumns.NoDay && c.Day[row] >= start && c.Day[row] < end));
        }

        return mask;

        static int IndexOf(IReadOnlyList<string> keys, string key)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (string.Equals(keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -2;
        }
    }

    /// <summary>
    /// Every bidder of the selected sections' bid rows, by id: its bid rows, those of sections it won, the years of its
    /// sections' trading days.
    /// </summary>
    private List<BidderFact> BidderFacts(AnalysisSelection selection)
    {
        var c = Columns;
        var rows = new int[bidderIds.Length];
        var wins = new int[bidderIds.Length];
        var years = new ulong[bidderIds.Length];
        var wide = yearSpan > 64 ? new HashSet<int>?[bidderIds.Length] : null;
        foreach (var row in selection.Rows)
        {
            var winner = c.Winner[row];
            var year = c.Year[row];
            for (var k = bidStart[row]; k < bidStart[row + 1]; k++)
            {
                var b = bidBidder[k];
                rows[b]++;
                if (bidderIds[b] == winner)
                {
                    wins[b]++;
                }

                if (year == 0)
                {
                    continue;
                }

                if (wide is null)
                {
                    years[b] |= 1UL << (year - minYear);
                }
                else
                {
                    (wide[b] ??= []).Add(year);
                }
            }
        }

        var facts = new List<BidderFact>();
        for (var b = 0; b < bidderIds.Length; b++)
        {
            if (rows[b] == 0)
            {
                continue;
            }

            var set = wide?[b] ?? new HashSet<int>();
            for (var bits = years[b]; bits != 0; bits &= bits - 1)
            {
                set.Add(minYear + System.Numerics.BitOperations.TrailingZeroCount(bits));
            }

            var id = bidderIds[b];
            facts.Add(new BidderFact(id, Entities.TryGetValue(id, out var e) ? e.Name : "—", rows[b], wins[b], set));
        }

        return facts;
    }
}

/// <summary>The facts of selected rows, read through the row numbers (no copy of a million references per selection).</summary>
internal sealed class SelectedFacts(IReadOnlyList<SectionFact> all, int[] rows) : IReadOnlyList<SectionFact>
{
    public int Count => rows.Length;

    public SectionFact this[int index] => all[rows[index]];

    public IEnumerator<SectionFact> GetEnumerator()
    {
        foreach (var row in rows)
        {
            yield return all[row];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
