using Jianguan.Analytics.Data;
using Jianguan.Analytics.Learning;

namespace Jianguan.Analytics.Scoring;

/// <summary>Feeds the engine's sections to the learning component's models (one batch for the whole table).</summary>
public static class ModelHook
{
    /// <summary>
    /// Share of collusive sections assumed in a market scored by a model without its own labels (the default for
    /// <c>analyze</c>). The labelled sets models learn from are mostly collusive (they come from cartel cases), so
    /// their probabilities carry that prior; public audits of bid rigging find a few per cent of tenders affected.
    /// </summary>
    public const double DefaultBaseRate = 0.05;

    /// <summary>The shipped default models, or null when this build carries none.</summary>
    public static ModelScorer? TryLoadDefault()
    {
        try
        {
            return DefaultModels.Load();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The probability of collusion per section from the model that fits the table's columns; with a
    /// <paramref name="baseRate"/>, moved to a market where that share of sections is collusive (ranks unchanged).
    /// </summary>
    public static Func<BidTable, double[]> From(ModelScorer scorer, double? baseRate = null) => t =>
    {
        var model = scorer.Pick(ColumnsOf(t));
        if (model.NeedsHistory)
        {
            var (records, _) = Records(t);
            return model.Score(records, baseRate);
        }

        // Features straight from the table's arrays: no per-section copies, in parallel.
        var sections = t.SectionCount;
        var width = TenderFeatures.Width(model.Groups);
        var rows = new float[sections][];
        var counts = new int[sections];
        var maxBids = 1;
        for (var s = 0; s < sections; s++)
        {
            maxBids = Math.Max(maxBids, t.SectionStart[s + 1] - t.SectionStart[s]);
        }

        Parallel.ForEach(Ranges.Of(sections, 256),
            () => new bool[maxBids],
            (range, _, disqualified) =>
            {
                for (var s = range.Item1; s < range.Item2; s++)
                {
                    var a = t.SectionStart[s];
                    var n = t.SectionStart[s + 1] - a;
                    var valid = 0;
                    foreach (var p in t.Price.AsSpan(a, n))
                    {
                        valid += double.IsFinite(p) && p > 0 ? 1 : 0;
                    }

                    if (t.HasStatus)
                    {
                        for (var k = 0; k < n; k++)
                        {
                            disqualified[k] = t.Status[a + k] == BidStatus.Disqualified;
                        }
                    }

                    var row = new float[width];
                    TenderFeatures.Compute(new TenderView
                    {
                        Bids = t.Price.AsSpan(a, n),
                        Winners = t.HasWinners ? t.Won.AsSpan(a, n) : default,
                        Disqualified = t.HasStatus ? disqualified.AsSpan(0, n) : default,
                        Estimate = double.IsFinite(t.Estimate[s]) ? t.Estimate[s] : t.ControlPrice[s],
                    }, model.Groups, row);
                    rows[s] = row;
                    counts[s] = valid;
                }

                return disqualified;
            },
            _ => { });

        // The whole table is one market.
        return model.ScoreRows(rows, new string?[sections], counts, baseRate);
    };

    /// <summary>
    /// A feed for <see cref="EngineOptions.ModelFeed"/> with the model that fits the table's columns, or null when
    /// that model needs bidder names or dates (then use <see cref="From"/>).
    /// </summary>
    public static ModelFeed? Feed(ModelScorer scorer, BidTable t, double? baseRate = null)
    {
        var model = scorer.Pick(ColumnsOf(t));
        return model.NeedsHistory ? null : new ModelFeed(model, baseRate);
    }

    private static TenderColumns ColumnsOf(BidTable t)
    {
        var columns = TenderColumns.None;
        if (t.HasBidders)
        {
            columns |= TenderColumns.Bidder;
        }

        if (t.HasWinners)
        {
            columns |= TenderColumns.Winner;
        }

        if (t.HasStatus)
        {
            columns |= TenderColumns.Status;
        }

        var anyEstimate = false;
        var anyDate = false;
        for (var s = 0; s < t.SectionCount && !(anyEstimate && anyDate); s++)
        {
            anyEstimate |= double.IsFinite(t.Estimate[s]) || double.IsFinite(t.ControlPrice[s]);
            anyDate |= t.OpenTime[s] != Timestamp.Missing;
        }

        columns |= anyEstimate ? TenderColumns.Estimate : 0;
        columns |= anyDate ? TenderColumns.Date : 0;
        return columns;
    }

    /// <summary>One record per section with the columns the table has (bidders, winners, estimate, status, date).</summary>
    public static (List<TenderRecord> Records, TenderColumns Columns) Records(BidTable t)
    {
        var columns = ColumnsOf(t);
        var records = new List<TenderRecord>(t.SectionCount);
        for (var s = 0; s < t.SectionCount; s++)
        {
            var a = t.SectionStart[s];
            var n = t.SectionStart[s + 1] - a;
            var estimate = double.IsFinite(t.Estimate[s]) ? t.Estimate[s] : t.ControlPrice[s];
            records.Add(new TenderRecord
            {
                Id = t.SectionIds[s],
                Bids = t.Price.AsSpan(a, n).ToArray(),
                Bidders = t.HasBidders ? Enumerable.Range(a, n).Select(i => (string?)t.BidderName(t.Bidder[i])).ToArray() : null,
                Winners = t.HasWinners ? t.Won.AsSpan(a, n).ToArray() : null,
                Disqualified = t.HasStatus ? Enumerable.Range(a, n).Select(i => t.Status[i] == BidStatus.Disqualified).ToArray() : null,
                Estimate = estimate,
                Date = t.OpenTime[s] == Timestamp.Missing ? double.NaN : t.OpenTime[s],
            });
        }

        return (records, columns);
    }
}

/// <summary>
/// Collects a model's feature rows while the engine measures the sections (from the bids and screens its rules
/// use: withdrawn bids and unit errors left out), then scores them all at once.
/// </summary>
public sealed class ModelFeed
{
    private readonly CollusionModel model;
    private readonly double? baseRate;
    private readonly int width;
    private float[][] rows = [];
    private int[] counts = [];

    internal ModelFeed(CollusionModel model, double? baseRate)
    {
        this.model = model;
        this.baseRate = baseRate;
        width = TenderFeatures.Width(model.Groups);
    }

    internal void Begin(int sections)
    {
        rows = new float[sections][];
        counts = new int[sections];
    }

    /// <summary>Called once per section, from any thread.</summary>
    internal void Add(int section, TenderView view, ReadOnlySpan<double> sorted, in Screens.ScreenValues screens, Span<double> work, int rdCount)
    {
        var row = new float[width];
        TenderFeatures.FromScreens(view, sorted, screens, work, rdCount, model.Groups, row);
        rows[section] = row;
        counts[section] = sorted.Length;
    }

    /// <summary>Probability per section; the whole table is one market.</summary>
    internal double[] Finish() => model.ScoreRows(rows, new string?[rows.Length], counts, baseRate);
}
