using Jianguan.Features.Analysis;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Scopes;
using Jianguan.Tests.Import;

namespace Jianguan.Tests.Analysis;

/// <summary>The alert counts of the leadership overview, by category, this week and last, on both providers.</summary>
[Trait("Category", "Database")]
public sealed class LeaderOverviewTests
{
    private const string Bids = "TENDER_PROJECT_CODE,TENDER_PROJECT_TYPE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE\n"
        + "W1,施工,S1,甲建设有限公司,100\nW1,施工,S1,乙建设有限公司,120\n"
        + "G1,货物,S1,丙贸易有限公司,200\nG1,货物,S1,丁贸易有限公司,210\n";

    [Fact]
    public async Task Alerts_AreCountedByCategoryAndWeek_RedAndOrangeOnly()
    {
        await using var t = await ImportTestDb.CreateAsync();
        await t.ImportAsync(t.File("bids.csv", Bids));
        var works = await t.Db.Sections.Where(s => s.Project!.Code == "W1").Select(s => s.Id).SingleAsync();
        var goods = await t.Db.Sections.Where(s => s.Project!.Code == "G1").Select(s => s.Id).SingleAsync();

        // Wednesday 2026-03-11 (Beijing): this week began on Monday the 9th, last week on the 2nd.
        var today = new DateOnly(2026, 3, 11);
        var thisWeek = new DateTimeOffset(2026, 3, 9, 0, 30, 0, TimeSpan.FromHours(8));
        var lastWeek = new DateTimeOffset(2026, 3, 8, 23, 30, 0, TimeSpan.FromHours(8));
        var older = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.FromHours(8));
        var n = 0;
        void Add(long section, AlertLevel level, DateTimeOffset at) => t.Db.Set<RiskAlert>().Add(new RiskAlert
        {
            Key = "k" + n++,
            RuleCode = "a40.1.file_code",
            RuleCategory = "fingerprint",
            Level = level,
            Basis = "",
            Evidence = "{}",
            SectionId = section,
            FirstSeenAt = at,
            LastSeenAt = at,
        });

        Add(works, AlertLevel.Red, thisWeek);
        Add(works, AlertLevel.Red, thisWeek);
        Add(works, AlertLevel.Orange, thisWeek);
        Add(works, AlertLevel.Yellow, thisWeek);
        Add(works, AlertLevel.Orange, lastWeek);
        Add(works, AlertLevel.Yellow, lastWeek);
        Add(works, AlertLevel.Red, older);
        Add(goods, AlertLevel.Yellow, thisWeek);
        Add(goods, AlertLevel.Red, lastWeek);
        Add(goods, AlertLevel.Red, lastWeek);
        await t.Db.SaveChangesAsync();

        var overview = await LeaderOverviewViewComponent.ComputeAsync(t.Db, DataScope.All, Array.Empty<IClockSubjectDirectory>(), today, default);

        Assert.Equal(new DateOnly(2026, 3, 9), overview.WeekStart);
        Assert.Equal(
            [(TradingCategory.Construction, 2, 1, 1), (TradingCategory.GovernmentProcurement, 0, 0, 2)],
            overview.Alerts.Select(a => (a.Category, a.Red, a.Orange, a.LastWeek)));
    }
}
