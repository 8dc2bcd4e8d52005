using System.Text;
using Jianguan.Analytics.Input;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Tests;

public sealed class BlacklistTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jianguan-blacklist-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static AnalysisResult Analyze(TestMarket m, params BlacklistEntry[] entries) =>
        Engine.Analyze(m.Build(), new EngineOptions { MaxDegreeOfParallelism = 1, Blacklist = new Blacklist(entries) });

    private static TestMarket Market() => new TestMarket()
        .Section("S1", open: "2024-05-10 09:00")
        .Bid("S1", "甲建设有限公司", 100_000, won: true)
        .Bid("S1", "乙建设有限公司", 103_000)
        .Bid("S1", "丙建设有限公司", 108_000)
        .Section("S2", open: "2025-03-01 09:00")
        .Bid("S2", "甲建设有限公司", 200_000, won: true)
        .Bid("S2", "丁建设有限公司", 209_000);

    [Fact]
    public void Analyze_BidInsideListingPeriod_RedFlagWithEvidence()
    {
        var r = Analyze(Market(), new BlacklistEntry("乙建设有限公司", null, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), "串通投标"));

        var alert = Assert.Single(r.Of(RuleCatalog.Blacklisted));
        Assert.Equal(["乙建设有限公司"], r.Names(alert));
        Assert.Equal("S1", r.Table.SectionIds[alert.Section]);
        Assert.Equal(Level.Red, alert.Level);
        Assert.Equal("2024-05-10", alert.Evidence.Single(e => e.Key == "bid_time").Value);
        Assert.Equal("串通投标", alert.Evidence.Single(e => e.Key == "reason").Value);
        Assert.True(r.SectionScore("S1") >= 70);
    }

    [Fact]
    public void Analyze_BidAfterListingEnded_NoFlag()
    {
        // 甲 bid on 2024-05-10 and 2025-03-01; listed only in between.
        var r = Analyze(Market(), new BlacklistEntry("甲建设有限公司", null, new DateOnly(2024, 6, 1), new DateOnly(2025, 2, 28), null));

        Assert.False(r.Fired(RuleCatalog.Blacklisted));
    }

    [Fact]
    public void Analyze_OpenEndedListing_FlagsEveryLaterBid()
    {
        var r = Analyze(Market(), new BlacklistEntry("甲建设有限公司", null, new DateOnly(2024, 1, 1), null, null));

        Assert.Equal(["S1", "S2"], r.Of(RuleCatalog.Blacklisted).Select(a => r.Table.SectionIds[a.Section]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Analyze_SameNameDifferentCreditCode_NotTheSameEntity()
    {
        var m = Market().Code("乙建设有限公司", "91460100MA5T000001");
        var r = Analyze(m, new BlacklistEntry("乙建设有限公司", "91460100MA5T999999", new DateOnly(2024, 1, 1), null, null));

        Assert.False(r.Fired(RuleCatalog.Blacklisted));
    }

    [Fact]
    public void Analyze_CreditCodeMatchesDespiteOtherName_Flag()
    {
        var m = Market().Code("乙建设有限公司", "91460100ma5t000001");
        var r = Analyze(m, new BlacklistEntry("乙建设（海南）有限公司", "91460100MA5T000001", new DateOnly(2024, 1, 1), null, null));

        Assert.Single(r.Of(RuleCatalog.Blacklisted));
    }

    [Fact]
    public void Analyze_SectionWithoutAnyDate_NotJudged()
    {
        var m = new TestMarket().Bid("S9", "乙建设有限公司", 100_000).Bid("S9", "丙", 101_000);
        var r = Analyze(m, new BlacklistEntry("乙建设有限公司", null, new DateOnly(2000, 1, 1), null, null));

        Assert.False(r.Fired(RuleCatalog.Blacklisted));
    }

    [Fact]
    public void Load_ChineseHeadersGb18030WithRepair_RepairEndsListingTheDayBefore()
    {
        var path = Path.Combine(_dir, "名单.csv");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        File.WriteAllText(path, "主体名称,统一社会信用代码,列入日期,移出日期,信用修复日期,列入原因\n" +
            "乙建设有限公司,,2024-01-01,2026-12-31,2024/05/10,串通投标\n" +
            "丙建设有限公司,91460100MA5T000001,2023-06-01,,,提供虚假材料\n", Encoding.GetEncoding("GB18030"));

        var list = BlacklistLoader.Load(path);

        Assert.Equal(2, list.Count);
        var yi = Assert.Single(list.For("乙建设有限公司", null));
        Assert.Equal(new DateOnly(2024, 5, 9), yi.Until);
        Assert.Null(Assert.Single(list.For("丙 建设有限公司", null)).Until);
        var r = Engine.Analyze(Market().Build(), new EngineOptions { MaxDegreeOfParallelism = 1, Blacklist = list });
        Assert.Equal(["丙建设有限公司"], r.Of(RuleCatalog.Blacklisted).Select(a => r.Names(a)[0]).Distinct());
    }

    [Fact]
    public void Load_BadRows_RefusedWholeWithLineFieldAndReason()
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "name,credit_code,from,until\n甲,,2024-01-01,\n,,2024-01-01,\n乙,,someday,\n丙,,2024-05-01,2024-01-01\n");

        var e = Assert.Throws<BlacklistFormatException>(() => BlacklistLoader.Load(path));

        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("line 3", StringComparison.Ordinal) && p.Contains("主体名称", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("line 4", StringComparison.Ordinal) && p.Contains("someday", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("line 5", StringComparison.Ordinal) && p.Contains("before the listing date", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NoDateColumn_Refused()
    {
        var path = Path.Combine(_dir, "nodate.csv");
        File.WriteAllText(path, "name,reason\n甲,x\n");

        var e = Assert.Throws<BlacklistFormatException>(() => BlacklistLoader.Load(path));

        Assert.Contains("列入日期", e.Message, StringComparison.Ordinal);
    }
}
