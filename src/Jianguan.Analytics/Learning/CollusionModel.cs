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

    /// <summary>Weigh tenders so that every market (file) counts the same, however many tenders it has.</summary>
    public bool BalanceMarkets { get; init; }

    /// <summary>
    /// Average the learners equally instead of choosing the blend on out-of-fold AUC: that AUC measures fit to the
    /// training markets, which is not what a model for other markets should be selected on.
    /// </summary>
    public bool EqualBlend { get; init; }

    /// <summary>
    /// Settings for a model that must score markets it was not trained on (the shipped default): features
    /// relative to the market, markets weighed equally, and a linear model blended with a forest, because
    /// flexible boosted trees learn the quirks of their training markets.
    /// </summary>
    public static TrainingOptions Portable { get; } = new()
    {
        MarketRelative = true,
        BalanceMarkets = true,
        EqualBlend = true,
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

    public double Threshold => Info.Threshold;

    /// <summary>Groups that draw on history; they need a pool built from training tenders.</summary>
    public const FeatureGroups HistoryGroups = FeatureGroups.Date | FeatureGroups.Bidder;

    /// <summary>One fitted learner with its calibration.</summary>
    private sealed record Member(Learners Kind, ITransformer Transformer, DataViewSchema Schema, double Slope, double Intercept);

    /// <summary>Trains on labelled tenders (each with a label and at least two bids).</summary>
    public static CollusionModel Train(IReadOnlyList<TenderRecord> tenders, FeatureGroups groups, TrainingOptions options)
    {
        var labels = tenders.Select(t => t.Label ?? throw new ArgumentException($"tender {t.Id} has no label")).ToArray();
        var features = TrainingFeatures(tenders, groups, options);
        if (options.MarketRelative)
        {
            MarketPercentiles(tenders, features);
        }

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
        // which boosted trees make overconfident.
        var inner = Folds.Stratified(labels, options.InnerFolds, options.Seed + 1);
        var oof = kinds.Select(_ => new double[tenders.Count]).ToArray();
        for (var f = 0; f < options.InnerFolds; f++)
        {
            var trainIdx = Enumerable.Range(0, tenders.Count).Where(i => inner[i] != f).ToArray();
            var testIdx = Enumerable.Range(0, tenders.Count).Where(i => inner[i] == f).ToArray();
            if (trainIdx.Select(i => labels[i]).Distinct().Count() < 2 || testIdx.Length == 0)
            {
                continue;
            }

            var trainX = trainIdx.Select(i => features[i]).ToArray();
            var trainY = trainIdx.Select(i => labels[i]).ToArray();
            var trainW = trainIdx.Select(i => exampleWeights[i]).ToArray();
            var testX = testIdx.Select(i => features[i]).ToArray();
            for (var m = 0; m < kinds.Length; m++)
            {
                var (transformer, _) = Fit(ml, kinds[m], trainX, trainY, trainW, options);
                var scores = Predict(ml, transformer, testX);
                for (var k = 0; k < testIdx.Length; k++)
                {
                    oof[m][testIdx[k]] = scores[k];
                }
            }
        }

        var members = new Member[kinds.Length];
        var calibrated = new double[kinds.Length][];
        for (var m = 0; m < kinds.Length; m++)
        {
            var (slope, intercept) = Metrics.FitPlatt(oof[m], labels, exampleWeights);
            calibrated[m] = [.. oof[m].Select(x => Metrics.Sigmoid((slope * x) + intercept))];
            var (transformer, schema) = Fit(ml, kinds[m], features, labels, exampleWeights, options);
            members[m] = new Member(kinds[m], transformer, schema, slope, intercept);
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
        var pool = (groups & HistoryGroups) != 0 ? ReferencePool.Build(tenders) : null;
        var info = new ModelInfo
        {
            FormatVersion = 1,
            Groups = groups,
            FeatureNames = [.. TenderFeatures.Names(groups)],
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

    /// <summary>
    /// Within each market, each feature becomes its mid-rank percentile in (0, 1) (ties share a rank); undefined
    /// values stay undefined. Only bids enter, never labels, so it is as valid for scoring as for training.
    /// </summary>
    internal static void MarketPercentiles(IReadOnlyList<TenderRecord> tenders, float[][] rows)
    {
        if (rows.Length == 0)
        {
            return;
        }

        var width = rows[0].Length;
        foreach (var market in Enumerable.Range(0, tenders.Count).GroupBy(i => tenders[i].Market ?? ""))
        {
            var members = market.ToArray();
            var column = new (float Value, int Row)[members.Length];
            for (var c = 0; c < width; c++)
            {
                var count = 0;
                foreach (var i in members)
                {
                    if (rows[i][c] != TenderFeatures.Missing)
                    {
                        column[count++] = (rows[i][c], i);
                    }
                }

                var span = column.AsSpan(0, count);
                span.Sort((a, b) => a.Value.CompareTo(b.Value));
                for (var lo = 0; lo < count;)
                {
                    var hi = lo;
                    while (hi + 1 < count && span[hi + 1].Value == span[lo].Value)
                    {
                        hi++;
                    }

                    var percentile = (float)(((lo + hi) / 2.0 + 0.5) / count);
                    for (var k = lo; k <= hi; k++)
                    {
                        rows[span[k].Row][c] = percentile;
                    }

                    lo = hi + 1;
                }
            }
        }
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
            for (var i = 0; i < tenders.Count; i++)
            {
                features[i] = TenderFeatures.Compute(tenders[i], groups, null);
            }

            return features;
        }

        var labels = tenders.Select(t => t.Label ?? 0).ToArray();
        var folds = Folds.Stratified(labels, options.InnerFolds, options.Seed + 2);
        for (var f = 0; f < options.InnerFolds; f++)
        {
            var pool = ReferencePool.Build([.. tenders.Where((_, i) => folds[i] != f)]);
            for (var i = 0; i < tenders.Count; i++)
            {
                if (folds[i] == f)
                {
                    features[i] = TenderFeatures.Compute(tenders[i], groups, pool);
                }
            }
        }

        return features;
    }

    /// <summary>Probability of collusion for each tender (tenders with fewer than two bids still get a score).</summary>
    public double[] Score(IReadOnlyList<TenderRecord> tenders)
    {
        var rows = tenders.Select(t => TenderFeatures.Compute(t, Groups, Pool)).ToArray();
        if (Info.Options.MarketRelative)
        {
            MarketPercentiles(tenders, rows);
        }

        var result = new double[rows.Length];
        for (var index = 0; index < members.Length; index++)
        {
            var m = members[index];
            if (Info.Weights[index] == 0)
            {
                continue;
            }

            var scores = Predict(ml, m.Transformer, rows);
            for (var i = 0; i < rows.Length; i++)
            {
                result[i] += Info.Weights[index] * Metrics.Sigmoid((m.Slope * scores[i]) + m.Intercept);
            }
        }

        return result;
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

    private static double[] Predict(MLContext ml, ITransformer transformer, float[][] rows)
    {
        if (rows.Length == 0)
        {
            return [];
        }

        var data = ml.Data.LoadFromEnumerable(rows.Select(f => new Row { Features = f }), SchemaFor(rows[0].Length));
        var scored = transformer.Transform(data);
        return [.. ml.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: false).Select(p => (double)p.Score)];
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
    public int FormatVersion { get; set; }

    public FeatureGroups Groups { get; set; }

    public string[] FeatureNames { get; set; } = [];

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
