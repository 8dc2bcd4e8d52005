using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Jianguan.Analytics.Learning;

/// <summary>The tree ensembles a model averages.</summary>
[Flags]
public enum Learners
{
    None = 0,

    /// <summary>Gradient-boosted trees (FastTree): strong with thousands of tenders.</summary>
    Boosted = 1,

    /// <summary>Random forest (FastForest): robust with a few hundred tenders.</summary>
    Forest = 2,

    /// <summary>L2-regularised logistic regression: few degrees of freedom, so it carries over to unseen markets.</summary>
    Linear = 4,
}

/// <summary>Fixed training settings: the same for every market (no per-data-set tuning).</summary>
public sealed record TrainingOptions
{
    public int Seed { get; init; } = 7;

    /// <summary>Inner folds: out-of-fold scores for calibration, the decision threshold and bidder collusion rates.</summary>
    public int InnerFolds { get; init; } = 5;

    public Learners Learners { get; init; } = Learners.Boosted | Learners.Forest;

    public int BoostedTrees { get; init; } = 300;

    public int BoostedLeaves { get; init; } = 8;

    public double LearningRate { get; init; } = 0.05;

    public int ForestTrees { get; init; } = 200;

    public int ForestLeaves { get; init; } = 16;

    /// <summary>
    /// Replace every feature by its percentile among the tenders of the same market (file). A model meant for
    /// markets it has never seen then learns "unusually tight for this market" rather than a level that depends
    /// on the auction format, the currency or whether bids are prices or rebates.
    /// </summary>
    public bool MarketRelative { get; init; }

    /// <summary>
    /// With <see cref="MarketRelative"/>: rank each tender among the tenders of its market with about the same
    /// number of bids (see <see cref="CollusionModel.SizeClass"/>), because screens change with the number of bids
    /// by construction (more bids, wider spread, tighter best subset) and auction formats differ most in it.
    /// </summary>
    public bool BySizeClass { get; init; }

    /// <summary>Weigh tenders so that every market (file) counts the same, however many tenders it has.</summary>
    public bool BalanceMarkets { get; init; }

    /// <summary>
    /// Average the learners equally instead of choosing the blend on out-of-fold AUC: that AUC measures fit to the
    /// training markets, which is not what a model for other markets should be selected on.
    /// </summary>
    public bool EqualBlend { get; init; }

    /// <summary>
    /// Keep only the features whose association with collusion points the same way in every training market (the
    /// feature's AUC within the market on the same side of 0.5 everywhere) and hold the others constant. A screen
    /// that marks collusion by tight bids in one market and by loose bids in another cannot tell which way it points
    /// in a market not yet seen: a stability criterion in the spirit of invariant causal prediction (Peters,
    /// Bühlmann &amp; Meinshausen 2016). Fixed in advance, it uses the training markets only; with one market it
    /// keeps everything.
    /// </summary>
    public bool ConsistentDirection { get; init; }

    /// <summary>
    /// Settings for a model that must score markets it was not trained on (the shipped default): features
    /// relative to the market, markets weighed equally, and a linear model blended with a forest, because
    /// flexible boosted trees learn the quirks of their training markets.
    /// </summary>
    public static TrainingOptions Portable { get; } = new()
    {
        MarketRelative = true,
        BySizeClass = true,

        // Half of a blend with a linear model: 100 trees average out as well, and score a province twice as fast.
        ForestTrees = 100,
        BalanceMarkets = true,
        EqualBlend = true,
        ConsistentDirection = true,
        Learners = Learners.Linear | Learners.Forest,
    };
}

/// <summary>
/// A tender-level collusion classifier over <see cref="TenderFeatures"/>: boosted trees and a random forest
/// (ML.NET FastTree), each calibrated by Platt scaling on out-of-fold scores of the training tenders, averaged;
/// the decision threshold maximises out-of-fold balanced accuracy so that the minority class is not ignored.
/// The training tenders are kept as the history pool for date and bidder features.
/// </summary>
public sealed class CollusionModel
{
    private const string MetaEntry = "model.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    private readonly MLContext ml;
    private readonly Member[] members;

    private CollusionModel(MLContext ml, Member[] members, ModelInfo info, ReferencePool? pool)
    {
        this.ml = ml;
        this.members = members;
        Info = info;
        Pool = pool;
    }

    public ModelInfo Info { get; }

    public ReferencePool? Pool { get; }

    public FeatureGroups Groups => Info.Groups;

    private int[] HeldColumns => field ??= [.. Info.HeldConstant.Select(n => Array.IndexOf(Info.FeatureNames, n)).Where(c => c >= 0)];

    public double Threshold => Info.Threshold;

    /// <summary>Groups that draw on history; they need a pool built from training tenders.</summary>
    public const FeatureGroups HistoryGroups = FeatureGroups.Date | FeatureGroups.Bidder;

    /// <summary>One fitted learner with its calibration.</summary>
    private sealed record Member(Learners Kind, ITransformer Transformer, DataViewSchema Schema, double Slope, double Intercept)
    {
        public FastPredictor? Fast { get; } = FastPredictor.TryCreate(Transformer);
    }

    /// <summary>Trains on labelled tenders (each with a label and at least two bids).</summary>
    public static CollusionModel Train(IReadOnlyList<TenderRecord> tenders, FeatureGroups groups, TrainingOptions options)
    {
        var labels = tenders.Select(t => t.Label ?? throw new ArgumentException($"tender {t.Id} has no label")).ToArray();
        var features = TrainingFeatures(tenders, groups, options);
        if (options.MarketRelative)
        {
            MarketPercentiles([.. tenders.Select(t => t.Market)], [.. tenders.Select(t => t.ValidBidCount)], features, options.BySizeClass);
        }

        var names = TenderFeatures.Names(groups).ToArray();
        var held = options.ConsistentDirection ? InconsistentFeatures(tenders, labels, features) : [];
        HoldConstant(features, held);

        var exampleWeights = new float[tenders.Count];
        Array.Fill(exampleWeights, 1f);
        if (options.BalanceMarkets)
        {
            var sizes = tenders.GroupBy(t => t.Market ?? "").ToDictionary(g => g.Key, g => g.Count());
            for (var i = 0; i < tenders.Count; i++)
            {
                exampleWeights[i] = (float)(tenders.Count / ((double)sizes.Count * sizes[tenders[i].Market ?? ""]));
            }
        }

        var ml = new MLContext(options.Seed);
        var kinds = Enum.GetValues<Learners>().Where(k => k != Learners.None && options.Learners.HasFlag(k)).ToArray();
        if (kinds.Length == 0)
        {
            throw new ArgumentException("no learner selected", nameof(options));
        }

        // Out-of-fold scores inside the training tenders: calibration and threshold must not see in-sample scores,
        // which boosted trees make overconfident. Every fit is single-threaded with its own context and seed, so
        // running the fits side by side gives the same result as running them one after the other.
        var inner = Folds.Stratified(labels, options.InnerFolds, options.Seed + 1);
        var oof = kinds.Select(_ => new double[tenders.Count]).ToArray();
        var fitted = new (ITransformer Transformer, DataViewSchema Schema)[kinds.Length];
        Parallel.For(0, (options.InnerFolds + 1) * kinds.Length, job =>
        {
            var f = job / kinds.Length;
            var m = job % kinds.Length;
            var context = new MLContext(options.Seed);
            if (f == options.InnerFolds)
            {
                fitted[m] = Fit(context, kinds[m], features, labels, exampleWeights, options);
                return;
            }

            var trainIdx = Enumerable.Range(0, tenders.Count).Where(i => inner[i] != f).ToArray();
            var testIdx = Enumerable.Range(0, tenders.Count).Where(i => inner[i] == f).ToArray();
            if (trainIdx.Select(i => labels[i]).Distinct().Count() < 2 || testIdx.Length == 0)
            {
                return;
            }

            var (transformer, schema) = Fit(context, kinds[m], [.. trainIdx.Select(i => features[i])], [.. trainIdx.Select(i => labels[i])],
                [.. trainIdx.Select(i => exampleWeights[i])], options);
            var scores = Predict(context, new Member(kinds[m], transformer, schema, 1, 0), [.. testIdx.Select(i => features[i])]);
            for (var k = 0; k < testIdx.Length; k++)
            {
                oof[m][testIdx[k]] = scores[k];
            }
        });

        var members = new Member[kinds.Length];
        var calibrated = new double[kinds.Length][];
        for (var m = 0; m < kinds.Length; m++)
        {
            var (slope, intercept) = Metrics.FitPlatt(oof[m], labels, exampleWeights);
            calibrated[m] = [.. oof[m].Select(x => Metrics.Sigmoid((slope * x) + intercept))];
            members[m] = new Member(kinds[m], fitted[m].Transformer, fitted[m].Schema, slope, intercept);
        }

        // The blend of the learners is chosen on the same out-of-fold scores (nested model selection): forests
        // win on a few hundred tenders, boosting on thousands, and the data decide which market this is.
        var weights = options.EqualBlend
            ? [.. kinds.Select(_ => 1.0 / kinds.Length)]
            : BlendWeights(calibrated, labels, exampleWeights);
        var averaged = new double[tenders.Count];
        for (var m = 0; m < kinds.Length; m++)
        {
            for (var i = 0; i < tenders.Count; i++)
            {
                averaged[i] += weights[m] * calibrated[m][i];
            }
        }

        var threshold = Metrics.BestThreshold(averaged, labels, exampleWeights);

        // The share of collusive tenders the calibration saw (weighted as in training): the prior its
        // probabilities carry, which a market with another base rate shifts away (see Score).
        var prior = Enumerable.Range(0, tenders.Count).Sum(i => labels[i] * (double)exampleWeights[i]) / exampleWeights.Sum(w => (double)w);
        var pool = (groups & HistoryGroups) != 0 ? ReferencePool.Build(tenders) : null;
        var info = new ModelInfo
        {
            FormatVersion = ModelInfo.CurrentFormat,
            TrainingPrior = prior,
            Groups = groups,
            FeatureNames = names,
            HeldConstant = [.. held.Select(c => names[c])],
            Threshold = threshold,
            Calibration = [.. members.Select(m => new[] { m.Slope, m.Intercept })],
            Weights = weights,
            LearnerKinds = [.. members.Select(m => m.Kind)],
            TrainingTenders = tenders.Count,
            TrainingPositives = labels.Sum(),
            Options = options,
        };
        return new CollusionModel(ml, members, info, pool);
    }

    /// <summary>Tenders of each class a market needs before it has a say in <see cref="TrainingOptions.ConsistentDirection"/>.</summary>
    public const int MinDirectionTenders = 10;

    /// <summary>The columns whose within-market AUC falls on different sides of 0.5 in different markets.</summary>
    internal static int[] InconsistentFeatures(IReadOnlyList<TenderRecord> tenders, int[] labels, float[][] rows)
    {
        var markets = Enumerable.Range(0, tenders.Count).GroupBy(i => tenders[i].Market ?? "")
            .Select(g => g.ToArray())
            .Where(m => m.Count(i => labels[i] == 1) >= MinDirectionTenders && m.Count(i => labels[i] == 0) >= MinDirectionTenders)
            .ToList();
        if (markets.Count < 2 || rows.Length == 0)
        {
            return [];
        }

        var held = new List<int>();
        for (var c = 0; c < rows[0].Length; c++)
        {
            var signs = new HashSet<int>();
            foreach (var market in markets)
            {
                var defined = market.Where(i => !float.IsNaN(rows[i][c])).ToArray();
                var auc = defined.Select(i => labels[i]).Distinct().Count() == 2
                    ? Metrics.Auc([.. defined.Select(i => (double)rows[i][c])], [.. defined.Select(i => labels[i])])
                    : 0.5;
                signs.Add(Math.Sign(Math.Round(auc - 0.5, 6)));
            }

            if (signs.Count > 1 || signs.Contains(0))
            {
                held.Add(c);
            }
        }

        return [.. held];
    }

    /// <summary>A held column is the middle percentile everywhere: no tree splits on it, no weight moves with it.</summary>
    private static void HoldConstant(float[][] rows, int[] columns)
    {
        if (columns.Length == 0)
        {
            return;
        }

        foreach (var row in rows)
        {
            foreach (var c in columns)
            {
                row[c] = 0.5f;
            }
        }
    }

    /// <summary>Tenders a size class needs in a market before its tenders are ranked within it rather than market-wide.</summary>
    public const int MinSizeClassTenders = 30;

    /// <summary>
    /// Bid-count classes: 2, 3, 4, 5, 6, 7–8, 9–11, 12–15, 16–23, 24–39, 40 and more (about equal steps of
    /// log n above six bids, where the screens change more slowly).
    /// </summary>
    public static int SizeClass(int bids) => bids switch
    {
        <= 6 => Math.Max(bids, 0),
        <= 8 => 7,
        <= 11 => 8,
        <= 15 => 9,
        <= 23 => 10,
        <= 39 => 11,
        _ => 12,
    };

    /// <summary>
    /// Within each market (and, with <paramref name="bySizeClass"/>, each bid-count class of it holding at least
    /// <see cref="MinSizeClassTenders"/> tenders), each feature becomes its mid-rank percentile in (0, 1) (ties
    /// share a rank); undefined values stay undefined. Only bids enter, never labels, so it is as valid for scoring
    /// as for training. Columns are ranked in parallel.
    /// </summary>
    /// <param name="skip">Columns left as they are (held constant afterwards, so ranking them would be wasted work).</param>
    internal static void MarketPercentiles(IReadOnlyList<string?> markets, IReadOnlyList<int> bidCounts, float[][] rows, bool bySizeClass, int[]? skip = null)
    {
        if (rows.Length == 0)
        {
            return;
        }

        var active = Enumerable.Range(0, rows[0].Length).Where(c => skip is null || Array.IndexOf(skip, c) < 0).ToArray();
        var width = active.Length;

        // Cells: the tenders a percentile is taken among, and the tenders that receive it.
        var work = new List<(int[] Among, int[] For)>();
        foreach (var market in Enumerable.Range(0, rows.Length).GroupBy(i => markets[i] ?? ""))
        {
            var all = market.ToArray();
            if (!bySizeClass)
            {
                work.Add((all, all));
                continue;
            }

            var rest = new List<int>();
            foreach (var cls in all.GroupBy(i => SizeClass(bidCounts[i])))
            {
                var members = cls.ToArray();
                if (members.Length >= MinSizeClassTenders)
                {
                    work.Add((members, members));
                }
                else
                {
                    rest.AddRange(members);
                }
            }

            // Small classes are ranked among the whole market: a percentile among a handful says little.
            if (rest.Count > 0)
            {
                work.Add((all, [.. rest]));
            }
        }

        // Column-major copies, so that ranking one feature reads one array.
        var columns = new float[width][];
        for (var c = 0; c < width; c++)
        {
            columns[c] = new float[rows.Length];
        }

        Parallel.ForEach(Ranges.Of(rows.Length), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var row = rows[i];
                for (var c = 0; c < width; c++)
                {
                    columns[c][i] = row[active[c]];
                }
            }
        });

        Parallel.For(0, width, c =>
        {
            var source = columns[c];
            var ranked = new float[source.Length];
            foreach (var (among, targets) in work)
            {
                var (values, percentiles) = Reference(among, source);
                foreach (var i in targets)
                {
                    var x = source[i];
                    if (x == TenderFeatures.Missing || values.Length == 0)
                    {
                        ranked[i] = TenderFeatures.Missing;
                        continue;
                    }

                    // A value among the reference takes its mid-rank; one between them, the share below it.
                    var k = LowerBound(values, x);
                    ranked[i] = k < values.Length && values[k] == x ? percentiles[k] : percentiles[values.Length + k];
                }
            }

            columns[c] = ranked;
        });

        Parallel.ForEach(Ranges.Of(rows.Length), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var row = rows[i];
                for (var c = 0; c < width; c++)
                {
                    row[active[c]] = columns[c][i];
                }
            }
        });
    }

    /// <summary>Cells larger than this are ranked against an evenly spaced sample of this many of their values.</summary>
    public const int PercentileReference = 4096;

    /// <summary>
    /// The distinct defined values of a column among some rows, ascending, with the mid-rank percentile of each
    /// ((number below + number equal / 2) / count), followed by the share below for each gap (index
    /// values.Length + insertion point). Taken over all the rows, or for a large cell over every k-th row (a
    /// deterministic sample; a percentile then moves by about 1/<see cref="PercentileReference"/> at most).
    /// </summary>
    private static (float[] Values, float[] Percentiles) Reference(int[] among, float[] column)
    {
        var step = Math.Max(1, (among.Length + PercentileReference - 1) / PercentileReference);
        var sample = new List<float>((among.Length / step) + 1);
        for (var k = 0; k < among.Length; k += step)
        {
            var x = column[among[k]];
            if (x != TenderFeatures.Missing)
            {
                sample.Add(x);
            }
        }

        var sorted = sample.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var values = new List<float>();
        var mid = new List<float>();
        var gaps = new List<float> { 0 };
        for (var lo = 0; lo < n;)
        {
            var hi = lo;
            while (hi + 1 < n && sorted[hi + 1] == sorted[lo])
            {
                hi++;
            }

            values.Add(sorted[lo]);
            mid.Add((float)((lo + hi + 1) / (2.0 * n)));
            gaps.Add((float)((hi + 1) / (double)n));
            lo = hi + 1;
        }

        return ([.. values], [.. mid, .. gaps]);
    }

    /// <summary>The index of the first value not below x (values ascending, no NaN).</summary>
    private static int LowerBound(float[] values, float x)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Weights on a grid of quarters that maximise out-of-fold AUC; ties go to the most even blend.</summary>
    private static double[] BlendWeights(double[][] calibrated, int[] labels, float[] exampleWeights)
    {
        if (calibrated.Length != 2)
        {
            return [.. calibrated.Select(_ => 1.0 / calibrated.Length)];
        }

        double[] best = [0.5, 0.5];
        var bestAuc = double.NegativeInfinity;
        foreach (var w in new[] { 0.5, 0.25, 0.75, 0, 1 })
        {
            var blend = calibrated[0].Select((x, i) => (w * x) + ((1 - w) * calibrated[1][i])).ToArray();
            var auc = Metrics.Auc(blend, labels, exampleWeights);
            if (auc > bestAuc + 1e-9)
            {
                bestAuc = auc;
                best = [w, 1 - w];
            }
        }

        return best;
    }

    /// <summary>
    /// Features of the training tenders. History groups come from inner folds: each tender sees a pool made of
    /// the other inner folds only, so its own label never reaches its features (target leakage).
    /// </summary>
    internal static float[][] TrainingFeatures(IReadOnlyList<TenderRecord> tenders, FeatureGroups groups, TrainingOptions options)
    {
        var features = new float[tenders.Count][];
        if ((groups & HistoryGroups) == 0)
        {
            Parallel.For(0, tenders.Count, i => features[i] = TenderFeatures.Compute(tenders[i], groups, null));
            return features;
        }

        var labels = tenders.Select(t => t.Label ?? 0).ToArray();
        var folds = Folds.Stratified(labels, options.InnerFolds, options.Seed + 2);
        for (var f = 0; f < options.InnerFolds; f++)
        {
            var pool = ReferencePool.Build([.. tenders.Where((_, i) => folds[i] != f)]);
            var fold = f;
            Parallel.For(0, tenders.Count, i =>
            {
                if (folds[i] == fold)
                {
                    features[i] = TenderFeatures.Compute(tenders[i], groups, pool);
                }
            });
        }

        return features;
    }

    /// <summary>Probability of collusion for each tender (tenders with fewer than two bids still get a score).</summary>
    public double[] Score(IReadOnlyList<TenderRecord> tenders, double? baseRate = null)
    {
        var rows = new float[tenders.Count][];
        Parallel.For(0, tenders.Count, i => rows[i] = TenderFeatures.Compute(tenders[i], Groups, Pool));
        return ScoreRows(rows, [.. tenders.Select(t => t.Market)], [.. tenders.Select(t => t.ValidBidCount)], baseRate);
    }

    /// <summary>True when the model's features need bidder names or dates (a <see cref="TenderRecord"/> and the pool).</summary>
    public bool NeedsHistory => (Groups & HistoryGroups) != 0;

    /// <summary>
    /// Probabilities for feature rows made by <see cref="TenderFeatures.Compute(TenderView, FeatureGroups, Span{float})"/>
    /// with this model's groups (rows are rewritten when the model ranks features within the market). With a
    /// <paramref name="baseRate"/>, the probabilities are moved from the share of collusive tenders the model was
    /// calibrated on to that share (Saerens, Latinne &amp; Decaestecker 2002): the odds are multiplied by the ratio
    /// of the two prior odds, so the order of tenders stays the same.
    /// </summary>
    public double[] ScoreRows(float[][] rows, IReadOnlyList<string?> markets, IReadOnlyList<int> bidCounts, double? baseRate = null)
    {
        if (Info.Options.MarketRelative)
        {
            MarketPercentiles(markets, bidCounts, rows, Info.Options.BySizeClass, HeldColumns);
        }

        HoldConstant(rows, HeldColumns);
        var result = new double[rows.Length];
        for (var index = 0; index < members.Length; index++)
        {
            var m = members[index];
            if (Info.Weights[index] == 0)
            {
                continue;
            }

            var scores = Predict(ml, m, rows);
            for (var i = 0; i < rows.Length; i++)
            {
                result[i] += Info.Weights[index] * Metrics.Sigmoid((m.Slope * scores[i]) + m.Intercept);
            }
        }

        if (baseRate is { } rate)
        {
            var prior = Info.TrainingPrior is > 0 and < 1 ? Info.TrainingPrior : (Info.TrainingPositives + 1.0) / (Info.TrainingTenders + 2.0);
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = ShiftPrior(result[i], prior, rate);
            }
        }

        return result;
    }

    /// <summary>P(collusion) under base rate <paramref name="to"/> for a probability made under base rate <paramref name="from"/>.</summary>
    public static double ShiftPrior(double p, double from, double to)
    {
        if (!(to > 0 && to < 1) || !(from > 0 && from < 1) || double.IsNaN(p))
        {
            return p;
        }

        var ratio = to / (1 - to) * ((1 - from) / from);
        var shifted = p * ratio;
        return shifted / (shifted + (1 - p));
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float Weight { get; set; } = 1;

        public float[] Features { get; set; } = [];
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }

    private static SchemaDefinition SchemaFor(int width)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return definition;
    }

    private static (ITransformer Transformer, DataViewSchema Schema) Fit(MLContext ml, Learners kind, float[][] features, int[] labels, float[] weights, TrainingOptions options)
    {
        var width = features.Length > 0 ? features[0].Length : 0;
        var data = ml.Data.LoadFromEnumerable(
            features.Select((f, i) => new Row { Label = labels[i] == 1, Weight = weights[i], Features = f }), SchemaFor(width));

        // One thread: the same seed gives the same trees on any machine.
        IEstimator<ITransformer> trainer = kind switch
        {
            Learners.Linear => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = 1f,
                L1Regularization = 0f,
                ExampleWeightColumnName = nameof(Row.Weight),
                NumberOfThreads = 1,
            }),
            Learners.Forest => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            {
                NumberOfTrees = options.ForestTrees,
                NumberOfLeaves = options.ForestLeaves,
                MinimumExampleCountPerLeaf = 2,
                FeatureFraction = 0.5,
                ExampleWeightColumnName = nameof(Row.Weight),
                Seed = options.Seed,
                NumberOfThreads = 1,
            }),
            _ => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = options.BoostedTrees,
                NumberOfLeaves = options.BoostedLeaves,
                MinimumExampleCountPerLeaf = Math.Max(5, features.Length / 100),
                LearningRate = options.LearningRate,
                FeatureFraction = 0.7,
                ExampleWeightColumnName = nameof(Row.Weight),
                Seed = options.Seed,
                NumberOfThreads = 1,
            }),
        };
        var transformer = trainer.Fit(data);
        return (transformer, data.Schema);
    }

    /// <summary>Rows scored per batch; batches of a large table are scored side by side.</summary>
    private const int PredictBatch = 16_384;

    /// <summary>Raw (uncalibrated) scores of a member, from its parameters when it can, else through ML.NET.</summary>
    private static double[] Predict(MLContext ml, Member member, float[][] rows)
    {
        if (member.Fast is not { } fast)
        {
            return PredictMlNet(ml, member.Transformer, rows);
        }

        var result = new double[rows.Length];
        Parallel.ForEach(Ranges.Of(rows.Length, 1024), range => fast.ScoreBatch(rows, range.Item1, range.Item2, result));
        return result;
    }

    /// <summary>For the tests: the first member's raw scores from its parameters (row by row and in one batch) and through ML.NET.</summary>
    internal (double[] Fast, double[] Batch, double[] MlNet) CompareWithMlNet(IReadOnlyList<TenderRecord> tenders)
    {
        var rows = tenders.Select(t => TenderFeatures.Compute(t, Groups, Pool)).ToArray();
        var fast = members[0].Fast ?? throw new InvalidOperationException("no fast predictor for " + members[0].Kind);
        var batch = new double[rows.Length];
        fast.ScoreBatch(rows, 0, rows.Length, batch);
        return ([.. rows.Select(r => fast.Score(r))], batch, PredictMlNet(ml, members[0].Transformer, rows));
    }

    private static double[] PredictMlNet(MLContext ml, ITransformer transformer, float[][] rows)
    {
        if (rows.Length == 0)
        {
            return [];
        }

        var result = new double[rows.Length];
        var batches = (rows.Length + PredictBatch - 1) / PredictBatch;

        // A transformer is read-only once fitted: each batch gets its own data view and cursor.
        Parallel.For(0, batches, b =>
        {
            var start = b * PredictBatch;
            var part = new ArraySegment<float[]>(rows, start, Math.Min(PredictBatch, rows.Length - start));
            var data = ml.Data.LoadFromEnumerable(part.Select(f => new Row { Features = f }), SchemaFor(rows[0].Length));
            var k = start;
            foreach (var p in ml.Data.CreateEnumerable<Prediction>(transformer.Transform(data), reuseRowObject: true))
            {
                result[k++] = p.Score;
            }
        });
        return result;
    }

    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        for (var m = 0; m < members.Length; m++)
        {
            using var entry = zip.CreateEntry(LearnerEntry(m), CompressionLevel.Optimal).Open();
            using var buffer = new MemoryStream();
            ml.Model.Save(members[m].Transformer, members[m].Schema, buffer);
            buffer.Position = 0;
            buffer.CopyTo(entry);
        }

        var meta = new ModelFile { Info = Info, Pool = Pool?.ToData() };
        using var metaStream = zip.CreateEntry(MetaEntry, CompressionLevel.Optimal).Open();
        JsonSerializer.Serialize(metaStream, meta, Json);
    }

    private static string LearnerEntry(int index) => string.Create(CultureInfo.InvariantCulture, $"learner{index}.zip");

    public void Save(string path)
    {
        using var file = File.Create(path);
        Save(file);
    }

    public static CollusionModel Load(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var metaEntry = zip.GetEntry(MetaEntry) ?? throw new InvalidDataException("不是模型文件 / not a Jianguan model file (no model.json)");
        ModelFile meta;
        using (var s = metaEntry.Open())
        {
            meta = JsonSerializer.Deserialize<ModelFile>(s, Json) ?? throw new InvalidDataException("empty model.json");
        }

        var info = meta.Info;
        if (!info.FeatureNames.SequenceEqual(TenderFeatures.Names(info.Groups)))
        {
            throw new InvalidDataException(
                "模型由旧版本训练，特征不一致，请重新训练 / the model was trained by another version with other features: train it again (jianguan model train)");
        }

        var ml = new MLContext(info.Options.Seed);
        var members = new Member[info.LearnerKinds.Length];
        for (var m = 0; m < members.Length; m++)
        {
            var entry = zip.GetEntry(LearnerEntry(m)) ?? throw new InvalidDataException($"model file lacks {LearnerEntry(m)}");
            using var buffer = new MemoryStream();
            using (var s = entry.Open())
            {
                s.CopyTo(buffer);
            }

            buffer.Position = 0;
            var transformer = ml.Model.Load(buffer, out var schema);
            members[m] = new Member(info.LearnerKinds[m], transformer, schema, info.Calibration[m][0], info.Calibration[m][1]);
        }

        var pool = meta.Pool is null ? null : ReferencePool.FromData(meta.Pool);
        return new CollusionModel(ml, members, info, pool);
    }

    public static CollusionModel Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file);
    }

    private sealed class ModelFile
    {
        public ModelInfo Info { get; set; } = new();

        public PoolData? Pool { get; set; }
    }
}

/// <summary>What a model file says about itself.</summary>
public sealed class ModelInfo
{
    /// <summary>2: subset-screen spread, tightest runs, contract size and period ranks; prior recorded.</summary>
    public const int CurrentFormat = 2;

    public int FormatVersion { get; set; }

    /// <summary>
    /// Share of collusive tenders the calibration saw (weighted like the training, e.g. markets equally): the base
    /// rate behind the model's probabilities. 0 in older models (then taken from the training counts).
    /// </summary>
    public double TrainingPrior { get; set; }

    public FeatureGroups Groups { get; set; }

    public string[] FeatureNames { get; set; } = [];

    /// <summary>Features held constant (see <see cref="TrainingOptions.ConsistentDirection"/>), in training and scoring.</summary>
    public string[] HeldConstant { get; set; } = [];

    /// <summary>Probability above which a tender is classed collusive (maximises out-of-fold balanced accuracy).</summary>
    public double Threshold { get; set; }

    /// <summary>Platt slope and intercept of each learner.</summary>
    public double[][] Calibration { get; set; } = [];

    public Learners[] LearnerKinds { get; set; } = [];

    /// <summary>Weight of each learner's probability in the blend (sums to 1).</summary>
    public double[] Weights { get; set; } = [];

    public int TrainingTenders { get; set; }

    public int TrainingPositives { get; set; }

    public TrainingOptions Options { get; set; } = new();

    /// <summary>Free text: the command and the input hashes (for the shipped model).</summary>
    public string? Provenance { get; set; }
}
