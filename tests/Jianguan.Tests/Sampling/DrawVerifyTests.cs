using System.Globalization;
using System.Text.Json.Nodes;
using Jianguan.Features.Sampling.Draw;

namespace Jianguan.Tests.Sampling;

public class DrawVerifyTests
{
    private static JsonObject SmallRecord()
    {
        var (pool, parameters) = DrawFixtures.Small();
        return DrawRecord.Build(pool, parameters, DrawFixtures.ServerSeed, "07 21 33 45");
    }

    [Fact]
    public void Verify_UntouchedRecord_Verified()
    {
        var record = SmallRecord();

        Assert.Equal("verified", DrawVerifier.Verify(DrawRecord.ToFileText(record)).ToString());
        Assert.True(DrawVerifier.Verify(record, record["commitment"]!["value"]!.ToString()).Verified);
    }

    /// <summary>Every leaf of the record altered on its own (string, number, boolean, null), every array shortened,
    /// every object given an extra member, every pair of array items swapped: each one fails verification.</summary>
    [Fact]
    public void Verify_EverySingleFieldAltered_Mismatch()
    {
        var original = SmallRecord();
        var mutations = Mutations(original, "").ToList();
        Assert.True(mutations.Count > 150, $"only {mutations.Count} mutations");

        foreach (var (path, mutate) in mutations)
        {
            var copy = (JsonObject)original.DeepClone();
            mutate(copy);
            var verification = DrawVerifier.Verify(copy);
            Assert.False(verification.Verified, $"altering {path} still verified");
            Assert.StartsWith("mismatch: ", verification.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("publicInput", "seed")]
    [InlineData("seed", "seed")]
    [InlineData("serverSeed", "serverSeed")]
    [InlineData("pool.objects[0].grade", "pool")]
    [InlineData("parameters.grades[0].ratio", "parameters")]
    [InlineData("commitment.value", "commitment")]
    [InlineData("result.selections[0].object", "result.selections[0].object")]
    [InlineData("algorithm", "algorithm")]
    public void Verify_AlteredField_NamesWhatIsWrong(string path, string named)
    {
        var record = SmallRecord();
        var (parent, key) = Locate(record, path);
        var value = parent[key]!.ToString();
        // Hex stays hex so that the check, not the parser, catches it.
        parent[key] = value.Length > 0 && char.IsAsciiHexDigit(value[0]) && value.All(char.IsAsciiHexDigit)
            ? (value[0] == '0' ? "1" : "0") + value[1..]
            : value + "x";

        var verification = DrawVerifier.Verify(record).ToString();

        Assert.StartsWith("mismatch: " + named, verification, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PoolAlteredAndHashesRecomputed_FailsAgainstPublishedCommitment()
    {
        var (pool, parameters) = DrawFixtures.Small();
        var published = DrawRecord.Commit(pool, parameters, DrawFixtures.ServerSeed).Value;
        // An operator who drops an object and redoes every hash has a self-consistent file …
        var forged = DrawRecord.Build(pool with { Objects = [.. pool.Objects.Skip(1)] }, parameters, DrawFixtures.ServerSeed, "07 21 33 45");
        Assert.True(DrawVerifier.Verify(forged).Verified);

        // … that no longer matches the commitment published before the draw.
        Assert.StartsWith("mismatch: commitment", DrawVerifier.Verify(forged, published).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NotJson_Mismatch()
    {
        Assert.StartsWith("mismatch: file", DrawVerifier.Verify("{not json").ToString(), StringComparison.Ordinal);
    }

    private static (JsonObject Parent, string Key) Locate(JsonObject record, string path)
    {
        JsonNode node = record;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            node = Step(node, part);
        }

        var last = parts[^1];
        if (last.EndsWith(']'))
        {
            throw new ArgumentException("paths end with a member name", nameof(path));
        }

        return ((JsonObject)node, last);
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[part]!;
        }

        var index = int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture);
        return node[part[..bracket]]![index]!;
    }

    private static IEnumerable<(string Path, Action<JsonObject> Mutate)> Mutations(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                yield return (path + ".+extra", r => ((JsonObject)Resolve(r, path)).Add("extra", "x"));
                foreach (var (key, value) in o)
                {
                    var child = path.Length == 0 ? key : path + "." + key;
                    if (value is null)
                    {
                        yield return (child, r => ((JsonObject)Resolve(r, path))[key] = 0);
                    }
                    else
                    {
                        foreach (var m in Mutations(value, child))
                        {
                            yield return m;
                        }
                    }

                    yield return (child + " (removed)", r => ((JsonObject)Resolve(r, path)).Remove(key));
                }

                break;
            case JsonArray a:
                if (a.Count > 0)
                {
                    yield return (path + " (shortened)", r => ((JsonArray)Resolve(r, path)).RemoveAt(a.Count - 1));
                }

                yield return (path + " (extended)", r => ((JsonArray)Resolve(r, path)).Add("x"));
                for (var i = 0; i < a.Count; i++)
                {
                    var index = i;
                    if (i + 1 < a.Count && a[i]!.ToJsonString() != a[i + 1]!.ToJsonString())
                    {
                        yield return ($"{path}[{i}]<->[{i + 1}]", r =>
                        {
                            var array = (JsonArray)Resolve(r, path);
                            var first = array[index]!.DeepClone();
                            array[index] = array[index + 1]!.DeepClone();
                            array[index + 1] = first;
                        }
                        );
                    }

                    if (a[i] is null)
                    {
                        yield return ($"{path}[{i}]", r => ((JsonArray)Resolve(r, path))[index] = 0);
                    }
                    else
                    {
                        foreach (var m in Mutations(a[i]!, $"{path}[{i}]"))
                        {
                            yield return m;
                        }
                    }
                }

                break;
            case JsonValue v:
                yield return (path, r => Replace(r, path, Altered(v)));
                break;
        }
    }

    private static JsonValue Altered(JsonValue v) => v.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => JsonValue.Create(v.GetValue<string>() + "x"),
        System.Text.Json.JsonValueKind.Number => JsonValue.Create(v.GetValue<int>() + 1),
        System.Text.Json.JsonValueKind.True => JsonValue.Create(false),
        System.Text.Json.JsonValueKind.False => JsonValue.Create(true),
        _ => JsonValue.Create("x"),
    };

    private static void Replace(JsonObject root, string path, JsonNode value)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        if (cut >= 0 && path[cut] == '[')
        {
            var index = int.Parse(path[(cut + 1)..^1], CultureInfo.InvariantCulture);
            ((JsonArray)Resolve(root, path[..cut]))[index] = value;
        }
        else
        {
            ((JsonObject)Resolve(root, cut < 0 ? "" : path[..cut]))[path[(cut + 1)..]] = value;
        }
    }

    private static JsonNode Resolve(JsonObject root, string path)
    {
        JsonNode node = root;
        if (path.Length == 0)
        {
            return node;
        }

        foreach (var part in SplitPath(path))
        {
            node = part.StartsWith('[') ? node[int.Parse(part[1..^1], CultureInfo.InvariantCulture)]! : node[part]!;
        }

        return node;
    }

    private static IEnumerable<string> SplitPath(string path)
    {
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                yield return path[i..(end + 1)];
                i = end + 1;
            }
            else
            {
                var end = path.IndexOfAny(['.', '['], i);
                end = end < 0 ? path.Length : end;
                yield return path[i..end];
                i = end;
            }
        }
    }
}
