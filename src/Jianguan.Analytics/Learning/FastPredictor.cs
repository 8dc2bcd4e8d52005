using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Jianguan.Analytics.Learning;

/// <summary>
/// The raw score ML.NET's binary learners give (before calibration), evaluated straight from the fitted
/// parameters: a linear model's margin, or a tree ensemble's bias plus weighted leaf values. Scoring a province
/// through ML.NET's data views costs tens of microseconds per row for a forest; this costs a few, allocates
/// nothing and runs in parallel. Tests check it against ML.NET's own scores for every learner kind.
/// </summary>
internal sealed class FastPredictor
{
    private readonly float[]? weights;
    private readonly double bias;

    /// <summary>Every tree's nodes in one array (nodes of a tree are contiguous), for locality.</summary>
    private readonly Node[] nodes = [];

    /// <summary>Per tree: the offset of its first node and of its first leaf.</summary>
    private readonly (int Nodes, int Leaves)[] roots = [];

    /// <summary>Every tree's leaf values times the tree's weight.</summary>
    private readonly double[] leaves = [];

    private FastPredictor(float[] weights, double bias)
    {
        this.weights = weights;
        this.bias = bias;
    }

    private FastPredictor(Node[] nodes, (int, int)[] roots, double[] leaves, double bias)
    {
        this.nodes = nodes;
        this.roots = roots;
        this.leaves = leaves;
        this.bias = bias;
    }

    /// <summary>A split: go left when x[Feature] ≤ Threshold; a negative child ~k is the tree's k-th leaf.</summary>
    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);

    /// <summary>A predictor for the transformer's model, or null for a model it does not know (ML.NET then scores).</summary>
    public static FastPredictor? TryCreate(ITransformer transformer)
    {
        var model = (transformer as ISingleFeaturePredictionTransformer<object>)?.Model;
        if (model is CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator> linear)
        {
            return new FastPredictor([.. linear.SubModel.Weights], linear.SubModel.Bias);
        }

        return model switch
        {
            FastForestBinaryModelParameters forest => FromEnsemble(forest.TrainedTreeEnsemble),
            CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> boosted => FromEnsemble(boosted.SubModel.TrainedTreeEnsemble),
            FastTreeBinaryModelParameters boosted => FromEnsemble(boosted.TrainedTreeEnsemble),
            _ => null,
        };
    }

    private static FastPredictor? FromEnsemble<T>(TreeEnsemble<T> ensemble)
        where T : RegressionTreeBase
    {
        var nodes = new List<Node>();
        var leaves = new List<double>();
        var roots = new (int, int)[ensemble.Trees.Count];
        for (var i = 0; i < roots.Length; i++)
        {
            var t = ensemble.Trees[i];
            if (t.CategoricalSplitFlags.Any(c => c))
            {
                return null;
            }

            roots[i] = (t.LeftChild.Count == 0 ? -1 : nodes.Count, leaves.Count);
            for (var k = 0; k < t.LeftChild.Count; k++)
            {
                nodes.Add(new Node(t.NumericalSplitFeatureIndexes[k], t.NumericalSplitThresholds[k], t.LeftChild[k], t.RightChild[k]));
            }

            var weight = ensemble.TreeWeights[i];
            leaves.AddRange(t.LeafValues.Select(v => v * weight));
        }

        return new FastPredictor([.. nodes], roots, [.. leaves], ensemble.Bias);
    }

    /// <summary>The raw score of one feature row.</summary>
    public double Score(ReadOnlySpan<float> x)
    {
        if (weights is not null)
        {
            var sum = bias;
            for (var i = 0; i < weights.Length; i++)
            {
                sum += weights[i] * x[i];
            }

            return sum;
        }

        var total = bias;
        var all = nodes.AsSpan();
        foreach (var (first, firstLeaf) in roots)
        {
            var node = first < 0 ? -1 : 0;
            while (node >= 0)
            {
                ref readonly var n = ref all[first + node];
                node = x[n.Feature] <= n.Threshold ? n.Left : n.Right;
            }

            total += leaves[firstLeaf + ~node];
        }

        return total;
    }
}
