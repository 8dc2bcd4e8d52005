using System.Collections.Concurrent;

namespace Jianguan.Analytics;

/// <summary>
/// Index ranges for <see cref="Parallel.ForEach{TSource}(Partitioner{TSource}, Action{TSource})"/>:
/// <see cref="Partitioner.Create(int, int, int)"/> throws for an empty range, and an empty market (no sections,
/// no bids) is a normal input; this yields no range at all for it.
/// </summary>
public static class Ranges
{
    /// <summary>Ranges over [0, count) of at least <paramref name="minChunk"/> items, about 64 of them for large counts.</summary>
    public static OrderablePartitioner<Tuple<int, int>> Of(int count, int minChunk = 1) =>
        count <= 0
            ? Partitioner.Create(Array.Empty<Tuple<int, int>>(), loadBalance: true)
            : Partitioner.Create(0, count, Math.Max(Math.Max(1, minChunk), (count / 64) + 1));
}
