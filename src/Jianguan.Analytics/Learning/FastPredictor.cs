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
        (flat, trees, value) = Flatten(nodes, roots, leaves);
    }

    /// <summary>
    /// The batch layout: every tree's splits followed by its leaves as nodes that point to themselves, children as
    /// absolute indices, so that a row walks exactly its tree's depth of steps with no test for "reached a leaf".
    /// </summary>
    private readonly Node[] flat = [];

    /// <summary>Per tree: its root in <see cref="flat"/> and its depth (the longest path, in splits).</summary>
    private readonly (int Root, int Depth)[] trees = [];

    /// <summary>Per node of <see cref="flat"/>: the leaf value times the tree's weight (0 for a split).</summary>
    private readonly double[] value = [];

    private static (Node[] Flat, (int, int)[] Trees, double[] Value) Flatten(Node[] nodes, (int Nodes, int Leaves)[] roots, double[] leaves)
    {
        var flat = new List<Node>();
        var value = new List<double>();
        var trees = new (int, int)[roots.Length];
        for (var t = 0; t < roots.Length; t++)
        {
            var (first, firstLeaf) = roots[t];
            var nextFirstLeaf = t + 1 < roots.Length ? roots[t + 1].Leaves : leaves.Length;
            var leafCount = nextFirstLeaf - firstLeaf;
            var splitCount = first < 0 ? 0 : leafCount - 1;
            var baseIndex = flat.Count;
            var leafBase = baseIndex + splitCount;
            int Child(int c) => c < 0 ? leafBase + ~c : baseIndex + c;
            for (var k = 0; k < splitCount; k++)
            {
                var n = nodes[first + k];
                flat.Add(n with { Left = Child(n.Left), Right = Child(n.Right) });
                value.Add(0);
            }

            for (var k = 0; k < leafCount; k++)
            {
                flat.Add(new Node(0, 0, leafBase + k, leafBase + k));
                value.Add(leaves[firstLeaf + k]);
            }

            trees[t] = (splitCount == 0 ? leafBase : baseIndex, splitCount == 0 ? 0 : Depth(nodes, first, 0));
        }

        return ([.. flat], trees, [.. value]);
    }

    private static int Depth(Node[] nodes, int first, int node)
    {
        if (node < 0)
        {
            return 0;
        }

        var n = nodes[first + node];
        return 1 + Math.Max(Depth(nodes, first, n.Left), Depth(nodes, first, n.Right));
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

    /// <summary>
    /// The raw scores of rows [start, end) into <paramref name="result"/>: the same numbers as <see cref="Score"/>
    /// (each row's sum is taken in the same order), tree by tree over the rows, four rows walking a tree side by side.
    /// </summary>
    public void ScoreBatch(float[][] rows, int start, int end, double[] result)
    {
        if (weights is not null || trees.Length == 0)
        {
            for (var i = start; i < end; i++)
            {
                result[i] = Score(rows[i]);
            }

            return;
        }

        for (var i = start; i < end; i++)
        {
            result[i] = bias;
        }

        var all = flat.AsSpan();
        var values = value.AsSpan();
        foreach (var (root, depth) in trees)
        {
            var i = start;
            for (; i + 4 <= end; i += 4)
            {
                var x0 = rows[i];
                var x1 = rows[i + 1];
                var x2 = rows[i + 2];
                var x3 = rows[i + 3];
                int a = root, b = root, c = root, d = root;
                for (var k = 0; k < depth; k++)
                {
                    ref readonly var na = ref all[a];
                    ref readonly var nb = ref all[b];
                    ref readonly var nc = ref all[c];
                    ref readonly var nd = ref all[d];
                    a = x0[na.Feature] <= na.Threshold ? na.Left : na.Right;
                    b = x1[nb.Feature] <= nb.Threshold ? nb.Left : nb.Right;
                    c = x2[nc.Feature] <= nc.Threshold ? nc.Left : nc.Right;
                    d = x3[nd.Feature] <= nd.Threshold ? nd.Left : nd.Right;
                }

                result[i] += values[a];
                result[i + 1] += values[b];
                result[i + 2] += values[c];
                result[i + 3] += values[d];
            }

            for (; i < end; i++)
            {
                var x = rows[i];
                var a = root;
                for (var k = 0; k < depth; k++)
                {
                    ref readonly var n = ref all[a];
                    a = x[n.Feature] <= n.Threshold ? n.Left : n.Right;
                }

                result[i] += values[a];
            }
        }
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
