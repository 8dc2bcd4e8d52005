using System.Globalization;
using System.Text;
using Jianguan.Analytics.Learning;

namespace Jianguan.Analytics.Tests;

/// <summary>Small labelled markets made up for the tests (real labelled data stays outside the repository).</summary>
internal static class Synthetic
{
    /// <summary>Fast settings: the pipeline is the product's, only smaller.</summary>
    public static readonly TrainingOptions FastTraining = new()
    {
        InnerFolds = 2,
        Learners = Learners.Forest | Learners.Boosted,
        ForestTrees = 30,
        BoostedTrees = 30,
        LearningRate = 0.2,
    };

    /// <summary>
    /// A CSV where collusive tenders have the classic cover-bid shape (a designated winner, the others packed a
    /// few percent above it) and competitive tenders spread their bids widely.
    /// </summary>
    public static string Csv(int tenders, int seed, bool shuffleLabels = false, bool withBidders = false)
    {
        var random = new Random(seed);
        var text = new StringBuilder(withBidders ? "tender,bid,label,bidder,winner\n" : "tender,bid,label,winner\n");
        var labels = Enumerable.Range(0, tenders).Select(i => i % 5 < 2 ? 1 : 0).ToArray();
        var reported = shuffleLabels ? labels.OrderBy(_ => random.Next()).ToArray() : labels;
        for (var t = 0; t < tenders; t++)
        {
            var cost = 100_000 * Math.Exp(random.NextDouble() * 3);
            var n = 4 + random.Next(5);
            var bids = new double[n];
            for (var i = 0; i < n; i++)
            {
                bids[i] = labels[t] == 1
                    ? cost * 1.15 * (i == 0 ? 1 : 1.06 + (0.01 * random.NextDouble()))
                    : cost * (1 + (0.3 * random.NextDouble()));
            }

            var winner = Array.IndexOf(bids, bids.Min());
            for (var i = 0; i < n; i++)
            {
                var bidder = withBidders ? "," + (labels[t] == 1 ? "ring" : "firm") + random.Next(8).ToString(CultureInfo.InvariantCulture) : "";
                text.Append(CultureInfo.InvariantCulture, $"T{t},{bids[i]:0.00},{reported[t]}{bidder},{(i == winner ? 1 : 0)}\n");
            }
        }

        return text.ToString();
    }

    public static TenderTable Table(string csv) => TenderCsv.Read(new StringReader(csv), "synthetic.csv");
}
