using System.Globalization;

namespace Jianguan.Analytics.Learning;

public static class Folds
{
    /// <summary>
    /// Stratified fold numbers for items with the given labels: each class is shuffled (SplitMix64, seeded) and
    /// dealt round-robin, so every fold gets the same share of positives (±1). Items are whole tenders, so the
    /// bids of one tender never straddle folds.
    /// </summary>
    public static int[] Stratified(IReadOnlyList<int> labels, int k, int seed)
    {
        var folds = new int[labels.Count];
        var state = 0x5DEECE66DUL ^ (ulong)(uint)seed;
        var offset = 0;
        foreach (var cls in labels.Distinct().Order())
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == cls).ToArray();
            for (var i = members.Length - 1; i > 0; i--)
            {
                var j = (int)(Next(ref state) % (ulong)(i + 1));
                (members[i], members[j]) = (members[j], members[i]);
            }

            // Continue the round-robin across classes so small folds do not all start at fold 0.
            for (var i = 0; i < members.Length; i++)
            {
                folds[members[i]] = (offset + i) % k;
            }

            offset = (offset + members.Length) % k;
        }

        return folds;
    }

    internal static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>Tender-level evaluation: stratified K-fold cross-validation, or training on other files.</summary>
public static class CrossValidation
{
    /// <summary>Groups a model for unseen markets may use: no history, no market structure, no auction-format cues.</summary>
    public static FeatureGroups Portable(TenderColumns columns) =>
        TenderFeatures.GroupsFor(columns) & ~(CollusionModel.HistoryGroups | FeatureGroups.Structure | FeatureGroups.Winner);

    /// <summary>Tenders a model learns from: labelled, with at least two valid bids.</summary>
    public static List<TenderRecord> Eligible(IEnumerable<TenderRecord> tenders) =>
        [.. tenders.Where(t => t.Label is not null && t.ValidBidCount >= 2)];

    /// <summary>
    /// K-fold CV; every figure comes from the pooled out-of-fold predictions, each made by a model (features,
    /// history pool, threshold) that saw only the other folds.
    /// </summary>
    public static EvaluationResult Evaluate(TenderTable table, int k, int seed, FeatureGroups? groups = null, TrainingOptions? training = null)
    {
        var tenders = Eligible(table.Tenders);
        var labels = tenders.Select(t => t.Label!.Value).ToArray();
        if (labels.Count(l => l == 1) < k || labels.Count(l => l == 0) < k)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"每类标段至少需要 {k} 个（有两个以上报价）/ each class needs at least {k} labelled tenders with two or more bids for {k}-fold cross-validation"));
        }

        var use = groups ?? TenderFeatures.GroupsFor(table.Columns);
        var folds = Folds.Stratified(labels, k, seed);
        var scores = new double[tenders.Count];
        var predicted = new bool[tenders.Count];
        var options = (training ?? new TrainingOptions()) with { Seed = seed };
        for (var f = 0; f < k; f++)
        {
            var train = tenders.Where((_, i) => folds[i] != f).ToArray();
            var testIdx = Enumerable.Range(0, tenders.Count).Where(i => folds[i] == f).ToArray();
            if (testIdx.Length == 0)
            {
                continue;
            }

            var model = CollusionModel.Train(train, use, options);
            var s = model.Score([.. testIdx.Select(i => tenders[i])]);
            for (var j = 0; j < testIdx.Length; j++)
            {
                scores[testIdx[j]] = s[j];
                predicted[testIdx[j]] = s[j] >= model.Threshold;
            }
        }

        return Metrics.Evaluate(scores, predicted, labels);
    }

    /// <summary>
    /// Trains on the given tables and scores the test table (e.g. leave one data set out) with the portable
    /// settings: by default only the groups every file can feed, minus history and market-structure groups
    /// (dates, bidders and bid counts of one market say nothing of another), and market-relative features.
    /// </summary>
    public static EvaluationResult TrainAndTest(TenderTable test, IReadOnlyList<TenderTable> train, int seed, FeatureGroups? groups = null, TrainingOptions? training = null)
    {
        var all = TenderTable.Combine([test, .. train]);
        var use = groups ?? Portable(all.Columns);
        var options = training ?? TrainingOptions.Portable;
        var model = CollusionModel.Train(Eligible(train.SelectMany(t => t.Tenders)), use, options with { Seed = seed });
        var tenders = Eligible(test.Tenders);
        var scores = model.Score(tenders);
        return Metrics.Evaluate(scores, [.. scores.Select(s => s >= model.Threshold)], [.. tenders.Select(t => t.Label!.Value)]);
    }
}
