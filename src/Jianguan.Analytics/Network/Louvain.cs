namespace Jianguan.Analytics.Network;

/// <summary>An undirected weighted graph in compressed sparse rows; each edge appears in both rows.</summary>
public sealed class Graph
{
    public Graph(int nodeCount, int[] offsets, int[] neighbours, double[] weights, double[]? selfLoops = null)
    {
        NodeCount = nodeCount;
        Offsets = offsets;
        Neighbours = neighbours;
        Weights = weights;
        SelfLoops = selfLoops ?? new double[nodeCount];
    }

    public int NodeCount { get; }
    public int[] Offsets { get; }
    public int[] Neighbours { get; }
    public double[] Weights { get; }

    /// <summary>Weight of a node's loop (the internal weight of an aggregated community), counted once.</summary>
    public double[] SelfLoops { get; }

    /// <summary>Builds the graph from an edge list (a &lt; b or any order, no duplicates needed: duplicates add up).</summary>
    public static Graph FromEdges(int nodeCount, ReadOnlySpan<int> a, ReadOnlySpan<int> b, ReadOnlySpan<double> w)
    {
        var degree = new int[nodeCount + 1];
        var self = new double[nodeCount];
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                self[a[i]] += w[i];
                continue;
            }

            degree[a[i] + 1]++;
            degree[b[i] + 1]++;
        }

        for (var i = 0; i < nodeCount; i++)
        {
            degree[i + 1] += degree[i];
        }

        var next = (int[])degree.Clone();
        var nb = new int[degree[nodeCount]];
        var wt = new double[degree[nodeCount]];
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }

            var p = next[a[i]]++;
            nb[p] = b[i];
            wt[p] = w[i];
            p = next[b[i]]++;
            nb[p] = a[i];
            wt[p] = w[i];
        }

        return new Graph(nodeCount, degree, nb, wt, self);
    }
}

/// <summary>
/// Louvain community detection (Blondel et al. 2008): local moving of nodes to the neighbouring community with the
/// best modularity gain, then aggregation of communities into nodes, repeated until nothing moves. Nodes are
/// visited in index order, so the result is deterministic. Cost per pass is linear in the number of edges.
/// </summary>
public static class Louvain
{
    /// <param name="resolution">Above 1 favours smaller communities (Reichardt–Bornholdt γ).</param>
    public static int[] Detect(Graph graph, double resolution = 1, int maxLevels = 10, int maxPasses = 20, double minGain = 1e-7)
    {
        var n0 = graph.NodeCount;
        var membership = new int[n0];
        for (var i = 0; i < n0; i++)
        {
            membership[i] = i;
        }

        var g = graph;
        for (var level = 0; level < maxLevels; level++)
        {
            var community = LocalMoving(g, resolution, maxPasses, minGain, out var moved);
            if (!moved)
            {
                break;
            }

            var count = Renumber(community);
            for (var i = 0; i < n0; i++)
            {
                membership[i] = community[membership[i]];
            }

            if (count == g.NodeCount)
            {
                break;
            }

            g = Aggregate(g, community, count);
        }

        Renumber(membership);
        return membership;
    }

    private static int[] LocalMoving(Graph g, double gamma, int maxPasses, double minGain, out bool movedAny)
    {
        var n = g.NodeCount;
        var k = new double[n];
        var m2 = 0.0;
        for (var i = 0; i < n; i++)
        {
            var s = 2 * g.SelfLoops[i];
            for (var p = g.Offsets[i]; p < g.Offsets[i + 1]; p++)
            {
                s += g.Weights[p];
            }

            k[i] = s;
            m2 += s;
        }

        var community = new int[n];
        var tot = new double[n];
        for (var i = 0; i < n; i++)
        {
            community[i] = i;
            tot[i] = k[i];
        }

        movedAny = false;
        if (m2 <= 0)
        {
            return community;
        }

        var neighWeight = new double[n];
        Array.Fill(neighWeight, -1);
        var touched = new int[n];
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var moves = 0;
            for (var i = 0; i < n; i++)
            {
                if (g.Offsets[i] == g.Offsets[i + 1])
                {
                    continue;
                }

                var ci = community[i];
                var t = 0;
                neighWeight[ci] = 0;
                touched[t++] = ci;
                for (var p = g.Offsets[i]; p < g.Offsets[i + 1]; p++)
                {
                    var c = community[g.Neighbours[p]];
                    if (neighWeight[c] < 0)
                    {
                        neighWeight[c] = 0;
                        touched[t++] = c;
                    }

                    neighWeight[c] += g.Weights[p];
                }

                tot[ci] -= k[i];
                var best = ci;
                var bestGain = neighWeight[ci] - (gamma * tot[ci] * k[i] / m2);
                for (var j = 0; j < t; j++)
                {
                    var c = touched[j];
                    var gain = neighWeight[c] - (gamma * tot[c] * k[i] / m2);
                    if (gain > bestGain + minGain)
                    {
                        bestGain = gain;
                        best = c;
                    }
                }

                tot[best] += k[i];
                if (best != ci)
                {
                    community[i] = best;
                    moves++;
                }

                for (var j = 0; j < t; j++)
                {
                    neighWeight[touched[j]] = -1;
                }
            }

            if (moves == 0)
            {
                break;
            }

            movedAny = true;
        }

        return community;
    }

    private static int Renumber(int[] community)
    {
        var map = new Dictionary<int, int>();
        for (var i = 0; i < community.Length; i++)
        {
            if (!map.TryGetValue(community[i], out var c))
            {
                c = map.Count;
                map.Add(community[i], c);
            }

            community[i] = c;
        }

        return map.Count;
    }

    private static Graph Aggregate(Graph g, int[] community, int count)
    {
        // Edges between communities, summed; the internal weight becomes a self-loop.
        var self = new double[count];
        var edges = new Dictionary<long, double>();
        for (var i = 0; i < g.NodeCount; i++)
        {
            var ci = community[i];
            self[ci] += g.SelfLoops[i];
            for (var p = g.Offsets[i]; p < g.Offsets[i + 1]; p++)
            {
                var j = g.Neighbours[p];
                if (j < i)
                {
                    continue; // each undirected edge once
                }

                var cj = community[j];
                if (ci == cj)
                {
                    self[ci] += g.Weights[p];
                    continue;
                }

                var key = ci < cj ? ((long)ci << 32) | (uint)cj : ((long)cj << 32) | (uint)ci;
                edges[key] = edges.GetValueOrDefault(key) + g.Weights[p];
            }
        }

        var a = new int[edges.Count + count];
        var b = new int[edges.Count + count];
        var w = new double[edges.Count + count];
        var e = 0;
        foreach (var (key, weight) in edges)
        {
            a[e] = (int)(key >> 32);
            b[e] = (int)(key & 0xFFFFFFFF);
            w[e] = weight;
            e++;
        }

        for (var c = 0; c < count; c++)
        {
            a[e] = c;
            b[e] = c;
            w[e] = self[c];
            e++;
        }

        return Graph.FromEdges(count, a.AsSpan(0, e), b.AsSpan(0, e), w.AsSpan(0, e));
    }

    /// <summary>Newman's modularity of a partition, for tests and reports.</summary>
    public static double Modularity(Graph g, int[] community)
    {
        var m2 = 0.0;
        var count = community.Length == 0 ? 0 : community.Max() + 1;
        var tot = new double[count];
        var inside = new double[count];
        for (var i = 0; i < g.NodeCount; i++)
        {
            var s = 2 * g.SelfLoops[i];
            inside[community[i]] += 2 * g.SelfLoops[i];
            for (var p = g.Offsets[i]; p < g.Offsets[i + 1]; p++)
            {
                s += g.Weights[p];
                if (community[g.Neighbours[p]] == community[i])
                {
                    inside[community[i]] += g.Weights[p];
                }
            }

            tot[community[i]] += s;
            m2 += s;
        }

        var q = 0.0;
        for (var c = 0; c < count; c++)
        {
            q += (inside[c] / m2) - ((tot[c] / m2) * (tot[c] / m2));
        }

        return q;
    }
}
