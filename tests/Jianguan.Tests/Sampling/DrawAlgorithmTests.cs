using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Jianguan.Features.Sampling.Draw;

namespace Jianguan.Tests.Sampling;

public class DrawAlgorithmTests
{
    [Fact]
    public void Drbg_FirstWords_AreSha256CounterBlocks()
    {
        var seed = Encoding.ASCII.GetBytes("seed");
        var drbg = new HashCounterDrbg(seed);
        var words = Enumerable.Range(0, 5).Select(_ => drbg.NextUInt64()).ToArray();

        byte[] Block(ulong i)
        {
            var counter = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(counter, i);
            return SHA256.HashData([.. seed, .. "jianguan-drbg/1"u8.ToArray(), .. counter]);
        }

        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(Block(0).AsSpan(0, 8)), words[0]);
        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(Block(0).AsSpan(24, 8)), words[3]);
        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(Block(1).AsSpan(0, 8)), words[4]);
    }

    [Fact]
    public void Drbg_NextInt_IsUniformOverSmallRange()
    {
        var drbg = new HashCounterDrbg([1, 2, 3]);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[drbg.NextInt(7)]++;
        }

        // χ² with 6 degrees of freedom; 22.46 is the 0.999 quantile.
        var chi2 = counts.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.True(chi2 < 22.46, $"χ² = {chi2}");
    }

    [Fact]
    public void CanonicalJson_SortsKeysAndEscapesOnlyControlCharacters()
    {
        var node = new JsonObject { ["b"] = "海口\"\n\u0001<>", ["a"] = new JsonArray(1, true, null), ["B"] = 0 };

        Assert.Equal("{\"B\":0,\"a\":[1,true,null],\"b\":\"海口\\\"\\n\\u0001<>\"}", CanonicalJson.SerializeToString(node));
    }

    [Fact]
    public void Build_SmallPool_AppliesConflictsHistoryCertificatesAndCounts()
    {
        var (pool, parameters) = DrawFixtures.Small();

        var record = DrawRecord.Build(pool, parameters, DrawFixtures.ServerSeed, "07 21 33 45");
        var result = DrawRecord.ReadResult(record["result"]);

        // high 100 %: E:1, E:2, S:10; low count 1 of 1: E:3; medium 50 % of one object: 0 or 1.
        Assert.Equal(["E:1", "E:2", "E:3", "S:10"], result.Selections.Select(s => s.Object).Where(o => o != "S:11").Order(StringComparer.Ordinal));
        Assert.Contains(result.Exclusions, e => e is { Object: "", Inspector: "I:6", Reason: Exclusion.Inactive });
        Assert.Contains(result.Exclusions, e => e is { Object: "", Inspector: "I:7", Reason: Exclusion.CertificateExpired });
        Assert.Contains(result.Exclusions, e => e is { Object: "E:1", Inspector: "I:1", Reason: Exclusion.Conflict });
        Assert.Contains(result.Exclusions, e => e is { Object: "S:10", Inspector: "I:5", Reason: Exclusion.Conflict });
        // I:3 inspected E:2 six months before the draw; I:2's visit is older than 12 months and does not count.
        Assert.Contains(result.Exclusions, e => e is { Object: "E:2", Inspector: "I:3", Reason: Exclusion.RecentPair });
        Assert.DoesNotContain(result.Exclusions, e => e is { Object: "E:2", Inspector: "I:2" });
        var e2 = result.Selections.Single(s => s.Object == "E:2");
        Assert.Equal(Selection.Assigned, e2.Status);
        Assert.All(e2.Inspectors, i => Assert.Contains(i, new[] { "I:1", "I:2", "I:5" }));
        // S:10 (财政局, 政府采购): I:4 only, I:5 withdraws, I:6 inactive → infeasible, and nobody is assigned.
        var s10 = result.Selections.Single(s => s.Object == "S:10");
        Assert.Equal(Selection.Infeasible, s10.Status);
        Assert.Empty(s10.Inspectors);
        Assert.Contains("少于 2 名", s10.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SameInputs_SameRecord_DifferentPublicInput_DifferentSeed()
    {
        var (pool, parameters) = DrawFixtures.Small();

        var a = DrawRecord.Build(pool, parameters, DrawFixtures.ServerSeed, "07 21 33 45");
        var b = DrawRecord.Build(pool, parameters, DrawFixtures.ServerSeed, "07 21 33 45");
        var c = DrawRecord.Build(pool, parameters, DrawFixtures.ServerSeed, "07 21 33 46");

        Assert.Equal(CanonicalJson.SerializeToString(a), CanonicalJson.SerializeToString(b));
        Assert.Equal(a["commitment"]!.ToJsonString(), c["commitment"]!.ToJsonString());
        Assert.NotEqual(a["seed"]!.ToString(), c["seed"]!.ToString());
    }

    [Fact]
    public void Build_MinimumBelowTwo_Rejected()
    {
        var (pool, parameters) = DrawFixtures.Small();

        var e = Assert.Throws<DrawInputException>(() => DrawRecord.Build(pool, parameters with { MinInspectors = 1 }, DrawFixtures.ServerSeed, "1"));
        Assert.Contains("至少 2 名", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DirectedFilters_DrawOnlyMatchingObjects()
    {
        var pool = DrawFixtures.RandomPool(new Random(7), 200, 40);
        var parameters = DrawFixtures.Ratios(("high", 1m), ("medium-high", 1m), ("medium", 1m), ("low", 1m)) with
        {
            Filters = new DrawFilters([], ["政府采购"], ["财政局", "住建局"], []),
        };

        var result = DrawAlgorithm.Run(pool, parameters, [9]);

        var expected = pool.Objects.Where(o => o.Category == "政府采购" && o.Department is "财政局" or "住建局").Select(o => o.Id).Order(StringComparer.Ordinal);
        Assert.Equal(expected, result.Selections.Select(s => s.Object).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Over 4,000 draws with the fixed public inputs "2026-0000" … "2026-3999", each object's inclusion frequency
    /// lies within 4.5 standard errors of its grade's ratio, and each grade's mean within 4.5 of its own.
    /// </summary>
    [Fact]
    public void InclusionFrequency_ManyPublicInputs_MatchesGradeRatio()
    {
        var ratios = new Dictionary<string, decimal> { ["high"] = 0.3m, ["medium-high"] = 0.1m, ["medium"] = 0.02m, ["low"] = 0.01m };
        var objects = Enumerable.Range(0, 48).Select(i => new PoolObject(
            "S:" + i.ToString("D2", CultureInfo.InvariantCulture), "section", ratios.Keys.ElementAt(i % 4), "住建局", "工程建设项目招标投标")).ToList();
        // Grade sizes 12 each make r·N fractional (3.6, 1.2, 0.24, 0.12): the randomised rounding is exercised.
        var inspectors = Enumerable.Range(0, 6).Select(i => new PoolInspector($"I:{i}", "住建局", ["工程建设项目招标投标"], [])).ToList();
        var pool = new DrawPool(objects, inspectors, []);
        var parameters = DrawFixtures.Ratios([.. ratios.Select(r => (r.Key, r.Value))]);
        var commitment = DrawRecord.Commit(pool, parameters, DrawFixtures.ServerSeed);
        const int draws = 4000;
        var hits = objects.ToDictionary(o => o.Id, _ => 0, StringComparer.Ordinal);

        for (var k = 0; k < draws; k++)
        {
            var seed = DrawRecord.DeriveSeed(DrawFixtures.ServerSeed, commitment.Value, "2026-" + k.ToString("D4", CultureInfo.InvariantCulture));
            foreach (var s in DrawAlgorithm.Run(pool, parameters, seed).Selections)
            {
                hits[s.Object]++;
            }
        }

        foreach (var o in objects)
        {
            var p = (double)ratios[o.Grade];
            var tolerance = 4.5 * Math.Sqrt(p * (1 - p) / draws);
            var frequency = hits[o.Id] / (double)draws;
            Assert.True(Math.Abs(frequency - p) <= tolerance, $"{o.Id} ({o.Grade}): {frequency:F4} vs {p}");
        }

        foreach (var (grade, ratio) in ratios)
        {
            var members = objects.Where(o => o.Grade == grade).ToList();
            var p = (double)ratio;
            var mean = members.Sum(o => hits[o.Id]) / (double)(draws * members.Count);
            // The grade's count is ⌊r·N⌋ or ⌈r·N⌉, so its variance is at most that of independent trials.
            var tolerance = 4.5 * Math.Sqrt(p * (1 - p) / (draws * members.Count));
            Assert.True(Math.Abs(mean - p) <= tolerance, $"{grade}: {mean:F5} vs {p}");
        }
    }

    /// <summary>
    /// 300 random pools × 3 public inputs: every assigned object has at least 2 distinct inspectors, each from its
    /// department or the joint team, with the specialty, no declared conflict, no pair within 12 months, active and
    /// certified; an object is infeasible exactly when fewer than 2 such inspectors exist, and then has none.
    /// </summary>
    [Fact]
    public void Assignments_RandomPools_NeverBreakConflictsOrTheTwoInspectorMinimum()
    {
        var random = new Random(20260310);
        var infeasibleSeen = 0;
        var assignedSeen = 0;
        for (var run = 0; run < 300; run++)
        {
            var pool = DrawFixtures.RandomPool(random, random.Next(5, 60), random.Next(2, 30));
            var parameters = DrawFixtures.Ratios(("high", 0.8m), ("medium-high", 0.5m), ("medium", 0.3m), ("low", 0.2m));
            var inspectors = pool.Inspectors.ToDictionary(i => i.Id, StringComparer.Ordinal);
            foreach (var input in new[] { "a", "b", "c" })
            {
                var record = DrawRecord.Build(pool, parameters, DrawFixtures.ServerSeed, input + run.ToString(CultureInfo.InvariantCulture));
                var result = DrawRecord.ReadResult(record["result"]);
                Assert.Equal(result.Selections.Count, result.Selections.Select(s => s.Object).Distinct().Count());
                foreach (var s in result.Selections)
                {
                    var o = pool.Objects.Single(x => x.Id == s.Object);
                    var allowed = pool.Inspectors.Where(i => Allowed(i, o, pool.History)).Select(i => i.Id).ToHashSet();
                    if (s.Status == Selection.Assigned)
                    {
                        assignedSeen++;
                        Assert.True(s.Inspectors.Count >= 2, $"{s.Object}: {s.Inspectors.Count} inspectors");
                        Assert.Equal(s.Inspectors.Count, s.Inspectors.Distinct().Count());
                        Assert.All(s.Inspectors, id => Assert.Contains(id, allowed));
                        Assert.All(s.Inspectors, id => Assert.DoesNotContain(inspectors[id].Conflicts, c => c == o.Id || c == o.EntityOrId));
                    }
                    else
                    {
                        infeasibleSeen++;
                        Assert.Equal(Selection.Infeasible, s.Status);
                        Assert.Empty(s.Inspectors);
                        Assert.True(allowed.Count < 2, $"{s.Object} declared infeasible with {allowed.Count} allowed inspectors");
                        Assert.NotEmpty(s.Reason);
                    }
                }

                Assert.Equal("verified", DrawVerifier.Verify(record).ToString());
            }
        }

        Assert.True(infeasibleSeen > 0 && assignedSeen > 0, $"the generator must exercise both outcomes ({assignedSeen}, {infeasibleSeen})");
    }

    [Fact]
    public void Assignments_ManyObjects_LoadIsBalanced()
    {
        var objects = Enumerable.Range(0, 30).Select(i => new PoolObject($"S:{i}", "section", "high", "住建局", "")).ToList();
        var inspectors = Enumerable.Range(0, 6).Select(i => new PoolInspector($"I:{i}", "住建局", [], [])).ToList();
        var result = DrawAlgorithm.Run(new DrawPool(objects, inspectors, []), DrawFixtures.Ratios(("high", 1m)), [42]);

        var loads = result.Selections.SelectMany(s => s.Inspectors).GroupBy(i => i).Select(g => g.Count()).ToList();
        Assert.Equal(6, loads.Count);
        Assert.All(loads, l => Assert.Equal(10, l));
    }

    private static bool Allowed(PoolInspector i, PoolObject o, IReadOnlyList<PastPair> history) =>
        i.Active
        && string.CompareOrdinal(i.CertificateValidUntil, "2026-03-10") >= 0
        && (i.Department == o.Department || i.Department == DrawFixtures.Joint)
        && i.Specialties.Contains(o.Category)
        && !i.Conflicts.Contains(o.Id) && !i.Conflicts.Contains(o.EntityOrId)
        && !history.Any(h => h.Inspector == i.Id && h.Entity == o.EntityOrId && string.CompareOrdinal(h.Date, "2025-03-10") > 0);
}
