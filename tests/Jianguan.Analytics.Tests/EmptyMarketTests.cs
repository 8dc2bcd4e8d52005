using System.Globalization;
using System.Text;
using Jianguan.Analytics.Data;
using Jianguan.Analytics.Learning;
using Jianguan.Analytics.Output;
using Jianguan.Analytics.Rules;
using Jianguan.Analytics.Scoring;

namespace Jianguan.Analytics.Tests;

/// <summary>
/// Property tests: the engine, the model hook and the result writer accept any small market, including an empty
/// one (no sections, no bids, sections without bids) and any set of missing optional columns, without throwing.
/// </summary>
public class EmptyMarketTests
{
    private const int Seed = 20261205;
    private const int Iterations = 400;

    /// <summary>The model the platform scores with.</summary>
    private static readonly Lazy<ModelScorer> Scorer = new(DefaultModels.Load);

    [Fact]
    public void Analyze_NoSectionsNoBids_EmptyResult()
    {
        var r = Engine.Analyze(new BidTableBuilder().Build());

        Assert.Equal(0, r.Table.SectionCount);
        Assert.Empty(r.Alerts);
        Assert.Empty(r.Scores.Section);
    }

    [Fact]
    public void Analyze_SectionsWithoutBids_NoThrow()
    {
        var b = new BidTableBuilder { HasBidders = true };
        b.SetControlPrice(b.Section("标段一"), 1_000_000);
        b.Section("标段二");

        var r = Engine.Analyze(b.Build(), new EngineOptions { Model = ModelHook.From(Scorer.Value, 0.05) });

        Assert.Empty(r.Alerts);
    }

    [Fact]
    public void ModelHook_EmptyTable_NoProbabilities()
    {
        var empty = new BidTableBuilder().Build();

        Assert.Empty(ModelHook.From(Scorer.Value, 0.05)(empty));
        Assert.Empty(Scorer.Value.Score([], ModelHook.Records(empty).Columns, 0.05));
    }

    [Fact]
    public void Ranges_Empty_YieldsNothing()
    {
        Assert.Empty(Ranges.Of(0, 256).GetDynamicPartitions());
        Assert.Equal(10, Ranges.Of(10, 3).GetDynamicPartitions().Sum(r => r.Item2 - r.Item1));
    }

    [Fact]
    public void Analyze_RandomSmallMarkets_NeverThrow()
    {
        var random = new Random(Seed);
        var directory = Directory.CreateTempSubdirectory("jianguan-empty-market-");
        try
        {
            for (var i = 0; i < Iterations; i++)
            {
                var description = new StringBuilder();
                var table = RandomMarket(random, description);
                try
                {
                    var options = new EngineOptions
                    {
                        MaxDegreeOfParallelism = 1 + (i % 2),
                        Blacklist = random.Next(2) == 0 ? null : new Blacklist([new BlacklistEntry("投标人1", null, new DateOnly(2020, 1, 1), null, "串通投标")]),
                    };
                    options = (i % 3) switch
                    {
                        0 => options,
                        1 => new EngineOptions { Blacklist = options.Blacklist, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, Model = ModelHook.From(Scorer.Value, 0.05) },
                        _ => new EngineOptions { Blacklist = options.Blacklist, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, ModelFeed = ModelHook.Feed(Scorer.Value, table, 0.05) },
                    };
                    var result = Engine.Analyze(table, options);
                    Assert.Equal(table.SectionCount, result.Scores.Section.Length);
                    Assert.All(result.Scores.Section, s => Assert.True(double.IsFinite(s) && s >= 0 && s <= 100, "section score " + s));
                    ResultWriter.Write(result, directory.FullName);
                    var (records, columns) = ModelHook.Records(table);
                    Assert.Equal(records.Count, Scorer.Value.Score(records, columns, 0.05).Length);
                }
                catch (Exception e)
                {
                    Assert.Fail($"seed {Seed}, iteration {i}, market:\n{description}\n{e}");
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>0–3 sections with 0–3 bids each; every optional column present or missing at random.</summary>
    private static BidTable RandomMarket(Random random, StringBuilder d)
    {
        var b = new BidTableBuilder { HasBidders = random.Next(2) == 0, HasStatus = random.Next(2) == 0, HasCheckin = random.Next(2) == 0 };
        var control = random.Next(2) == 0;
        var estimate = random.Next(2) == 0;
        var times = random.Next(2) == 0;
        var award = random.Next(2) == 0;
        var winners = random.Next(2) == 0;
        var fingerprint = random.Next(2) == 0;
        if (fingerprint)
        {
            b.EnableFingerprint(FingerprintKind.Mac);
        }

        d.Append(CultureInfo.InvariantCulture, $"bidders={b.HasBidders} status={b.HasStatus} checkin={b.HasCheckin} control={control} estimate={estimate} times={times} award={award} winners={winners} fingerprint={fingerprint}\n");
        var sections = random.Next(4);
        for (var s = 0; s < sections; s++)
        {
            var id = "S" + s;
            var section = b.Section(id);
            d.Append(id);
            if (control)
            {
                var v = Price(random);
                b.SetControlPrice(section, v);
                d.Append(CultureInfo.InvariantCulture, $" control={v}");
            }

            if (estimate)
            {
                b.SetEstimate(section, Price(random));
            }

            if (times)
            {
                var notice = 1_700_000_000L + random.Next(100_000);
                b.SetNoticeTime(section, notice);
                b.SetOpenTime(section, notice + random.Next(-1000, 2_000_000));
            }

            if (award)
            {
                b.SetAwardAmount(section, Price(random));
                b.SetAwardWinner(section, "投标人" + random.Next(3));
                b.SetCategory(section, random.Next(2) == 0 ? "工程" : "货物");
                b.SetMode(section, "公开招标");
            }

            var bids = random.Next(4);
            for (var k = 0; k < bids; k++)
            {
                var price = Price(random);
                var bidder = b.HasBidders ? b.Bidder("投标人" + random.Next(4)) : -1;
                var bid = b.AddBid(section, bidder, price);
                d.Append(CultureInfo.InvariantCulture, $" bid(bidder={bidder}, price={price}");
                if (winners && random.Next(3) == 0)
                {
                    b.SetWon(bid);
                    d.Append(", won");
                }

                if (b.HasStatus)
                {
                    var status = (BidStatus)random.Next(4);
                    b.SetStatus(bid, status);
                    d.Append(CultureInfo.InvariantCulture, $", {status}");
                }

                if (b.HasCheckin)
                {
                    b.SetCheckin(bid, 1_700_000_000L + random.Next(100));
                }

                if (fingerprint && random.Next(2) == 0)
                {
                    b.SetFingerprint(bid, FingerprintKind.Mac, "AA-BB-CC-00-00-0" + random.Next(2));
                }

                d.Append(')');
            }

            d.Append('\n');
        }

        return b.Build();
    }

    /// <summary>Mostly ordinary prices, sometimes equal, zero, negative or missing.</summary>
    private static double Price(Random random) => random.Next(8) switch
    {
        0 => double.NaN,
        1 => 0,
        2 => -5,
        3 => 1_000_000,
        _ => 500_000 + random.Next(1_000_000),
    };
}
