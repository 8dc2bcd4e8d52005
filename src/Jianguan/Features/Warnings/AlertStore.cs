using DbType = System.Data.DbType;
using Jianguan.Analytics;
using Jianguan.Analytics.Output;
using Jianguan.Analytics.Rules;
using Jianguan.Features.Profiles;
using Jianguan.Features.Trading.Import;
using Microsoft.EntityFrameworkCore.Storage;
using EngineAlert = Jianguan.Analytics.Rules.Alert;

namespace Jianguan.Features.Warnings;

/// <summary>
/// Stores what one analysis run found, inside the run's transaction (see docs/decisions/ADR-011): alerts upserted
/// by their de-duplication key so that their review state survives re-analysis, and the scores of sections, bidders
/// and groups replaced for what was analysed. <see cref="AlertAnalysis"/> decides what to analyse and when.
/// </summary>
public static class AlertStore
{
    private const int WriteBatch = 1000;

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
    public static async Task<(int Added, int Updated)> StoreAlertsAsync(JianguanDbContext db, MarketTable market,
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

    public static async Task<int> StoreScoresAsync(JianguanDbContext db, MarketTable market, AnalysisResult result,
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

    /// <summary>Groups worth keeping: a score of at least yellow, or a rule hit.</summary>
    private static bool Stored(Analytics.Network.GroupInfo g) => g.Score >= 15 || g.Alerts.Count > 0;

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
