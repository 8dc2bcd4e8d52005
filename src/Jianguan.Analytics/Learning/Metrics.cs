namespace Jianguan.Analytics.Learning;

/// <summary>Tender-level classification figures, as `model evaluate` prints them.</summary>
public sealed record EvaluationResult(
    int Tenders,
    int Positives,
    double Accuracy,
    double BalancedAccuracy,
    double Auc,
    double Precision,
    double Recall);

public static class Metrics
{
    /// <summary>
    /// Area under the ROC curve: the (weighted) share of collusive–competitive pairs ranked the right way, ties
    /// counting one half (the Mann–Whitney statistic when all weights are 1).
    /// </summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<int> labels, IReadOnlyList<float>? weights = null)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double W(int i) => weights?[i] ?? 1.0;
        double negativesBelow = 0, sum = 0, positives = 0, negatives = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            double tiedPositives = 0, tiedNegatives = 0;
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]] == 1)
                {
                    tiedPositives += W(order[k]);
                }
                else
                {
                    tiedNegatives += W(order[k]);
                }
            }

            sum += tiedPositives * (negativesBelow + (tiedNegatives / 2));
            negativesBelow += tiedNegatives;
            positives += tiedPositives;
            negatives += tiedNegatives;
            i = j + 1;
        }

        return positives > 0 && negatives > 0 ? sum / (positives * negatives) : double.NaN;
    }

    public static EvaluationResult Evaluate(IReadOnlyList<double> scores, IReadOnlyList<bool> predicted, IReadOnlyList<int> labels)
    {
        int tp = 0, tn = 0, fp = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            switch ((labels[i] == 1, predicted[i]))
            {
                case (true, true): tp++; break;
                case (true, false): fn++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
            }
        }

        var recall = tp + fn > 0 ? tp / (double)(tp + fn) : double.NaN;
        var specificity = tn + fp > 0 ? tn / (double)(tn + fp) : double.NaN;
        return new EvaluationResult(
            labels.Count,
            tp + fn,
            labels.Count > 0 ? (tp + tn) / (double)labels.Count : double.NaN,
            (recall + specificity) / 2,
            Auc(scores, labels),
            tp + fp > 0 ? tp / (double)(tp + fp) : 0,
            recall);
    }

    /// <summary>The cut that maximises (weighted) balanced accuracy on out-of-fold scores: midpoint between scores.</summary>
    public static double BestThreshold(IReadOnlyList<double> scores, IReadOnlyList<int> labels, IReadOnlyList<float>? weights = null)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double W(int i) => weights?[i] ?? 1.0;
        double positives = 0, negatives = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == 1)
            {
                positives += W(i);
            }
            else
            {
                negatives += W(i);
            }
        }

        if (positives == 0 || negatives == 0 || order.Length == 0)
        {
            return 0.5;
        }

        // Predict positive for the top k; scan k and keep the best balanced accuracy.
        double tp = 0, fp = 0;
        var best = 0.5; // k = 0: everything negative
        var bestCut = scores[order[0]] + 1e-9;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]] == 1)
            {
                tp += W(order[k]);
            }
            else
            {
                fp += W(order[k]);
            }

            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]])
            {
                continue;
            }

            var ba = ((tp / positives) + (1 - (fp / negatives))) / 2;
            if (ba > best + 1e-12)
            {
                best = ba;
                bestCut = k + 1 < order.Length ? (scores[order[k]] + scores[order[k + 1]]) / 2 : scores[order[k]] - 1e-9;
            }
        }

        return bestCut;
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// Platt (1999) scaling, P(y=1|s) = sigmoid(a·s + b), fitted by Newton's method with backtracking as in
    /// Lin, Lin &amp; Weng (2007), on Platt's smoothed targets so that separable scores keep a finite slope.
    /// </summary>
    public static (double Slope, double Intercept) FitPlatt(IReadOnlyList<double> scores, IReadOnlyList<int> labels, IReadOnlyList<float>? weights = null)
    {
        double W(int i) => weights?[i] ?? 1.0;
        double positives = labels.Count(l => l == 1);
        double negatives = labels.Count - positives;
        var hi = (positives + 1) / (positives + 2);
        var lo = 1 / (negatives + 2);
        var targets = labels.Select(l => l == 1 ? hi : lo).ToArray();

        double Loss(double a, double b)
        {
            var sum = 0.0;
            for (var i = 0; i < scores.Count; i++)
            {
                var z = (a * scores[i]) + b;

                // log(1 + e^z) − t·z, computed without overflow.
                sum += W(i) * ((z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (targets[i] * z));
            }

            return sum;
        }

        double slope = 0, intercept = Math.Log((negatives + 1) / (positives + 1)) * -1;
        var loss = Loss(slope, intercept);
        for (var iter = 0; iter < 100; iter++)
        {
            double g1 = 0, g2 = 0, h11 = 1e-12, h22 = 1e-12, h12 = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var p = Sigmoid((slope * scores[i]) + intercept);
                var d = W(i) * (p - targets[i]);
                var w = W(i) * p * (1 - p);
                g1 += d * scores[i];
                g2 += d;
                h11 += w * scores[i] * scores[i];
                h22 += w;
                h12 += w * scores[i];
            }

            if (Math.Abs(g1) < 1e-9 && Math.Abs(g2) < 1e-9)
            {
                break;
            }

            var det = (h11 * h22) - (h12 * h12);
            var da = -((h22 * g1) - (h12 * g2)) / det;
            var db = -((h11 * g2) - (h12 * g1)) / det;
            var step = 1.0;
            var improved = false;
            while (step >= 1e-10)
            {
                var candidate = Loss(slope + (step * da), intercept + (step * db));
                if (candidate < loss - (1e-4 * step * ((g1 * da) + (g2 * db)) * -1))
                {
                    slope += step * da;
                    intercept += step * db;
                    loss = candidate;
                    improved = true;
                    break;
                }

                step /= 2;
            }

            if (!improved)
            {
                break;
            }
        }

        return double.IsFinite(slope) && double.IsFinite(intercept) ? (slope, intercept) : (1, 0);
    }
}
