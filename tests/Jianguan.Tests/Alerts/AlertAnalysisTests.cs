using Jianguan.Analytics.Data;
using Jianguan.Features.Clues;
using Jianguan.Features.Focus;
using Jianguan.Features.Profiles;
using Jianguan.Features.Warnings;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Scopes;
using Jianguan.Tests.Import;

namespace Jianguan.Tests.Alerts;

/// <summary>The analysis over the database: adapter, storage, de-duplication, state machine, focus list, tracking.</summary>
[Trait("Category", "Database")]
public sealed class AlertAnalysisTests : IAsyncLifetime
{
    private ImportTestDb _t = null!;
    private AuditTrail _audit = null!;
    private AlertAnalysis _analysis = null!;

    private JianguanDbContext Db => _t.Db;

    private static readonly AuditActor Officer = new("u1", "officer", "office-admin", "127.0.0.1");

    public async Task InitializeAsync()
    {
        // The rules alone: the model adds a term to the scores.
        _t = await ImportTestDb.CreateAsync(s => s.Configure<AnalysisOptions>(o => o.UseModel = false));
        _audit = _t.Services.GetRequiredService<AuditTrail>();
        _analysis = _t.Services.GetRequiredService<AlertAnalysis>();
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private async Task<(ImportSummary Summary, AnalysisOutcome Outcome)> ImportAndAnalyseAsync(params (string Name, string Content)[] files)
    {
        var summary = await _t.ImportAsync([.. files.Select(f => _t.File(f.Name, f.Content))]);
        Assert.Empty(summary.Errors);
        var outcome = await _analysis.AfterImportAsync(Db, summary.SectionIds, AuditActor.System);
        return (summary, outcome);
    }

    private Task<(ImportSummary, AnalysisOutcome)> ImportMarketAsync(string prefix = "A") =>
        ImportAndAnalyseAsync(("bids.csv", AlertMarket.Bids(prefix)), ("awards.csv", AlertMarket.Awards(prefix)));

    private async Task<RiskAlert> FileCodeAlertAsync() =>
        await Db.Set<RiskAlert>().AsNoTracking().Include(a => a.Bidders).SingleAsync(a => a.RuleCode == "a40.1.file_code");

    private async Task<long> EntityAsync(string name) => await Db.MarketEntities.Where(e => e.Name == name).Select(e => e.Id).SingleAsync();

    [Fact]
    public async Task LoadAsync_ImportedMarket_TableCarriesPricesWinnersDatesAndFingerprints()
    {
        await _t.ImportAsync(_t.File("bids.csv", AlertMarket.Bids("L")), _t.File("awards.csv", AlertMarket.Awards("L")));

        var market = await MarketTableLoader.LoadAsync(Db, null);

        var t = market.Table;
        Assert.Equal(2, t.SectionCount);
        Assert.Equal(6, t.BidCount);
        Assert.Equal(6, t.BidderCount);
        Assert.True(t.HasWinners);
        Assert.True(t.HasStatus);
        Assert.True(t.HasCheckin);
        var s1 = await Db.Sections.SingleAsync(s => s.Code == "L-S1");
        var s = market.IndexOfSection(s1.Id);
        Assert.Equal(1000000, t.ControlPrice[s]);
        Assert.Equal(1020000, t.Estimate[s]);
        Assert.Equal(MarketTableLoader.Minutes(s1.BidOpenAt!.Value), t.OpenTime[s]);
        Assert.Equal(new DateTime(2026, 2, 2, 9, 30, 0), Timestamp.ToDateTime(t.OpenTime[s]));
        Assert.Equal("施工", t.Categories[t.Category[s]]);
        Assert.Equal("公开招标", t.Modes[t.Mode[s]]);
        var jia = await EntityAsync(AlertMarket.Jia);
        var bids = Enumerable.Range(t.SectionStart[s], t.SectionStart[s + 1] - t.SectionStart[s]).ToList();
        var jiaBid = bids.Single(i => market.EntityIds[t.Bidder[i]] == jia);
        Assert.Equal(950000, t.Price[jiaBid]);
        Assert.True(t.Won[jiaBid]);
        Assert.Equal(1, bids.Count(i => t.Won[i]));
        Assert.Equal(1, bids.Count(i => t.Status[i] == Analytics.Data.BidStatus.Disqualified));
        // 甲 and 乙 wrote the code in different case: one normalised value.
        var codes = bids.Select(i => t.Value(FingerprintKind.FileCode, i)).ToList();
        Assert.Equal(2, codes.Count(c => c == Fingerprint.Hash(AlertMarket.SharedCode, FingerprintKind.FileCode)));
        // The deposit account is encrypted at rest: the engine compares its blind index (issue 17, item 10).
        Assert.Equal(Fingerprint.Hash(Db.Cipher.BlindIndex("6217000011112222", Jianguan.Platform.Crypto.BlindNormalisation.Digits), FingerprintKind.DepositAccount),
            t.Value(FingerprintKind.DepositAccount, jiaBid));
        var dbBid = await Db.Bids.SingleAsync(b => b.Id == market.BidIds[jiaBid]);
        Assert.Equal(jia, dbBid.BidderId);
        var text = await MarketTableLoader.ReadFingerprintsAsync(Db, [(dbBid.Id, FingerprintKind.Mac)]);
        Assert.Equal("00-1A-2B-3C-4D-5E", text[(dbBid.Id, FingerprintKind.Mac)]);
    }

    [Fact]
    public async Task AfterImport_SharedFileCode_StoresRedAlertWithEvidenceAndScores()
    {
        var (summary, outcome) = await ImportMarketAsync();

        Assert.Equal(2, summary.SectionIds.Count);
        Assert.Equal("market", outcome.Scope);
        Assert.True(outcome.AlertsNew > 0);
        var alert = await FileCodeAlertAsync();
        Assert.Equal(AlertLevel.Red, alert.Level);
        Assert.Equal(AlertState.New, alert.State);
        Assert.Contains("第四十条", alert.Basis, StringComparison.Ordinal);
        Assert.Equal(AlertMarket.SharedCode, alert.SharedValue);
        Assert.Contains(AlertMarket.SharedCode, alert.Evidence, StringComparison.Ordinal);
        Assert.Equal(
            new[] { await EntityAsync(AlertMarket.Jia), await EntityAsync(AlertMarket.Yi) }.Order(),
            alert.Bidders.Select(b => b.EntityId).Order());
        var s1 = await Db.Sections.SingleAsync(s => s.Code == "A-S1");
        Assert.Equal(s1.Id, alert.SectionId);
        Assert.Equal(s1.BidOpenAt, alert.OccurredAt);
        var risk = await Db.Set<SectionRisk>().SingleAsync(r => r.SectionId == s1.Id);
        Assert.Equal(AlertLevel.Red, risk.Level);
        Assert.Contains("a40.1.file_code", risk.Rules, StringComparison.Ordinal);
        Assert.True(await Db.Set<BidderRisk>().AnyAsync(r => r.EntityId == alert.Bidders[0].EntityId && r.Score > 0));
        Assert.Contains(await Db.AuditEntries.Select(e => e.Action).ToListAsync(), a => a == "alerts.analyze");
        Assert.Equal(1, await Db.Set<AnalysisRun>().CountAsync());
    }

    [Fact]
    public async Task Refresh_Twice_UpdatesInsteadOfDuplicatingAndKeepsState()
    {
        await ImportMarketAsync();
        var count = await Db.Set<RiskAlert>().CountAsync();
        var alert = await FileCodeAlertAsync();
        await AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.StartReview, null, _audit, Officer, _t.Clock);
        _t.Clock.Advance(TimeSpan.FromDays(1));

        var again = await _analysis.RefreshAsync(Db, "refresh", AuditActor.CommandLine);

        Assert.Equal(0, again.AlertsNew);
        Assert.Equal(count, again.AlertsUpdated);
        Assert.Equal(count, await Db.Set<RiskAlert>().CountAsync());
        var after = await FileCodeAlertAsync();
        Assert.Equal(alert.Id, after.Id);
        Assert.Equal(AlertState.UnderReview, after.State);
        Assert.Equal(alert.FirstSeenAt, after.FirstSeenAt);
        Assert.True(after.LastSeenAt > alert.LastSeenAt);
    }

    [Fact]
    public async Task ReimportWithAnotherBid_KeyOfSharedValueAlertUnchanged()
    {
        await ImportMarketAsync();
        var before = await FileCodeAlertAsync();
        var extra = AlertMarket.Bids("A").Split('\n')[0] + "\n"
            + "A-P1,滨海大道改造工程,施工,海口市住房和城乡建设局,公开招标,A-S1,第一标段,1000000,1020000,2026-01-05 09:00,2026-02-02 09:30,海南辛建设有限公司,990000,2026-02-01 13:00,有效,FC-X,AA-BB-CC-DD-EE-03,6217000044445555\n";

        await ImportAndAnalyseAsync(("extra.csv", extra));

        var after = await FileCodeAlertAsync();
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(1, await Db.Set<RiskAlert>().CountAsync(a => a.RuleCode == "a40.1.file_code"));
    }

    [Fact]
    public async Task Workflow_IllegalTransitionsRefused_ReasonRequired_HistoryAndAuditWritten()
    {
        await ImportMarketAsync();
        var alert = await FileCodeAlertAsync();

        await Assert.ThrowsAsync<AlertRuleException>(() => AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.Dismiss, "无串通", _audit, Officer, _t.Clock));
        await Assert.ThrowsAsync<AlertRuleException>(() => AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.Convert, null, _audit, Officer, _t.Clock));
        await AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.StartReview, null, _audit, Officer, _t.Clock);
        await Assert.ThrowsAsync<AlertRuleException>(() => AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.StartReview, null, _audit, Officer, _t.Clock));
        await Assert.ThrowsAsync<AlertRuleException>(() => AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.Dismiss, "  ", _audit, Officer, _t.Clock));
        var dismissed = await AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.Dismiss, "两家为同一集团的子公司，经核实已分别报备", _audit, Officer, _t.Clock);
        await Assert.ThrowsAsync<AlertRuleException>(() => AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.Convert, null, _audit, Officer, _t.Clock));
        Assert.Null(await AlertWorkflow.ApplyAsync(Db, 999_999, AlertAction.StartReview, null, _audit, Officer, _t.Clock));

        Assert.Equal(AlertState.Dismissed, dismissed!.State);
        var stored = await Db.Set<RiskAlert>().AsNoTracking().SingleAsync(a => a.Id == alert.Id);
        Assert.Equal(AlertState.Dismissed, stored.State);
        var history = await Db.Set<AlertTransition>().Where(h => h.AlertId == alert.Id).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal([(AlertState.New, AlertState.UnderReview), (AlertState.UnderReview, AlertState.Dismissed)], history.Select(h => (h.From, h.To)));
        Assert.Equal("两家为同一集团的子公司，经核实已分别报备", history[1].Reason);
        Assert.All(history, h => Assert.Equal("officer", h.Actor));
        var audit = await Db.AuditEntries.Where(e => e.Target == $"alert:{alert.Id}").OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(["alert.review", "alert.dismiss"], audit.Select(e => e.Action));
        Assert.Contains("两家为同一集团", audit[1].Detail, StringComparison.Ordinal);
        Assert.True((await _audit.VerifyAsync(Db)).Ok);
    }

    [Fact]
    public async Task Workflow_Convert_CreatesNumberedClue()
    {
        await ImportMarketAsync();
        var alert = await FileCodeAlertAsync();
        await AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.StartReview, null, _audit, Officer, _t.Clock);

        var converted = await AlertWorkflow.ApplyAsync(Db, alert.Id, AlertAction.Convert, "移交执法大队", _audit, Officer, _t.Clock);

        Assert.Equal(AlertState.Converted, converted!.State);
        var clue = await Db.Set<Clue>().SingleAsync();
        Assert.Equal("XS-2026-000001", clue.Number);
        Assert.Equal(alert.Id, clue.AlertId);
        Assert.Equal((ClueSource.Alert, ClueState.Registered, alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (clue.Source, clue.State, clue.SourceId));
        Assert.Equal(clue.Id, (await Db.Set<RiskAlert>().AsNoTracking().SingleAsync(a => a.Id == alert.Id)).ClueId);
        Assert.Contains("alert.convert", await Db.AuditEntries.Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task Filters_LevelRuleStateCategoryDepartmentPeriodBidder_Select()
    {
        await ImportMarketAsync();
        var alert = await FileCodeAlertAsync();
        var jia = await EntityAsync(AlertMarket.Jia);
        async Task<IReadOnlyList<AlertListItem>> Items(AlertFilter f) => (await AlertQueries.ListAsync(Db, DataScope.All, f)).Result.Items;

        Assert.Contains(await Items(new AlertFilter(Level: AlertLevel.Red)), a => a.Id == alert.Id);
        Assert.DoesNotContain(await Items(new AlertFilter(Level: AlertLevel.Yellow)), a => a.Id == alert.Id);
        Assert.Equal([alert.Id], (await Items(new AlertFilter(Rule: "a40.1.file_code"))).Select(a => a.Id));
        Assert.Contains(await Items(new AlertFilter(Category: Features.Trading.TradingCategory.Construction)), a => a.Id == alert.Id);
        Assert.Contains(await Items(new AlertFilter(Department: "海口市住房和城乡建设局")), a => a.Id == alert.Id);
        Assert.DoesNotContain(await Items(new AlertFilter(Department: "海口市交通运输和港航管理局")), a => a.Id == alert.Id);
        Assert.Contains(await Items(new AlertFilter(From: new DateOnly(2026, 2, 2), To: new DateOnly(2026, 2, 2))), a => a.Id == alert.Id);
        Assert.DoesNotContain(await Items(new AlertFilter(From: new DateOnly(2026, 2, 3))), a => a.Id == alert.Id);
        Assert.Contains(await Items(new AlertFilter(Bidder: jia)), a => a.Id == alert.Id);
        Assert.Empty(await Items(new AlertFilter(State: AlertState.Dismissed)));
        var page = await AlertQueries.ListAsync(Db, DataScope.All, new AlertFilter(Rule: "a40.1.file_code"));
        Assert.Equal(1, page.Counts.Levels.Single(l => l.Code == "red").Count);
        Assert.Contains(page.Counts.Rules, r => r.Code == "a40.1.file_code" && r.Count == 1);
        var detail = await AlertQueries.GetAsync(Db, DataScope.All, alert.Id);
        Assert.Contains(detail!.SharedFields, f => f.Key == "fileCode" && f.Value == AlertMarket.SharedCode);
        Assert.Contains(AlertMarket.Jia, detail.Why, StringComparison.Ordinal);
        Assert.Equal(3, detail.Section!.Bids.Count);
    }

    [Fact]
    public async Task FocusList_DerivedFromRedAlerts_OfficeRemovalStands_TrackingOnNewSection()
    {
        var (_, first) = await ImportMarketAsync();
        var jia = await EntityAsync(AlertMarket.Jia);
        var yi = await EntityAsync(AlertMarket.Yi);

        Assert.True(first.FocusAdded >= 2);
        var entries = await Db.Set<FocusEntry>().AsNoTracking().Where(e => e.Active).ToListAsync();
        Assert.Contains(entries, e => e.EntityId == jia && e.Origin == FocusOrigin.Derived);
        Assert.Contains(entries, e => e.EntityId == yi);
        Assert.Contains("focus.derive", await Db.AuditEntries.Select(e => e.Action).ToListAsync());

        await Assert.ThrowsAsync<AlertRuleException>(() => FocusList.RemoveAsync(Db, yi, "", _audit, Officer, _t.Clock));
        await FocusList.RemoveAsync(Db, yi, "经核查与甲无关联", _audit, Officer, _t.Clock);
        await _analysis.RefreshAsync(Db, "refresh", AuditActor.System);
        Assert.False((await Db.Set<FocusEntry>().AsNoTracking().SingleAsync(e => e.EntityId == yi)).Active);
        await FocusList.AddAsync(Db, yi, "举报线索涉及", _audit, Officer, _t.Clock);
        Assert.Equal(FocusOrigin.Manual, (await Db.Set<FocusEntry>().AsNoTracking().SingleAsync(e => e.EntityId == yi)).Origin);
        await Assert.ThrowsAsync<AlertRuleException>(() => FocusList.AddAsync(Db, yi, "重复", _audit, Officer, _t.Clock));
        Assert.Equal(["focus.remove", "focus.add"], await Db.AuditEntries.Where(e => e.Target == $"entity:{yi}").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync());

        var (_, later) = await ImportAndAnalyseAsync(("later.csv", AlertMarket.Later("A")));
        Assert.Equal(1, later.TrackingNotices);
        var notice = await Db.Set<TrackingNotice>().SingleAsync();
        Assert.Equal(jia, notice.EntityId);
        Assert.Equal((await Db.Sections.SingleAsync(s => s.Code == "A-S3")).Id, notice.SectionId);
        var page = await FocusQueries.TrackingAsync(Db, DataScope.All, 1);
        Assert.Equal(AlertMarket.Jia, page.Items.Single().EntityName);

        var again = await _t.ImportAsync(_t.File("later2.csv", AlertMarket.Later("A")));
        await _analysis.AfterImportAsync(Db, [.. again.SectionIds, notice.SectionId], AuditActor.System);
        Assert.Equal(1, await Db.Set<TrackingNotice>().CountAsync());
    }

    [Fact]
    public async Task Neighbourhood_TouchedSectionsAndTheirBiddersHistory()
    {
        await ImportMarketAsync();
        await _t.ImportAsync(_t.File("later.csv", AlertMarket.Later("A")));
        var s3 = await Db.Sections.SingleAsync(s => s.Code == "A-S3");
        var s1 = await Db.Sections.SingleAsync(s => s.Code == "A-S1");

        var context = await AlertAnalysis.NeighbourhoodAsync(Db, [s3.Id], default);

        Assert.Contains(s3.Id, context);
        Assert.Contains(s1.Id, context);
    }

    [Fact]
    public void NextRun_IsTwoInTheMorningBeijingTime()
    {
        var before = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.FromHours(8));
        var after = new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.FromHours(8)), NightlyAnalysisJob.NextRun(before));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 2, 0, 0, TimeSpan.FromHours(8)), NightlyAnalysisJob.NextRun(after));
    }
}
