using System.Diagnostics;
using Jianguan.Analytics;
using Jianguan.Analytics.Learning;
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

    /// <summary>Upper bound of the context of a post-import analysis in a larger market.</summary>
    public const int MaxContextSections = 20_000;

    /// <summary>Recent sections added to a small neighbourhood so that the per-category norms have material.</summary>
    public const int MinContextSections = 3_000;

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
            var notices = await Tracking.RaiseAsync(db, touched, clock, ct);
            var total = await db.Sections.CountAsync(ct);
            IReadOnlyCollection<long>? context = null;
            var scope = "market";
            if (total > settings.WholeMarketSections && touched.Count * 2 < total)
            {
                context = await NeighbourhoodAsync(db, touched, ct);
                scope = "neighbourhood";
            }

            var outcome = await RunAsync(db, "import", scope, context, touched, actor, ct);
            return outcome with { TrackingNotices = notices };
        }, ct);
    }

    /// <summary>The whole market, every stored result refreshed (nightly job, <c>jianguan alerts refresh</c>).</summary>
    public async Task<AnalysisOutcome> RefreshAsync(JianguanDbContext db, string trigger, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await gate.RunAsync(() => RunAsync(db, trigger, "market", null, null, actor, ct), ct);
    }

    /// <summary>
    /// The touched sections, every section their bidders took part in (the bidders' history: networks, cover
    /// bidders, cross-section links), most recent first up to <see cref="MaxContextSections"/>, topped up with the
    /// market's most recent sections to <see cref="MinContextSections"/> for the category norms.
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

        if (result.Count < MinContextSections)
        {
            var recent = await db.Sections.AsNoTracking()
                .OrderByDescending(s => s.BidOpenAt).ThenByDescending(s => s.Id)
                .Select(s => s.Id).Take(MinContextSections).ToListAsync(ct);
            foreach (var id in recent)
            {
                if (result.Count >= MinContextSections)
                {
                    break;
                }

                result.Add(id);
            }
        }

        return result;
    }

    private async Task<AnalysisOutcome> RunAsync(JianguanDbContext db, string trigger, string scope,
        IReadOnlyCollection<long>? context, IReadOnlyCollection<long>? store, AuditActor actor, CancellationToken ct)
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
            Timing = timings.IsEnabled(LogLevel.Debug) ? (phase, time) => Platform.Timings.Phase(timings, phase, time) : null,
        });
        var analyse = watch.Elapsed;
        watch.Restart();

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
        var alerts = result.Alerts
            .Where(a => a.Section >= 0 ? storeSection[a.Section] : a.Bidders.Any(b => storeBidder[b]))
            .ToList();
        var (added, updated) = await AlertStore.StoreAlertsAsync(db, market, alerts, groupKeys, started, ct);
        Platform.Timings.Phase(timings, "store alerts", watch.Elapsed);
        var sectionsStored = await AlertStore.StoreScoresAsync(db, market, result, storeSection, storeBidder, groupKeys, storeSections is null, started, ct);
        Platform.Timings.Phase(timings, "store scores", watch.Elapsed);
        var (focusAdded, focusRemoved) = await FocusList.DeriveAsync(db, clock, audit, actor, ct);
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
}
