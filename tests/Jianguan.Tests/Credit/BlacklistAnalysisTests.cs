using Jianguan.Features.Credit;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Tests.Alerts;
using Jianguan.Tests.Import;

namespace Jianguan.Tests.Credit;

/// <summary>
/// The warning analysis reads the stored blacklist: a listing punishes only the bids made on the days it is in force,
/// so ending it (credit repair, revocation) stops punishment at once without rewriting the past.
/// </summary>
[Trait("Category", "Database")]
public sealed class BlacklistAnalysisTests : IAsyncLifetime
{
    private ImportTestDb _t = null!;
    private AuditTrail _audit = null!;
    private AlertAnalysis _analysis = null!;

    private static readonly AuditActor Officer = new(null, "officer", "office-admin", "127.0.0.1");

    // 甲 bids on 2026-02-01 (S1, check-in time) and on 2026-03-25 (S3, opening time).
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        _t = await ImportTestDb.CreateAsync(s => s.Configure<AnalysisOptions>(o => o.UseModel = false));
        _audit = _t.Services.GetRequiredService<AuditTrail>();
        _analysis = _t.Services.GetRequiredService<AlertAnalysis>();
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private async Task<BlacklistEntry> ListJiaAsync() =>
        await BlacklistService.CreateAsync(_t.Db, _audit, Officer, new BlacklistInput(CreditSubjectType.Entity, AlertMarket.Jia, null, null,
            "串通投标", "《中华人民共和国招标投标法》第五十三条", BlacklistSeverity.General, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), Now);

    private async Task<List<string>> FlaggedSectionsAsync()
    {
        var summary = await _t.ImportAsync(_t.File("bids.csv", AlertMarket.Bids("B")), _t.File("awards.csv", AlertMarket.Awards("B")),
            _t.File("later.csv", AlertMarket.Later("B")));
        Assert.Empty(summary.Errors);
        await _analysis.AfterImportAsync(_t.Db, summary.SectionIds, AuditActor.System);
        return await _t.Db.Set<RiskAlert>().AsNoTracking().Where(a => a.RuleCode == "flag.blacklisted")
            .Join(_t.Db.Sections, a => a.SectionId, s => s.Id, (a, s) => s.Code).OrderBy(c => c).ToListAsync();
    }

    [Fact]
    public async Task ActiveListing_FlagsEveryBidInsideThePeriod()
    {
        await ListJiaAsync();

        Assert.Equal(["B-S1", "B-S3"], await FlaggedSectionsAsync());
    }

    [Fact]
    public async Task Repaired_StopsPunishingFromItsEffectiveDay_ButStillExplainsTheEarlierBid()
    {
        var entry = await ListJiaAsync();
        // Repaired with effect from 2026-02-02: the bid of the day before stays flagged, the later one is not.
        await BlacklistService.TransitionAsync(_t.Db, _audit, Officer, entry.Id, BlacklistAction.Repair, "已履行处罚决定", new DateOnly(2026, 2, 2), Now);

        Assert.Equal(["B-S1"], await FlaggedSectionsAsync());
        var stored = await _t.Db.Set<BlacklistEntry>().AsNoTracking().SingleAsync(e => e.Id == entry.Id);
        Assert.Equal(BlacklistState.Repaired, stored.State);
        Assert.Equal(new DateOnly(2026, 2, 1), stored.EffectiveEnd);
        Assert.True(stored.ActiveOn(new DateOnly(2026, 2, 1)));
        Assert.False(stored.ActiveOn(new DateOnly(2026, 2, 2)));
    }

    private async Task<List<(string Section, long Id, AlertState State, string Evidence)>> StoredBlacklistAlertsAsync()
    {
        var rows = await _t.Db.Set<RiskAlert>().AsNoTracking().Where(a => a.RuleCode == BlacklistAlerts.RuleCode)
            .Join(_t.Db.Sections, a => a.SectionId, s => s.Id, (a, s) => new { s.Code, a.Id, a.State, a.Evidence }).OrderBy(x => x.Code).ToListAsync();
        return [.. rows.Select(x => (x.Code, x.Id, x.State, x.Evidence))];
    }

    [Fact]
    public async Task Repaired_StoredAlertOfTheLaterBidClosesAtOnce_TheEarlierBidsAlertStaysWithTheShortenedPeriod()
    {
        var entry = await ListJiaAsync();
        Assert.Equal(["B-S1", "B-S3"], await FlaggedSectionsAsync());
        var before = await StoredBlacklistAlertsAsync();
        Assert.All(before, a => Assert.Contains("2026-12-31", a.Evidence, StringComparison.Ordinal));

        // Repaired with effect from 2026-02-02, no analysis run afterwards: the stored alerts are judged at once. The
        // bid of 2026-02-01 (S1) was made while punished; the bid of 2026-03-25 (S3) no longer counts.
        await BlacklistService.TransitionAsync(_t.Db, _audit, Officer, entry.Id, BlacklistAction.Repair, "已履行处罚决定", new DateOnly(2026, 2, 2), Now);

        var after = await StoredBlacklistAlertsAsync();
        Assert.Equal(before.Select(a => a.Id), after.Select(a => a.Id));
        var s1 = after.Single(a => a.Section == "B-S1");
        var s3 = after.Single(a => a.Section == "B-S3");
        Assert.Equal(AlertState.New, s1.State);
        Assert.Contains("2026-02-01", s1.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-12-31", s1.Evidence, StringComparison.Ordinal);
        Assert.Equal(AlertState.Dismissed, s3.State);
        var history = await _t.Db.Set<AlertTransition>().AsNoTracking().Where(h => h.AlertId == s3.Id).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal([AlertState.UnderReview, AlertState.Dismissed], history.Select(h => h.To));
        Assert.Contains(entry.Number, history[^1].Reason, StringComparison.Ordinal);
        Assert.Contains("信用修复", history[^1].Reason, StringComparison.Ordinal);
        Assert.All(history, h => Assert.Equal("system", h.Actor));
        Assert.Empty(await _t.Db.Set<AlertTransition>().AsNoTracking().Where(h => h.AlertId == s1.Id).ToListAsync());
        var reevaluated = await _t.Db.AuditEntries.AsNoTracking().Where(e => e.Action == "credit.blacklist.reevaluate").SingleAsync();
        Assert.Equal("officer", reevaluated.UserName);
        Assert.Contains("\"kept\":1", reevaluated.Detail, StringComparison.Ordinal);
        Assert.Contains("\"closed\":1", reevaluated.Detail, StringComparison.Ordinal);

        // The next analysis agrees: nothing reopened, nothing new.
        await _analysis.RefreshAsync(_t.Db, "refresh", AuditActor.System);
        var refreshed = await StoredBlacklistAlertsAsync();
        Assert.Equal([(s1.Id, AlertState.New), (s3.Id, AlertState.Dismissed)], refreshed.Select(a => (a.Id, a.State)));
    }

    [Fact]
    public async Task Revoked_ClosesEveryStoredAlertAtOnce_ButLeavesAPersonsDecisionAlone()
    {
        var entry = await ListJiaAsync();
        await FlaggedSectionsAsync();
        var stored = await StoredBlacklistAlertsAsync();
        var clock = _t.Services.GetRequiredService<TimeProvider>();
        var s1 = stored.Single(a => a.Section == "B-S1").Id;
        var s3 = stored.Single(a => a.Section == "B-S3").Id;
        await AlertWorkflow.ApplyAsync(_t.Db, s1, AlertAction.StartReview, null, _audit, Officer, clock);
        await AlertWorkflow.ApplyAsync(_t.Db, s3, AlertAction.StartReview, null, _audit, Officer, clock);
        await AlertWorkflow.ApplyAsync(_t.Db, s3, AlertAction.Dismiss, "核查属实但已另案处理", _audit, Officer, clock);

        await BlacklistService.TransitionAsync(_t.Db, _audit, Officer, entry.Id, BlacklistAction.Revoke, "复议撤销", null, Now);

        var after = await StoredBlacklistAlertsAsync();
        Assert.All(after, a => Assert.Equal(AlertState.Dismissed, a.State));
        var s1History = await _t.Db.Set<AlertTransition>().AsNoTracking().Where(h => h.AlertId == s1).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(("officer", "system"), (s1History[0].Actor, s1History[^1].Actor));
        Assert.Contains("已撤销", s1History[^1].Reason, StringComparison.Ordinal);
        var s3History = await _t.Db.Set<AlertTransition>().AsNoTracking().Where(h => h.AlertId == s3).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal("核查属实但已另案处理", s3History[^1].Reason);
        Assert.All(s3History, h => Assert.Equal("officer", h.Actor));
    }

    [Fact]
    public async Task Revoked_NoLongerFlagsAnyBid()
    {
        var entry = await ListJiaAsync();
        await BlacklistService.TransitionAsync(_t.Db, _audit, Officer, entry.Id, BlacklistAction.Revoke, "复议撤销", null, Now);

        Assert.Null(await BlacklistService.EngineListAsync(_t.Db));
        Assert.Empty(await FlaggedSectionsAsync());
        var history = await _t.Db.Set<BlacklistTransition>().AsNoTracking().Where(h => h.EntryId == entry.Id).ToListAsync();
        Assert.Single(history, h => h.From == BlacklistState.Active && h.To == BlacklistState.Revoked && h.Reason == "复议撤销");
        Assert.Contains(await _t.Db.AuditEntries.Select(e => e.Action).ToListAsync(), a => a == "credit.blacklist.revoke");
    }

    [Fact]
    public async Task Periods_FollowTheSeverity()
    {
        var start = new DateOnly(2026, 3, 1);
        var tooLong = await Assert.ThrowsAsync<CreditException>(() => BlacklistService.CreateAsync(_t.Db, _audit, Officer,
            new BlacklistInput(CreditSubjectType.Entity, "某公司", null, null, "事由", "依据", BlacklistSeverity.Minor, start, start.AddMonths(4)), Now));
        var tooShort = await Assert.ThrowsAsync<CreditException>(() => BlacklistService.CreateAsync(_t.Db, _audit, Officer,
            new BlacklistInput(CreditSubjectType.Entity, "某公司", null, null, "事由", "依据", BlacklistSeverity.Serious, start, start.AddMonths(6)), Now));
        var serious = await BlacklistService.CreateAsync(_t.Db, _audit, Officer,
            new BlacklistInput(CreditSubjectType.Entity, "某公司", null, null, "事由", "依据", BlacklistSeverity.Serious, start, null), Now);
        var minor = await BlacklistService.CreateAsync(_t.Db, _audit, Officer,
            new BlacklistInput(CreditSubjectType.Entity, "某公司", null, null, "事由", "依据", BlacklistSeverity.Minor, start, null), Now);

        Assert.Contains("不超过 3 个月", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("1 年至 3 年", tooShort.Message, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2029, 2, 28), serious.EndOn);
        Assert.True(serious.Published);
        Assert.Equal(new DateOnly(2026, 5, 31), minor.EndOn);
        Assert.False(minor.Published);
        Assert.Matches(@"^HMD-2026-\d{6}$", serious.Number);
    }

    [Fact]
    public async Task ExpireDue_EndsListingsPastTheirPeriod()
    {
        var old = await BlacklistService.CreateAsync(_t.Db, _audit, Officer, new BlacklistInput(CreditSubjectType.Entity, "旧案公司", null, null,
            "事由", "依据", BlacklistSeverity.General, new DateOnly(2025, 1, 1), null), Now);
        var current = await ListJiaAsync();

        var expired = await BlacklistService.ExpireDueAsync(_t.Db, _audit, Now);

        Assert.Equal(1, expired);
        Assert.Equal(BlacklistState.Expired, (await _t.Db.Set<BlacklistEntry>().AsNoTracking().SingleAsync(e => e.Id == old.Id)).State);
        Assert.Equal(BlacklistState.Active, (await _t.Db.Set<BlacklistEntry>().AsNoTracking().SingleAsync(e => e.Id == current.Id)).State);
        await Assert.ThrowsAsync<CreditException>(() =>
            BlacklistService.TransitionAsync(_t.Db, _audit, Officer, current.Id, BlacklistAction.Expire, null, null, Now));
    }

    [Fact]
    public async Task NationalImport_ListsThenWithdrawRevokes_AndABadFileWritesNothing()
    {
        var list = "BLACKLIST_CODE,BODY_NAME,BODY_CODE,BODY_TYPE,BODY_ROLE,RECORD_REASON,RECORD_DATE,GOVERNMENT,DOCUMENT_CODE,REVOCATION_STATUS,CONFINED_ACTION,SCOPE\n"
            + "BL-001," + AlertMarket.Jia + ",,法人,投标人,串通投标,2026-01-01,海口市住房和城乡建设局,海住建罚〔2026〕1号,否,限制参与投标,社会公开\n"
            + "BL-002,海南某某公司,91460100MA5T000001,法人,投标人,虚假材料,2026/3/1,海口市财政局,海财罚〔2026〕2号,是,,社会公开\n";
        await using (var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(list)))
        {
            var result = await BlacklistImport.ImportAsync(_t.Db, _audit, Officer, file, "black_list.csv", BlacklistSeverity.General, null, Now);
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Equal((2, 1, 0), (result.Listed, result.Revoked, result.Skipped));
        }

        await using (var again = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(list)))
        {
            var result = await BlacklistImport.ImportAsync(_t.Db, _audit, Officer, again, "black_list.csv", BlacklistSeverity.General, null, Now);
            Assert.Equal((0, 0, 2), (result.Listed, result.Revoked, result.Skipped));
        }

        var bad = "BLACKLIST_CODE,BODY_NAME,RECORD_DATE\nBL-003,甲公司,2026-13-45\nBL-004,,2026-01-01\n";
        await using (var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(bad)))
        {
            var result = await BlacklistImport.ImportAsync(_t.Db, _audit, Officer, file, "bad.csv", BlacklistSeverity.General, null, Now);
            Assert.False(result.Ok);
            Assert.Equal(2, result.Errors.Count);
            Assert.Contains("第 2 行", result.Errors[0], StringComparison.Ordinal);
        }

        var withdraw = "BODY_NAME,BODY_CODE,BODY_TYPE,BODY_ROLE,BLACKLIST_CODE,REVOCATIONEASONS,GOVERNMENT,DOCUMENT_CODE,ROPOSER,APPLICATION_DATE,SCOPE\n"
            + AlertMarket.Jia + ",,法人,投标人,BL-001,行政复议撤销原处罚决定,海口市住房和城乡建设局,海住建复〔2026〕1号,甲公司,2026-04-01,社会公开\n";
        await using (var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(withdraw)))
        {
            var result = await BlacklistImport.ImportAsync(_t.Db, _audit, Officer, file, "withdraw_black_list.csv", BlacklistSeverity.General, null, Now);
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Equal(1, result.Revoked);
        }

        var entries = await _t.Db.Set<BlacklistEntry>().AsNoTracking().OrderBy(e => e.NationalCode).ToListAsync();
        Assert.Equal(["BL-001", "BL-002"], entries.Select(e => e.NationalCode));
        Assert.All(entries, e => Assert.Equal(BlacklistState.Revoked, e.State));
        Assert.Equal(new DateOnly(2026, 12, 31), entries[0].EndOn);
        Assert.Empty(await FlaggedSectionsAsync());
    }

    [Fact]
    public async Task NationalWithdrawal_JudgesTheStoredAlertsOncePerImport_NotOncePerRow()
    {
        var list = "BLACKLIST_CODE,BODY_NAME,BODY_TYPE,RECORD_REASON,RECORD_DATE,END_DATE,SCOPE\n"
            + "BL-201," + AlertMarket.Jia + ",法人,串通投标,2026-01-01,2026-12-31,社会公开\n"
            + "BL-202,海南丁咨询有限公司,法人,虚假材料,2026-01-01,2026-12-31,社会公开\n";
        await using (var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(list)))
        {
            var listed = await BlacklistImport.ImportAsync(_t.Db, _audit, Officer, file, "black_list.csv", BlacklistSeverity.General, null, Now);
            Assert.True(listed.Ok, string.Join("; ", listed.Errors));
        }

        Assert.Equal(["B-S1", "B-S2", "B-S3"], await FlaggedSectionsAsync());

        var withdraw = "BODY_NAME,BLACKLIST_CODE,REVOCATIONEASONS,GOVERNMENT,APPLICATION_DATE\n"
            + AlertMarket.Jia + ",BL-201,行政复议撤销,海口市住房和城乡建设局,2026-04-01\n"
            + "海南丁咨询有限公司,BL-202,行政诉讼撤销,海口市交通运输和港航管理局,2026-04-02\n";
        await using (var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(withdraw)))
        {
            var result = await BlacklistImport.ImportAsync(_t.Db, _audit, Officer, file, "withdraw_black_list.csv", BlacklistSeverity.General, null, Now);
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Equal(2, result.Revoked);
        }

        var alerts = await StoredBlacklistAlertsAsync();
        Assert.Equal(3, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(AlertState.Dismissed, a.State));
        var numbers = await _t.Db.Set<BlacklistEntry>().AsNoTracking().OrderBy(e => e.NationalCode).Select(e => e.Number).ToListAsync();
        // Each dismissal names the listing that explained its alert.
        var reasons = await _t.Db.Set<AlertTransition>().AsNoTracking().Where(h => h.To == AlertState.Dismissed)
            .Join(_t.Db.Set<RiskAlert>(), h => h.AlertId, a => a.Id, (h, a) => new { a.SectionId, h.Reason })
            .Join(_t.Db.Sections, x => x.SectionId, s => s.Id, (x, s) => new { s.Code, x.Reason }).OrderBy(x => x.Code).ToListAsync();
        Assert.Contains(numbers[1], reasons.Single(r => r.Code == "B-S2").Reason, StringComparison.Ordinal);
        Assert.Contains(numbers[0], reasons.Single(r => r.Code == "B-S3").Reason, StringComparison.Ordinal);
        var reevaluated = await _t.Db.AuditEntries.AsNoTracking().Where(e => e.Action == "credit.blacklist.reevaluate").ToListAsync();
        var once = Assert.Single(reevaluated);
        Assert.Equal("blacklist", once.Target);
        Assert.Contains("\"closed\":3", once.Detail, StringComparison.Ordinal);
        Assert.Contains("\"sections\":3", once.Detail, StringComparison.Ordinal);
        Assert.All(numbers, n => Assert.Contains(n, once.Detail, StringComparison.Ordinal));
    }
}
