using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jianguan.Analytics;
using Jianguan.Analytics.Learning;
using Jianguan.Analytics.Rules;
using Jianguan.Analytics.Scoring;
using Jianguan.Features.Focus;
using Microsoft.Extensions.Options;

namespace Jianguan.Features.Warnings;

/// <summary>What one analysis run did, with its phases' durations.</summary>
public sealed record AnalysisOutcome(
    string Trigger, string Scope, int SectionsAnalysed, int SectionsStored, int AlertsNew, int AlertsUpdated,
    int FocusAdded, int FocusRemoved, int TrackingNotices, TimeSpan Load, TimeSpan Analyse, TimeSpan Store)
{
    public static AnalysisOutcome Nothing(string trigger) =>
        new(trigger, "none", 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Total => Load + Analyse + Store;
}

/// <summary>
/// Runs the warning engine over the database (see docs/decisions/ADR-011): after an import over the touched sections
/// with their market context, nightly and on <c>jianguan alerts refresh</c> over the whole market. Decides what to
/// load and what to store, one run at a time (<see cref="AnalysisGate"/>), and records the run; what it finds is
/// stored by <see cref="AlertStore"/>.
/// </summary>
public sealed class AlertAnalysis(TimeProvider clock, AuditTrail audit, AnalysisGate gate, IOptions<AnalysisOptions> options,
    ILoggerFactory loggers) : Trading.Import.IAfterImportAnalysis
{
    /// <summary>Markets up to this many sections are analysed whole after every import.</summary>
    public const int WholeMarketSections = 20_000;

    /// <summary>Upper bound of the context of an incremental analysis (the bidders' history, most recent first).</summary>
    public const int MaxContextSections = 20_000;

    /// <summary>
    /// The most recent sections whose quantiles stand in for the market's norms while no whole-market run has stored
    /// its norms (<see cref="QuantilesAsync"/>).
    /// </summary>
    public const int NormsSampleSections = 3_000;

    /// <summary>Norms of a whole-market run are kept this long (the nightly run renews them).</summary>
    public static readonly TimeSpan WholeNormsLifetime = TimeSpan.FromHours(26);

    /// <summary>Norms of the recent sample are recomputed after this long.</summary>
    public static readonly TimeSpan SampleNormsLifetime = TimeSpan.FromHours(1);

    /// <summary>The market's norms this process last used: a stored whole-market run's (<paramref name="Run"/>) or a sample's.</summary>
    private sealed record CachedNorms(MarketQuantiles Quantiles, DateTimeOffset At, long? Run);

    /// <summary>Quantiles of too small a category are NaN.</summary>
    private static readonly JsonSerializerOptions NormsJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private CachedNorms? norms;

    /// <summary>The shipped model, its probabilities shifted to a market's base rate (<see cref="AnalysisOptions.BaseRate"/>).</summary>
    private static readonly Lazy<ModelScorer?> DefaultModel = new(ModelHook.TryLoadDefault);

    private readonly AnalysisOptions settings = options.Value;
    private readonly ILogger timings = Platform.Timings.Logger(loggers);

    /// <summary>
    /// After an import: tracking notices for the touched sections (against the focus list as it stood before),
    /// then the analysis of those sections in their market context, then the focus list re-derived.
    /// </summary>
    public async Task<AnalysisOutcome> AfterImportAsync(JianguanDbContext db, IReadOnlyCollection<long> touched, AuditActor actor,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(touched);
        if (touched.Count == 0)
        {
            return AnalysisOutcome.Nothing("import");
        }

        return await gate.RunAsync(async () =>
        {
            var watch = Stopwatch.StartNew();
            var notices = await Tracking.RaiseAsync(db, touched, clock, ct);
            var total = await db.Sections.CountAsync(ct);
            Platform.Timings.Phase(timings, "tracking notices", watch.Elapsed);
            AnalysisOutcome outcome;
            if (total > settings.WholeMarketSections && touched.Count * 2 < total)
            {
                // Incremental: the touched sections and their bidders' history, judged by the market's norms.
                watch.Restart();
                var context = await NeighbourhoodAsync(db, touched, ct);
                Platform.Timings.Phase(timings, "neighbourhood", watch.Elapsed);
                var quantiles = await QuantilesAsync(db, ct);
                outcome = await RunAsync(db, "import", Incremental, context, touched, actor, quantiles, ct);
            }
            else
            {
                outcome = await RunAsync(db, "import", WholeMarket, null, touched, actor, null, ct);
            }

            return outcome with { TrackingNotices = notices };
        }, ct);
    }

    /// <summary>The whole market, every stored result refreshed (nightly job, <c>jianguan alerts refresh</c>).</summary>
    public async Task<AnalysisOutcome> RefreshAsync(JianguanDbContext db, string trigger, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await gate.RunAsync(() => RunAsync(db, trigger, WholeMarket, null, null, actor, null, ct), ct);
    }

    /// <summary>
    /// The touched sections and every section their bidders took part in (the bidders' history: cross-section
    /// links), most recent first up to <see cref="MaxContextSections"/>; read through the bids' bidder index. The
    /// category norms come from the whole market instead (<see cref="QuantilesAsync"/>).
    /// </summary>
    public static async Task<IReadOnlyCollection<long>> NeighbourhoodAsync(JianguanDbContext db, IReadOnlyCollection<long> touched, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(touched);
        var result = new HashSet<long>(touched);
        var bidders = new HashSet<long>();
        foreach (var chunk in touched.Order().Chunk(MarketTableLoader.SectionBatch))
        {
            bidders.UnionWith(await db.Bids.AsNoTracking().Where(b => chunk.Contains(b.SectionId)).Select(b => b.BidderId).Distinct().ToListAsync(ct));
        }

        var history = new List<(long Id, DateTimeOffset? At)>();
        foreach (var chunk in bidders.Order().Chunk(MarketTableLoader.SectionBatch))
        {
            var rows = await db.Bids.AsNoTracking().Where(b => chunk.Contains(b.BidderId))
                .Select(b => new { b.SectionId, b.Section!.BidOpenAt }).Distinct().ToListAsync(ct);
            history.AddRange(rows.Select(r => (r.SectionId, r.BidOpenAt)));
        }

        foreach (var (id, _) in history.DistinctBy(h => h.Id).OrderByDescending(h => h.At ?? DateTimeOffset.MinValue).ThenByDescending(h => h.Id))
        {
            if (result.Count >= MaxContextSections)
            {
                break;
            }

            result.Add(id);
        }

        return result;
    }

    /// <summary>The scope name of an incremental run (the pushed sections, their bidders' history, stored norms).</summary>
    public const string Incremental = "incremental";

    /// <summary>The scope name of a whole-market run (the only runs that store norms).</summary>
    public const string WholeMarket = "market";

    /// <summary>
    /// The market's norms for an incremental run: those the newest whole-market run stored (nightly, refresh, or an
    /// import into a small market; on any node) while younger than <see cref="WholeNormsLifetime"/>, read once per
    /// run; else the quantiles of the <see cref="NormsSampleSections"/> most recent sections, recomputed after
    /// <see cref="SampleNormsLifetime"/>.
    /// </summary>
    internal async Task<MarketQuantiles> QuantilesAsync(JianguanDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var newest = await db.Set<AnalysisRun>().AsNoTracking().Where(r => r.Scope == WholeMarket && r.Norms != null)
            .OrderByDescending(r => r.Id).Select(r => new { r.Id, r.StartedAt }).FirstOrDefaultAsync(ct);
        if (newest is not null && now - newest.StartedAt < WholeNormsLifetime)
        {
            if (norms is { } stored && stored.Run == newest.Id)
            {
                return stored.Quantiles;
            }

            var json = await db.Set<AnalysisRun>().AsNoTracking().Where(r => r.Id == newest.Id).Select(r => r.Norms!).SingleAsync(ct);
            var read = JsonSerializer.Deserialize<MarketQuantiles>(json, NormsJson)!;
            norms = new CachedNorms(read, newest.StartedAt, newest.Id);
            return read;
        }

        if (norms is { Run: null } cached && now - cached.At < SampleNormsLifetime)
        {
            return cached.Quantiles;
        }

        var watch = Stopwatch.StartNew();
        var recent = await db.Sections.AsNoTracking()
            .OrderByDescending(s => s.BidOpenAt).ThenByDescending(s => s.Id)
            .Select(s => s.Id).Take(NormsSampleSections).ToListAsync(ct);
        var sample = await MarketTableLoader.LoadAsync(db, recent, timings, ct);
        var quantiles = Engine.Quantiles(sample.Table);
        norms = new CachedNorms(quantiles, now, Run: null);
        Platform.Timings.Phase(timings, "norms from the recent sections", watch.Elapsed);
        return quantiles;
    }

    /// <param name="quantiles">
    /// Given: an incremental run (<paramref name="context"/> the touched sections and their bidders' history), judged
    /// by these market norms, storing only what the touched sections decide (see <see cref="Stored"/>).
    /// </param>
    private async Task<AnalysisOutcome> RunAsync(JianguanDbContext db, string trigger, string scope,
        IReadOnlyCollection<long>? context, IReadOnlyCollection<long>? store, AuditActor actor, MarketQuantiles? quantiles,
        CancellationToken ct)
    {
        var started = clock.GetUtcNow().ToUniversalTime();
        var watch = Stopwatch.StartNew();
        var market = await MarketTableLoader.LoadAsync(db, context, timings, ct);
        var load = watch.Elapsed;
        watch.Restart();
        // As `jianguan analyze` does: the engine's own screens feed the model when the columns allow, else the model
        // computes its features; either way shifted to the base rate, so levels match the command line's.
        var scorer = settings.UseModel ? DefaultModel.Value : null;
        // The stored credit blacklist, as `jianguan analyze --blacklist` reads a file: only the days a listing punishes.
        var blacklist = await Credit.BlacklistService.EngineListAsync(db, ct);
        var feed = scorer is null ? null : ModelHook.Feed(scorer, market.Table, settings.BaseRate);
        var result = Engine.Analyze(market.Table, new EngineOptions
        {
            Model = scorer is null || feed is not null ? null : ModelHook.From(scorer, settings.BaseRate),
            ModelFeed = feed,
            Blacklist = blacklist,
            Quantiles = quantiles,
            Timing = timings.IsEnabled(LogLevel.Debug) ? (phase, time) => Platform.Timings.Phase(timings, phase, time) : null,
        });
        var analyse = watch.Elapsed;
        watch.Restart();
        var wholeNorms = context is null && market.Table.SectionCount > 0
            ? JsonSerializer.Serialize(MarketQuantiles.From(market.Table, result.Norms.Quantile), NormsJson)
            : null;

        // One transaction: a run stores all of its results or none (the audit entry commits with them).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var storeSections = store is null ? null : new HashSet<long>(store);
        var t = market.Table;
        var storeSection = new bool[t.SectionCount];
        var storeBidder = new bool[t.BidderCount];
        for (var s = 0; s < t.SectionCount; s++)
        {
            if (storeSections is null || storeSections.Contains(market.SectionIds[s]))
            {
                storeSection[s] = true;
                for (var i = t.SectionStart[s]; i < t.SectionStart[s + 1]; i++)
                {
                    storeBidder[t.Bidder[i]] = true;
                }
            }
        }

        var groupKeys = result.Groups.Select(g => AlertKeys.GroupKey(g.Members.Select(m => market.EntityIds[m]))).ToArray();
        var incremental = quantiles is not null;
        var alerts = result.Alerts.Where(a => Stored(a, storeSection, storeBidder, incremental)).ToList();
        var (added, updated) = await AlertStore.StoreAlertsAsync(db, market, alerts, groupKeys, started, ct);
        Platform.Timings.Phase(timings, "store alerts", watch.Elapsed);
        // An incremental run's bidder and group scores would see the bidders' history but not the whole network:
        // they stay as the last whole-market run left them (the nightly run renews them); section scores are stored.
        var sectionsStored = await AlertStore.StoreScoresAsync(db, market, result, storeSection,
            incremental ? new bool[t.BidderCount] : storeBidder, groupKeys, storeSections is null, started, ct);
        Platform.Timings.Phase(timings, "store scores", watch.Elapsed);
        IReadOnlyCollection<long>? firms = null;
        if (incremental)
        {
            var touchedFirms = Enumerable.Range(0, t.BidderCount).Where(b => storeBidder[b]).Select(b => market.EntityIds[b]).ToList();
            firms = touchedFirms.Count <= MarketTableLoader.SectionBatch ? touchedFirms : null;
        }

        var (focusAdded, focusRemoved) = await FocusList.DeriveAsync(db, clock, audit, actor, firms, ct);
        Platform.Timings.Phase(timings, "focus list", watch.Elapsed);

        var run = new AnalysisRun
        {
            Trigger = trigger,
            Scope = scope,
            SectionsAnalysed = t.SectionCount,
            SectionsStored = sectionsStored,
            AlertsNew = added,
            AlertsUpdated = updated,
            StartedAt = started,
            DurationMs = (long)(load + analyse + watch.Elapsed).TotalMilliseconds,
            Norms = wholeNorms,
        };
        db.Set<AnalysisRun>().Add(run);
        await audit.RecordAsync(db, actor, "alerts.analyze", trigger, new
        {
            scope,
            sections = t.SectionCount,
            stored = sectionsStored,
            alertsNew = added,
            alertsUpdated = updated,
            focusAdded,
            focusRemoved,
        }, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new AnalysisOutcome(trigger, scope, t.SectionCount, sectionsStored, added, updated, focusAdded, focusRemoved, 0,
            load, analyse, watch.Elapsed);
    }

    /// <summary>
    /// Which alerts a run stores. A whole or whole-market run: those of the stored sections and those naming one of
    /// their bidders. An incremental run: the alerts of the touched sections and, of the alerts about firms, only
    /// those exact on a context of the bidders' history: cross-section links (every section both firms bid in is in
    /// the context) and invalid credit codes naming a bidder of a touched section. Network groups and cover bidders
    /// depend on the whole market and are left to the nightly run.
    /// </summary>
    private static bool Stored(Analytics.Rules.Alert a, bool[] storeSection, bool[] storeBidder, bool incremental)
    {
        if (a.Section >= 0)
        {
            return storeSection[a.Section];
        }

        if (!a.Bidders.Any(b => storeBidder[b]))
        {
            return false;
        }

        return !incremental || a.Rule == Analytics.Rules.RuleCatalog.CrossSectionLink || a.Rule == Analytics.Rules.RuleCatalog.CreditCode;
    }
}
