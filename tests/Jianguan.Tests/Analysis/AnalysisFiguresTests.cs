using Jianguan.Features.Analysis;
using Jianguan.Features.Trading;

namespace Jianguan.Tests.Analysis;

/// <summary>
/// The analysis figures on small fixtures computed by hand (issue 15, "the figures are right"): discount rates,
/// quartile fences, dispersion, HHI, CR4, win rates, entrants and exits, stage lengths, failed tenders, duties.
/// </summary>
public sealed class AnalysisFiguresTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 10, 0, 0, Beijing);

    private static SectionFact Section(long id, TradingCategory category = TradingCategory.Construction, decimal? control = null,
        decimal? estimate = null, decimal? award = null, long? winner = null, string? winnerCode = null, DateTimeOffset? open = null,
        DateTimeOffset? notice = null, DateTimeOffset? awardAt = null, long? tenderer = null, string? name = null, decimal? budget = null,
        long? project = null) =>
        new(id, project ?? id, $"P{id}", null, "01", name, category, "460108", null, tenderer, tenderer is null ? null : $"招标人{tenderer}",
            null, null, winner, winner is null ? null : $"企业{winner}", winnerCode, control, estimate, budget, award, null, notice,
            open ?? At(2024, 3, 1), awardAt, null);

    private static BidFact Bid(long section, long bidder, decimal? price = null, bool valid = true) => new(section, bidder, $"企业{bidder}", price, valid);

    [Fact]
    public void Quantiles_InterpolateBetweenRanks()
    {
        Assert.Equal(10m, Stats.Quantile([5m, 10m, 15m, 20m, 90m], 0.25m));
        Assert.Equal(20m, Stats.Quantile([5m, 10m, 15m, 20m, 90m], 0.75m));
        Assert.Equal(2.5m, Stats.Median([1m, 2m, 3m, 4m]));
        Assert.Equal(1.75m, Stats.Quantile([1m, 2m, 3m, 4m], 0.25m));
        Assert.Null(Stats.Median([]));
    }

    [Fact]
    public void Prices_DiscountsFencesSavingsAndDispersion_EqualHandFigures()
    {
        // Construction: discounts 10, 15, 5, 20 and 90 (%); government procurement: 10 against the estimate.
        var data = new AnalysisDataset(
        [
            Section(1, control: 100m, award: 90m, winner: 1, budget: 300m, project: 100),
            Section(2, control: 200m, award: 170m, winner: 2, project: 100),
            Section(3, control: 100m, award: 95m, winner: 3),
            Section(4, control: 100m, award: 80m, winner: 4, open: At(2024, 4, 2)),
            Section(5, control: 1000m, award: 100m, winner: 5, open: At(2024, 4, 3)),
            Section(6, TradingCategory.GovernmentProcurement, estimate: 50m, award: 45m, winner: 1),
            Section(7, control: 100m),
        ],
        [Bid(1, 1, 90m), Bid(1, 2, 110m), Bid(1, 3, 500m, valid: false), Bid(2, 2, 170m)]);

        var r = PriceAnalysis.Compute(data);

        Assert.Equal(7, r.Summary.Sections);
        Assert.Equal(6, r.Summary.Awarded);
        Assert.Equal(6, r.Summary.WithDiscount);
        // (10 + 15 + 5 + 20 + 90 + 10) / 6 = 25; median of 5, 10, 10, 15, 20, 90 = 12.5.
        Assert.Equal(25m, r.Summary.MeanDiscount);
        Assert.Equal(12.5m, r.Summary.MedianDiscount);
        Assert.Equal(1550m, r.Summary.Reference);
        Assert.Equal(580m, r.Summary.Award);
        Assert.Equal(970m, r.Summary.Savings);
        Assert.Equal(62.58m, r.Summary.SavingsRate);
        // Project 100: budget 300, both sections awarded (90 + 170).
        Assert.Equal(1, r.Summary.BudgetProjects);
        Assert.Equal(40m, r.Summary.BudgetSavings);

        var construction = Assert.Single(r.ByCategory, g => g.Key == "Construction");
        Assert.Equal(6, construction.Sections);
        Assert.Equal(5, construction.Awarded);
        Assert.Equal(28m, construction.MeanDiscount);
        Assert.Equal(15m, construction.MedianDiscount);

        // Construction's five discounts sorted 5, 10, 15, 20, 90: Q1 10, Q3 20, IQR 10, fences −5 and 35.
        var fences = Assert.Single(r.Fences);
        Assert.Equal((10m, 20m, -5m, 35m, 1), (fences.Q1, fences.Q3, fences.LowerFence, fences.UpperFence, fences.Outliers));
        var outlier = Assert.Single(r.Outliers);
        Assert.Equal((5L, 90m, "中标价偏低"), (outlier.SectionId, outlier.Discount, outlier.Side));

        Assert.Equal(["2024-03", "2024-04"], r.ByMonth.Select(g => g.Key));
        Assert.Equal([0, 0, 1, 2, 1, 1, 0, 1], r.Distribution.Select(b => b.Sections));

        // Section 1: valid prices 90 and 110 → mean 100, population deviation 10 → 10 %; the invalid bid is left out.
        Assert.Equal(10m, PriceAnalysis.SectionDispersion(data, 1));
        Assert.Null(PriceAnalysis.SectionDispersion(data, 2));
        Assert.Equal(10m, r.Dispersion.Single(p => p.Month == "2024-03").MeanDispersion);
    }

    [Fact]
    public void HhiAndCr4_OfHandShares()
    {
        Assert.Equal(2950m, MarketAnalysis.Hhi([40m, 30m, 20m, 5m, 5m]));
        Assert.Equal(95m, MarketAnalysis.Cr4([40m, 30m, 20m, 5m, 5m]));
        Assert.Equal(10000m, MarketAnalysis.Hhi([7m]));
        Assert.Equal(2500m, MarketAnalysis.Hhi([1m, 1m, 1m, 1m]));
        Assert.Equal(0m, MarketAnalysis.Hhi([]));
    }

    [Fact]
    public void Market_ConcentrationSharesWinRatesEntriesLocalAndDependence_EqualHandFigures()
    {
        var data = new AnalysisDataset(
        [
            Section(0, open: At(2023, 6, 1)),
            Section(1, award: 40m, winner: 1, winnerCode: "91460100MA5T000001", tenderer: 100),
            Section(2, award: 30m, winner: 2, winnerCode: "91440300MA5T000002", tenderer: 100),
            Section(3, award: 20m, winner: 3, tenderer: 100),
            Section(4, award: 5m, winner: 4),
            Section(5, award: 5m, winner: 5),
            Section(6),
        ],
        [
            Bid(0, 1), Bid(0, 7),
            Bid(1, 1), Bid(1, 2), Bid(1, 6),
            Bid(2, 2), Bid(2, 1),
            Bid(3, 3), Bid(3, 6),
            Bid(4, 4), Bid(4, 6),
            Bid(5, 5), Bid(5, 6),
            Bid(6, 6), Bid(6, 1),
        ]);

        var r = MarketAnalysis.Compute(data);

        var c = Assert.Single(r.Concentration);
        Assert.Equal((2024, 5, 5, 100m, 2950m, 95m), (c.Year, c.Awards, c.Winners, c.Amount, c.Hhi, c.Cr4));
        Assert.Equal(2950m, r.Summary.Hhi);
        Assert.Equal([1L, 2L, 3L], r.Shares.Take(3).Select(s => s.FirmId));
        Assert.Equal(40m, r.Shares[0].Share);

        var a = r.WinRates.Single(w => w.FirmId == 1);
        Assert.Equal((4, 1, 25m), (a.Bids, a.Wins, a.Rate)); // sections 0, 1, 2, 6; won 1
        var never = Assert.Single(r.NeverWin);
        Assert.Equal((6L, 5, 0), (never.FirmId, never.Bids, never.Wins));

        // 2023: firms 1 and 7; 2024: firms 1–6, of which 2–6 new; firm 7 not seen again.
        Assert.Equal([new EntryExit(2023, 2, 0, 0), new EntryExit(2024, 6, 5, 1)], r.EntriesAndExits);

        Assert.Equal(
        [
            new LocalShare("local", "省内企业", 1, 40m, 40m),
            new LocalShare("other", "省外企业", 1, 30m, 30m),
            new LocalShare("unknown", "无有效信用代码", 3, 30m, 30m),
        ], r.Local);

        // Tenderer 100 spent 90: 40 with firm 1.
        var d = Assert.Single(r.Dependence);
        Assert.Equal((100L, 3, 90m, 1L, 40m, 44.44m), (d.TendererId, d.Awards, d.Spend, d.SupplierId, d.SupplierSpend, d.Share));

        // Bidders per section: 2023 one section of 2; 2024 sections of 3, 2, 2, 2, 2, 2 → 13 / 6.
        Assert.Equal([2m, 2.17m], r.Bidders.Select(b => b.MeanBidders!.Value));
    }

    [Fact]
    public void Efficiency_StagesFailuresAndDuties_EqualHandFigures()
    {
        var data = new AnalysisDataset(
        [
            Section(1, notice: At(2024, 1, 1), open: At(2024, 1, 21), awardAt: At(2024, 1, 31), award: 1m, winner: 1),
            Section(2, notice: At(2024, 2, 1), open: At(2024, 2, 11), awardAt: At(2024, 2, 16), award: 1m, winner: 1),
            Section(3, notice: At(2024, 3, 1), open: At(2024, 3, 21)),
            Section(4, notice: At(2024, 4, 1), open: At(2024, 4, 11), awardAt: At(2024, 4, 13), award: 1m, winner: 2, name: "道路工程（重新招标）"),
        ],
        [Bid(3, 1), Bid(3, 2), Bid(3, 3, valid: false), Bid(4, 1), Bid(4, 2), Bid(4, 3)]);
        var duties = new List<DutyFact>
        {
            new("甲局", "complaint.decide", "投诉处理", new DateOnly(2024, 1, 10), new DateOnly(2024, 1, 9), false),
            new("甲局", "complaint.decide", "投诉处理", new DateOnly(2024, 1, 10), new DateOnly(2024, 1, 12), false),
            new("乙局", "sampling.publish", "抽查结果公示", new DateOnly(2024, 1, 10), null, true),
            new("乙局", "sampling.publish", "抽查结果公示", new DateOnly(2024, 1, 10), new DateOnly(2024, 1, 10), false),
        };

        var r = EfficiencyAnalysis.Compute(data, new ComplaintFigures(2, 1, 50m, 1, 7m), duties, new DateOnly(2024, 1, 20));

        // Notice → opening 20, 10, 20, 10; opening → award 10, 5, 2; notice → award 30, 15, 12.
        Assert.Equal((4, 15m, 15m), (r.Stages[0].Sections, r.Stages[0].MeanDays, r.Stages[0].MedianDays));
        Assert.Equal((3, 5.67m, 5m), (r.Stages[1].Sections, r.Stages[1].MeanDays, r.Stages[1].MedianDays));
        Assert.Equal((3, 19m, 15m), (r.Stages[2].Sections, r.Stages[2].MeanDays, r.Stages[2].MedianDays));
        Assert.Equal(0, r.Stages[3].Sections);
        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04"], r.ByMonth.Select(g => g.Key));
        Assert.Equal(30m, r.ByMonth[0].NoticeToAward);

        // Section 3: opened with two valid bids and not awarded.
        Assert.Equal((4, 1, 25m, 1), (r.Summary.Opened, r.Summary.Failed, r.Summary.FailedRate, r.Summary.Repeated));

        var a = r.ByUnit.Single(u => u.Key == "甲局");
        Assert.Equal((2, 2, 1, 1, 0, 50m), (a.Duties, a.Done, a.OnTime, a.Late, a.OpenOverdue, a.OnTimeRate));
        var b = r.ByUnit.Single(u => u.Key == "乙局");
        Assert.Equal((2, 1, 1, 0, 1, 100m), (b.Duties, b.Done, b.OnTime, b.Late, b.OpenOverdue, b.OnTimeRate));
        Assert.Equal(66.67m, r.Summary.OnTimeRate);
        Assert.Equal("甲局", r.ByUnit[0].Key); // lowest on-time rate first
    }

    [Fact]
    public void Filter_ParsesAndRefuses()
    {
        var f = AnalysisFilter.Parse("2024-01-01", "2024-03-31", "construction", "4601", null, out var problems);
        Assert.Empty(problems);
        Assert.Equal(new AnalysisFilter(new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 31), TradingCategory.Construction, "4601"), f);
        Assert.Equal("from=2024-01-01&to=2024-03-31&category=Construction&region=4601", f.Query());

        AnalysisFilter.Parse("2024-13-01", null, "7", "haikou", null, out problems);
        Assert.Equal(["category", "from", "region"], problems.Keys.Order(StringComparer.Ordinal));
    }
}
