using Jianguan.Analytics.Rules;
using Jianguan.Features.Demo;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Tests.Import;

namespace Jianguan.Tests.Alerts;

/// <summary>
/// The per-push analysis is incremental (the pushed section, its bidders' history, the market's norms) and the
/// nightly whole-market run stays the reference: after pushes of one section each, the alerts the pushes stored
/// are exactly the ones a whole-market run stores for those sections and their bidders' cross-section links.
/// </summary>
[Trait("Category", "Database")]
public sealed class IncrementalAnalysisTests : IAsyncLifetime
{
    private static readonly System.Text.Json.JsonSerializerOptions NormsJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private ImportTestDb _t = null!;
    private AlertAnalysis _analysis = null!;

    private JianguanDbContext Db => _t.Db;

    public async Task InitializeAsync()
    {
        // Rules alone (the model only adds to scores); every import of under half the market runs incrementally.
        _t = await ImportTestDb.CreateAsync(s => s.Configure<AnalysisOptions>(o =>
        {
            o.UseModel = false;
            o.WholeMarketSections = 1;
        }));
        _analysis = _t.Services.GetRequiredService<AlertAnalysis>();
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private sealed record Stored(string Key, string Rule, long? Section, AlertLevel Level, double Score, string Evidence, DateTimeOffset LastSeen,
        long[] Bidders);

    private async Task<Dictionary<string, Stored>> AlertsAsync() =>
        (await Db.Set<RiskAlert>().AsNoTracking().Include(a => a.Bidders).ToListAsync())
        .ToDictionary(a => a.Key, a => new Stored(a.Key, a.RuleCode, a.SectionId, a.Level, a.Score, a.Evidence, a.LastSeenAt,
            [.. a.Bidders.Select(b => b.EntityId).Order()]));

    /// <summary>The section code of a generated CSV row (second column; the codes hold no commas or quotes).</summary>
    private static string SectionOf(string line) => line.Split(',')[1].Trim('"');

    /// <summary>
    /// Writes the generated market, imports all of it except the bids and awards of the last
    /// <paramref name="pushes"/> sections, runs the whole-market analysis, then pushes those sections one at a time
    /// (bids and award) through the import and the after-import analysis. Returns the pushed sections' ids.
    /// </summary>
    private async Task<List<long>> MarketWithPushesAsync(int tenders, ulong seed, int pushes)
    {
        var dir = _t.PathOf("market");
        DemoCsv.Write(dir, tenders, seed);
        var bids = await File.ReadAllLinesAsync(Path.Combine(dir, "bids.csv"));
        var awards = await File.ReadAllLinesAsync(Path.Combine(dir, "awards.csv"));
        var codes = bids.Skip(1).Where(l => l.Length > 0).Select(SectionOf).Distinct().ToList();
        var pushed = codes.TakeLast(pushes).ToHashSet(StringComparer.Ordinal);
        string Without(string[] lines) => string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Where(l => l.Length > 0 && !pushed.Contains(SectionOf(l)))));
        var baseSummary = await _t.ImportAsync(
            Path.Combine(dir, "projects.csv"), Path.Combine(dir, "sections.csv"),
            _t.File("base-bids.csv", Without(bids)), _t.File("base-awards.csv", Without(awards)));
        Assert.Empty(baseSummary.Errors);
        await _analysis.RefreshAsync(Db, "nightly", AuditActor.System);

        var ids = new List<long>();
        var n = 0;
        foreach (var code in pushed)
        {
            _t.Clock.Advance(TimeSpan.FromMinutes(1));
            n++;
            string Only(string[] lines) => string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Where(l => l.Length > 0 && SectionOf(l) == code)));
            var summary = await _t.ImportAsync(_t.File($"push-{n}-bids.csv", Only(bids)), _t.File($"push-{n}-awards.csv", Only(awards)));
            Assert.Empty(summary.Errors);
            var outcome = await _analysis.AfterImportAsync(Db, summary.SectionIds, AuditActor.System);
            Assert.Equal(AlertAnalysis.Incremental, outcome.Scope);
            ids.AddRange(summary.SectionIds);
        }

        return [.. ids.Distinct()];
    }

    [Theory]
    // Under MarketNorms.MinMarketSize sections: the norms are the absolute thresholds in both runs, so every alert
    // is identical down to its evidence.
    [InlineData(40, 11UL, 6)]
    // Above it: the pushes read the norms of the whole-market run before them, the final run recomputes them with
    // the pushed sections in. The same alerts with the same levels and scores; the evidence quotes the market's
    // quantiles, which moved a little, and is identical once an incremental run reads the final run's norms.
    [InlineData(160, 7UL, 8)]
    public async Task Pushes_IncrementalAlertsEqualWholeMarketRun(int tenders, ulong seed, int pushes)
    {
        var pushStart = _t.Clock.GetUtcNow();
        var pushed = await MarketWithPushesAsync(tenders, seed, pushes);
        var pushedSet = pushed.ToHashSet();
        var pushedFirms = (await Db.Bids.Where(b => pushed.Contains(b.SectionId)).Select(b => b.BidderId).Distinct().ToListAsync()).ToHashSet();
        bool Concerns(Stored a) =>
            a.Section is { } s ? pushedSet.Contains(s)
            : (a.Rule == RuleCatalog.CrossSectionLink.Code || a.Rule == RuleCatalog.CreditCode.Code) && a.Bidders.Any(pushedFirms.Contains);

        var afterPushes = await AlertsAsync();
        var incremental = afterPushes.Values.Where(a => a.LastSeen > pushStart && Concerns(a)).ToDictionary(a => a.Key);

        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        var nightly = _t.Clock.GetUtcNow();
        await _analysis.RefreshAsync(Db, "nightly", AuditActor.System);
        var afterNightly = await AlertsAsync();
        var reference = afterNightly.Values.Where(a => a.LastSeen >= nightly && Concerns(a)).ToDictionary(a => a.Key);

        Assert.NotEmpty(reference);
        Assert.Contains(reference.Values, a => a.Section is not null);
        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), incremental.Keys.Order(StringComparer.Ordinal));
        var exactEvidence = await Db.Sections.CountAsync() < MarketNorms.MinMarketSize;
        foreach (var (key, mine) in incremental)
        {
            var full = afterNightly[key];
            Assert.Equal((full.Rule, full.Section, full.Level, full.Score), (mine.Rule, mine.Section, mine.Level, mine.Score));
            Assert.Equal(full.Bidders, mine.Bidders);
            if (exactEvidence)
            {
                Assert.Equal(full.Evidence, mine.Evidence);
            }
        }

        // The pushed sections analysed incrementally again, now with the final run's norms: nothing new, nothing
        // changed, evidence included.
        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var id in pushed)
        {
            var again = await _analysis.AfterImportAsync(Db, [id], AuditActor.System);
            Assert.Equal((AlertAnalysis.Incremental, 0), (again.Scope, again.AlertsNew));
        }

        var afterAgain = await AlertsAsync();
        foreach (var key in reference.Keys)
        {
            var (full, now) = (afterNightly[key], afterAgain[key]);
            Assert.Equal((full.Rule, full.Section, full.Level, full.Score, full.Evidence), (now.Rule, now.Section, now.Level, now.Score, now.Evidence));
        }
    }

    [Fact]
    public async Task WholeRunNorms_AreStored_AndJudgeAnotherNodesPushes()
    {
        var pushed = await MarketWithPushesAsync(160, 7UL, 1);
        var whole = await Db.Set<AnalysisRun>().Where(r => r.Scope == AlertAnalysis.WholeMarket).OrderByDescending(r => r.Id).FirstAsync();
        Assert.NotNull(whole.Norms);
        Assert.Null((await Db.Set<AnalysisRun>().OrderByDescending(r => r.Id).FirstAsync()).Norms);

        // A second node (nothing in memory) judges by the stored norms, not by a sample of the recent sections, which
        // would now include the pushed section.
        var other = ActivatorUtilities.CreateInstance<AlertAnalysis>(_t.Services);
        var norms = await other.QuantilesAsync(Db, default);
        Assert.Equal(whole.SectionsAnalysed, norms.Sections);
        Assert.Equal(whole.Norms, System.Text.Json.JsonSerializer.Serialize(norms, NormsJson));
        var priced = await Db.Bids.Where(b => b.Price != null).Select(b => b.SectionId).Distinct().CountAsync();
        Assert.True(norms.Sections < priced, $"{norms.Sections} of {priced}");

        // Its push of the same section stores what the first node stored: nothing new.
        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await other.AfterImportAsync(Db, pushed, AuditActor.System);
        Assert.Equal((AlertAnalysis.Incremental, 0), (again.Scope, again.AlertsNew));
    }

    [Fact]
    public async Task Push_ContextIsThePushedSectionAndItsBiddersHistoryNotTheMarket()
    {
        var pushed = await MarketWithPushesAsync(160, 7UL, 1);

        var firms = await Db.Bids.Where(b => pushed.Contains(b.SectionId)).Select(b => b.BidderId).Distinct().ToListAsync();
        var history = await Db.Bids.Where(b => firms.Contains(b.BidderId)).Select(b => b.SectionId).Distinct().CountAsync();
        var run = await Db.Set<AnalysisRun>().OrderByDescending(r => r.Id).FirstAsync();
        Assert.Equal(AlertAnalysis.Incremental, run.Scope);
        // Sections without a priced bid are not in the engine's table.
        Assert.InRange(run.SectionsAnalysed, 1, history);
        Assert.True(history < await Db.Sections.CountAsync());
    }
}
