using DbType = System.Data.DbType;
using System.Diagnostics;
using Jianguan.Analytics;
using Jianguan.Analytics.Learning;
using Jianguan.Analytics.Output;
using Jianguan.Analytics.Rules;
using Jianguan.Analytics.Scoring;
using Jianguan.Data;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Jianguan.Features.Focus;
using Jianguan.Features.Profiles;
using EngineAlert = Jianguan.Analytics.Rules.Alert;

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
/// Runs the warning engine over the database and stores what it finds (see docs/decisions/ADR-011):
/// after an import over the touched sections with their market context, nightly and on
/// <c>jianguan alerts refresh</c> over the whole market. Alerts are upserted by their de-duplication key, so their
/// review state survives re-analysis; scores of sections, bidders and groups are replaced for what was analysed.
/// </summary>
public sealed class AlertAnalysis(TimeProvider clock, AuditTrail audit, ILogger<AlertAnalysis>? log = null)
{
    /// <summary>Markets up to this many sections are analysed whole after every import.</summary>
    public const int WholeMarketSections = 20_000;

    /// <summary>Upper bound of the context of a post-import analysis in a larger market.</summary>
    public const int MaxContextSections = 20_000;

    /// <summary>Recent sections added to a small neighbourhood so that the per-category norms have material.</summary>
    public const int MinContextSections = 3_000;

    private const int WriteBatch = 1000;

    /// <summary>One analysis at a time per process: runs write the same rows.</summary>
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The shipped model, its probabilities shifted to a market's base rate (ModelHook.DefaultBaseRate).</summary>
    private static readonly Lazy<ModelScorer?> DefaultModel = new(ModelHook.TryLoadDefault);

    /// <summary>Off in tests that need the rules alone (the model adds a term to the scores).</summary>
    public bool UseModel { get; init; } = true;

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

        await Gate.WaitAsync(ct);
        try
        {
            var notices = await Tracking.RaiseAsync(db, touched, clock, ct);
            var total = await db.Sections.CountAsync(ct);
            IReadOnlyCollection<long>? context = null;
            var scope = "market";
            if (total > WholeMarketSections && touched.Count * 2 < total)
            {
                context = await NeighbourhoodAsync(db, touched, ct);
                scope = "neighbourhood";
            }

            var outcome = await RunAsync(db, "import", scope, context, touched, actor, ct);
            return outcome with { TrackingNotices = notices };
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// <see cref="AfterImportAsync"/> for the web: the import has committed and stands, so a failed analysis is
    /// logged (the nightly run catches up) instead of turning the upload into an error page. Null when it failed.
    /// </summary>
    public async Task<AnalysisOutcome?> TryAfterImportAsync(JianguanDbContext db, IReadOnlyCollection<long> touched, AuditActor actor,
        CancellationToken ct = default)
    {
        try
        {
            return await AfterImportAsync(db, touched, actor, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log?.LogError(e, "analysis after import failed");
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>The whole market, every stored result refreshed (nightly job, <c>jianguan alerts refresh</c>).</summary>
    public async Task<AnalysisOutcome> RefreshAsync(JianguanDbContext db, string trigger, AuditActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await Gate.WaitAsync(ct);
        try
        {
            return await RunAsync(db, trigger, "market", null, null, actor, ct);
        }
        finally
        {
            Gate.Release();
        }
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
        var market = await MarketTableLoader.LoadAsync(db, context, ct);
        var load = watch.Elapsed;
        watch.Restart();
        // As `jianguan analyze` does: the engine's own screens feed the model when the columns allow, else the model
        // computes its features; either way shifted to the base rate, so levels match the command line's.
        var scorer = UseModel ? DefaultModel.Value : null;
        var feed = scorer is null ? null : ModelHook.Feed(scorer, market.Table, ModelHook.DefaultBaseRate);
        var result = Engine.Analyze(market.Table, new EngineOptions
        {
            Model = scorer is null || feed is not null ? null : ModelHook.From(scorer, ModelHook.DefaultBaseRate),
            ModelFeed = feed,
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
        var (added, updated) = await StoreAlertsAsync(db, market, alerts, groupKeys, started, ct);
        Phase("store alerts", watch);
        var sectionsStored = await StoreScoresAsync(db, market, result, storeSection, storeBidder, groupKeys, storeSections is null, started, ct);
        Phase("store scores", watch);
        var (focusAdded, focusRemoved) = await FocusList.DeriveAsync(db, clock, audit, actor, ct);
        Phase("focus list", watch);

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

    private const string InsertAlertSql = """
        INSERT INTO "Alerts" ("Key", "RuleCode", "RuleCategory", "Level", "Basis", "Score", "SectionId", "GroupKey", "SharedValue",
          "Evidence", "State", "FirstSeenAt", "LastSeenAt", "OccurredAt")
        VALUES (@Key, @RuleCode, @RuleCategory, @Level, @Basis, @Score, @SectionId, @GroupKey, @SharedValue,
          @Evidence, @State, @FirstSeenAt, @LastSeenAt, @OccurredAt)
        """;

    private static readonly (string, DbType)[] InsertAlertParameters =
    [
        ("Key", DbType.String), ("RuleCode", DbType.String), ("RuleCategory", DbType.String), ("Level", DbType.String),
        ("Basis", DbType.String), ("Score", DbType.Double), ("SectionId", DbType.Int64), ("GroupKey", DbType.String),
        ("SharedValue", DbType.String), ("Evidence", DbType.String), ("State", DbType.String), ("FirstSeenAt", DbType.DateTimeOffset),
        ("LastSeenAt", DbType.DateTimeOffset), ("OccurredAt", DbType.DateTimeOffset),
    ];

    /// <summary>
    /// Upserts the alerts by key. The keys already stored are looked up once for the whole run; new alerts and their
    /// bidder rows are written with prepared statements (SQLite binds by index, PostgreSQL sends them in batches)
    /// rather than through the change tracker, which cost more than the inserts themselves; known alerts whose level,
    /// score, basis and evidence did not change only have "last seen" moved, in one statement per batch.
    /// </summary>
    private static async Task<(int Added, int Updated)> StoreAlertsAsync(JianguanDbContext db, MarketTable market,
        List<EngineAlert> alerts, string[] groupKeys, DateTimeOffset now, CancellationToken ct)
    {
        var added = 0;
        var updated = 0;
        var set = db.Set<RiskAlert>();
        var keyed = alerts.Select(a => (Alert: a, Key: AlertKeys.Of(a, market))).DistinctBy(x => x.Key).ToList();
        var known = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in keyed.Select(x => x.Key).Chunk(MarketTableLoader.SectionBatch))
        {
            foreach (var row in await set.AsNoTracking().Where(a => chunk.Contains(a.Key)).Select(a => new { a.Key, a.Id }).ToListAsync(ct))
            {
                known[row.Key] = row.Id;
            }
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("alerts are stored inside the run's transaction");
        await using var deferred = new WriterBatch(connection, transaction);
        using var insertAlert = WriterStatement.Prepare(connection, transaction, deferred, InsertAlertSql, InsertAlertParameters);
        using var insertBidder = WriterStatement.Prepare(connection, transaction, deferred,
            """INSERT INTO "AlertBidders" ("AlertId", "EntityId") VALUES (@AlertId, @EntityId)""",
            [("AlertId", DbType.Int64), ("EntityId", DbType.Int64)]);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var batch in keyed.Chunk(WriteBatch))
            {
                var text = await MarketTableLoader.ReadFingerprintsAsync(db, batch.SelectMany(x => EvidenceJson.RawValues(x.Alert, market)), ct);
                var existingIds = batch.Where(x => known.ContainsKey(x.Key)).Select(x => known[x.Key]).ToArray();
                var existing = existingIds.Length == 0
                    ? []
                    : await set.AsNoTracking().Where(a => existingIds.Contains(a.Id)).ToDictionaryAsync(a => a.Key, ct);
                var unchanged = new List<long>();
                var fresh = new List<(EngineAlert Alert, string Key)>();
                foreach (var (a, key) in batch)
                {
                    var evidence = EvidenceJson.Write(a, market, text);
                    var level = (AlertLevel)(int)a.Level;
                    if (existing.TryGetValue(key, out var row))
                    {
                        updated++;
                        if (row.Level == level && row.Score == a.Score && row.Basis == a.Rule.Basis && row.Evidence == evidence)
                        {
                            // The usual case on a nightly run: only "last seen" moves, set below in one statement.
                            unchanged.Add(row.Id);
                            continue;
                        }

                        row.Level = level;
                        row.Score = a.Score;
                        row.Basis = a.Rule.Basis;
                        row.Evidence = evidence;
                        row.LastSeenAt = now;
                        db.Entry(row).State = EntityState.Modified;
                        continue;
                    }

                    insertAlert.Set(0, key);
                    insertAlert.Set(1, a.Rule.Code);
                    insertAlert.Set(2, ResultWriter.Category(a.Rule.Category));
                    insertAlert.Set(3, level.ToString());
                    insertAlert.Set(4, a.Rule.Basis);
                    insertAlert.Set(5, a.Score);
                    insertAlert.Set(6, a.Section >= 0 ? market.SectionIds[a.Section] : null);
                    insertAlert.Set(7, a.Group >= 0 ? groupKeys[a.Group] : null);
                    insertAlert.Set(8, EvidenceJson.SharedText(a, market, text));
                    insertAlert.Set(9, evidence);
                    insertAlert.Set(10, nameof(AlertState.New));
                    insertAlert.Set(11, now);
                    insertAlert.Set(12, now);
                    insertAlert.Set(13, a.Section >= 0 ? market.OccurredAt[a.Section] : null);
                    await insertAlert.DeferAsync(ct);
                    fresh.Add((a, key));
                    added++;
                }

                if (fresh.Count > 0)
                {
                    await deferred.FlushAsync(ct);
                    var freshKeys = fresh.Select(x => x.Key).ToArray();
                    var ids = await set.AsNoTracking().Where(a => freshKeys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, a => a.Id, ct);
                    foreach (var (a, key) in fresh)
                    {
                        foreach (var entity in a.Bidders.Select(b => market.EntityIds[b]).Distinct())
                        {
                            insertBidder.Set(0, ids[key]);
                            insertBidder.Set(1, entity);
                            await insertBidder.DeferAsync(ct);
                        }
                    }

                    await deferred.FlushAsync(ct);
                }

                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                if (unchanged.Count > 0)
                {
                    var ids = unchanged.ToArray();
                    await set.Where(x => ids.Contains(x.Id)).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenAt, now), ct);
                }
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        return (added, updated);
    }

    private static async Task<int> StoreScoresAsync(JianguanDbContext db, MarketTable market, AnalysisResult result,
        bool[] storeSection, bool[] storeBidder, string[] groupKeys, bool whole, DateTimeOffset now, CancellationToken ct)
    {
        var t = market.Table;
        var sectionIds = Enumerable.Range(0, t.SectionCount).Where(s => storeSection[s]).Select(s => market.SectionIds[s]).ToArray();
        var entityIds = Enumerable.Range(0, t.BidderCount).Where(b => storeBidder[b]).Select(b => market.EntityIds[b]).ToArray();
        if (whole)
        {
            await db.Set<SectionRisk>().ExecuteDeleteAsync(ct);
            await db.Set<BidderRisk>().ExecuteDeleteAsync(ct);
        }
        else
        {
            foreach (var chunk in sectionIds.Chunk(MarketTableLoader.SectionBatch))
            {
                await db.Set<SectionRisk>().Where(r => chunk.Contains(r.SectionId)).ExecuteDeleteAsync(ct);
            }

            foreach (var chunk in entityIds.Chunk(MarketTableLoader.SectionBatch))
            {
                await db.Set<BidderRisk>().Where(r => chunk.Contains(r.EntityId)).ExecuteDeleteAsync(ct);
            }
        }

        // Section and bidder scores: plain inserts of a whole market's rows, through prepared statements.
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("scores are stored inside the run's transaction");
        await using (var deferred = new WriterBatch(connection, transaction))
        {
            using var insertSection = WriterStatement.Prepare(connection, transaction, deferred,
                """
                INSERT INTO "SectionRisks" ("SectionId", "Score", "Level", "Rules", "ModelProbability", "AnalysedAt")
                VALUES (@SectionId, @Score, @Level, @Rules, @ModelProbability, @AnalysedAt)
                """,
                [("SectionId", DbType.Int64), ("Score", DbType.Double), ("Level", DbType.String), ("Rules", DbType.String),
                    ("ModelProbability", DbType.Double), ("AnalysedAt", DbType.DateTimeOffset)]);
            for (var s = 0; s < t.SectionCount; s++)
            {
                if (!storeSection[s] || result.Scores.Section[s] <= 0)
                {
                    continue;
                }

                var p = result.Scores.Model[s];
                insertSection.Set(0, market.SectionIds[s]);
                insertSection.Set(1, result.Scores.Section[s]);
                insertSection.Set(2, ((AlertLevel)(int)Rule.LevelOf(result.Scores.Section[s])).ToString());
                insertSection.Set(3, Clip(string.Join('|', result.Scores.SectionRules[s]), 1000));
                insertSection.Set(4, double.IsFinite(p) ? Math.Round(p, 4) : null);
                insertSection.Set(5, now);
                await insertSection.DeferAsync(ct);
            }

            using var insertBidder = WriterStatement.Prepare(connection, transaction, deferred,
                """
                INSERT INTO "BidderRisks" ("EntityId", "Score", "Level", "Rules", "GroupKey", "AnalysedAt")
                VALUES (@EntityId, @Score, @Level, @Rules, @GroupKey, @AnalysedAt)
                """,
                [("EntityId", DbType.Int64), ("Score", DbType.Double), ("Level", DbType.String), ("Rules", DbType.String),
                    ("GroupKey", DbType.String), ("AnalysedAt", DbType.DateTimeOffset)]);
            for (var b = 0; b < t.BidderCount; b++)
            {
                if (!storeBidder[b] || result.Scores.Bidder[b] <= 0)
                {
                    continue;
                }

                var g = result.BidderGroup[b];
                insertBidder.Set(0, market.EntityIds[b]);
                insertBidder.Set(1, result.Scores.Bidder[b]);
                insertBidder.Set(2, ((AlertLevel)(int)Rule.LevelOf(result.Scores.Bidder[b])).ToString());
                insertBidder.Set(3, Clip(string.Join('|', result.Scores.BidderRules[b]), 1000));
                insertBidder.Set(4, g >= 0 && Stored(result.Groups[g]) ? groupKeys[g] : null);
                insertBidder.Set(5, now);
                await insertBidder.DeferAsync(ct);
            }

            await deferred.FlushAsync(ct);
        }

        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            // Groups: upserted by key; a whole-market run drops the groups it no longer finds.
            var groups = result.Groups.Where(g => Stored(g) && g.Members.Any(m => storeBidder[m])).ToList();
            foreach (var batch in groups.Chunk(WriteBatch))
            {
                var keys = batch.Select(g => groupKeys[g.Id]).ToArray();
                var existing = await db.Set<RiskGroup>().Include(g => g.Members).Where(g => keys.Contains(g.Key)).ToDictionaryAsync(g => g.Key, ct);
                foreach (var g in batch)
                {
                    if (!existing.TryGetValue(groupKeys[g.Id], out var row))
                    {
                        row = new RiskGroup { Key = groupKeys[g.Id], Rules = "", FirstSeenAt = now };
                        foreach (var m in g.Members)
                        {
                            row.Members.Add(new RiskGroupMember { EntityId = market.EntityIds[m] });
                        }

                        db.Set<RiskGroup>().Add(row);
                    }
                    else
                    {
                        db.Entry(row).State = EntityState.Modified;
                    }

                    row.Score = g.Score;
                    row.Level = (AlertLevel)(int)Rule.LevelOf(g.Score);
                    row.Cohesion = Math.Round(g.Cohesion, 4);
                    row.Exclusivity = Math.Round(g.Exclusivity, 4);
                    row.JointSections = g.JointSections;
                    row.GroupWins = g.GroupWins;
                    row.DistinctWinners = g.DistinctWinners;
                    row.Rules = Clip(string.Join('|', g.Alerts.Select(a => a.Rule.Code).Distinct().Order(StringComparer.Ordinal)), 1000);
                    row.LastSeenAt = now;
                }

                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            if (whole)
            {
                await db.Set<RiskGroup>().Where(g => g.LastSeenAt < now).ExecuteDeleteAsync(ct);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        return sectionIds.Length;
    }

    /// <summary>Phase times on stderr when JIANGUAN_TIMINGS=1 (as for <c>jianguan analyze</c>).</summary>
    private static void Phase(string name, Stopwatch watch)
    {
        if (Environment.GetEnvironmentVariable("JIANGUAN_TIMINGS") == "1")
        {
            Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  {name}: {watch.Elapsed.TotalSeconds:0.000} s"));
        }
    }

    /// <summary>Groups worth keeping: a score of at least yellow, or a rule hit.</summary>
    private static bool Stored(Analytics.Network.GroupInfo g) => g.Score >= 15 || g.Alerts.Count > 0;

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
