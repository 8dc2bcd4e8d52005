using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jianguan.Features.Sampling.Draw;

/// <summary>The outcome of verifying a draw record: <see cref="Mismatch"/> is null when it verified.</summary>
public sealed record DrawVerification(string? Mismatch)
{
    public bool Verified => Mismatch is null;

    public override string ToString() => Mismatch is null ? "verified" : "mismatch: " + Mismatch;
}

/// <summary>
/// Recomputes a draw record from its inputs (pool, parameters, server seed, public input) and compares it with
/// the file: the commitment hashes first (naming the altered part), then the seed, then the whole document
/// member by member, so any altered, added or removed field fails.
/// </summary>
public static class DrawVerifier
{
    public static DrawVerification Verify(string json, string? publishedCommitment = null)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            return new DrawVerification($"file (不是有效的 JSON / not valid JSON: {e.Message})");
        }

        return Verify(node, publishedCommitment);
    }

    public static DrawVerification Verify(JsonNode? node, string? publishedCommitment = null)
    {
        try
        {
            return new DrawVerification(Check(node, publishedCommitment));
        }
        catch (DrawFormatException e)
        {
            return new DrawVerification(e.Message);
        }
        catch (DrawInputException e)
        {
            return new DrawVerification($"parameters ({e.Message})");
        }
    }

    private static string? Check(JsonNode? node, string? publishedCommitment)
    {
        var record = DrawJsonReader.Object(node, "record");
        if (DrawJsonReader.Str(record, "format", "") != DrawRecord.Format)
        {
            return "format";
        }

        if (DrawJsonReader.Str(record, "algorithm", "") != DrawAlgorithm.Version)
        {
            return $"algorithm (本程序实现 / this program implements {DrawAlgorithm.Version})";
        }

        var commitment = DrawJsonReader.Object(record["commitment"], "commitment");
        var poolNode = record["pool"];
        var parametersNode = record["parameters"];
        if (CanonicalJson.Sha256Hex(poolNode) != DrawJsonReader.Str(commitment, "poolHash", "commitment"))
        {
            return "pool (对象库或人员库快照与承诺的哈希不符 / the pool snapshot does not hash to commitment.poolHash)";
        }

        if (CanonicalJson.Sha256Hex(parametersNode) != DrawJsonReader.Str(commitment, "parametersHash", "commitment"))
        {
            return "parameters (抽取参数与承诺的哈希不符 / the parameters do not hash to commitment.parametersHash)";
        }

        var serverSeed = DrawJsonReader.HexBytes(record, "serverSeed");
        if (CanonicalJson.Hex(SHA256.HashData(serverSeed)) != DrawJsonReader.Str(commitment, "serverSeedHash", "commitment"))
        {
            return "serverSeed (服务器种子与承诺的哈希不符 / the server seed does not hash to commitment.serverSeedHash)";
        }

        var expected = DrawRecord.Commit(poolNode, parametersNode, DrawJsonReader.Str(commitment, "serverSeedHash", "commitment"));
        if (expected.Value != DrawJsonReader.Str(commitment, "value", "commitment"))
        {
            return "commitment (承诺值与各哈希不符 / commitment.value is not the hash of its parts)";
        }

        if (publishedCommitment is not null && !string.Equals(publishedCommitment.Trim(), expected.Value, StringComparison.OrdinalIgnoreCase))
        {
            return "commitment (与事先公布的承诺值不同 / not the commitment published before the draw)";
        }

        var publicInput = DrawJsonReader.Str(record, "publicInput", "");
        var seed = DrawRecord.DeriveSeed(serverSeed, expected.Value, publicInput);
        if (CanonicalJson.Hex(seed) != DrawJsonReader.Str(record, "seed", ""))
        {
            return "seed (种子不是由服务器种子、承诺值与公开随机输入导出的 / seed ≠ HMAC-SHA-256(serverSeed, commitment ‖ publicInput): the seed or the public input was altered)";
        }

        var pool = DrawJsonReader.ReadPool(poolNode);
        var parameters = DrawJsonReader.ReadParameters(parametersNode);
        var rebuilt = DrawRecord.Build(pool, parameters, serverSeed, publicInput);
        return FirstDifference(rebuilt, record, "");
    }

    /// <summary>The JSON path of the first difference between the recomputed and the given record, or null.</summary>
    internal static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject e:
                if (actual is not JsonObject a)
                {
                    return Name(path);
                }

                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        return Join(path, key) + " (缺失 / missing)";
                    }

                    if (FirstDifference(value, a[key], Join(path, key)) is { } diff)
                    {
                        return diff;
                    }
                }

                var extra = a.Select(p => p.Key).FirstOrDefault(k => !e.ContainsKey(k));
                return extra is null ? null : Join(path, extra) + " (多余 / unexpected)";
            case JsonArray e:
                if (actual is not JsonArray array)
                {
                    return Name(path);
                }

                for (var i = 0; i < Math.Min(e.Count, array.Count); i++)
                {
                    if (FirstDifference(e[i], array[i], $"{path}[{i}]") is { } diff)
                    {
                        return diff;
                    }
                }

                return e.Count == array.Count ? null : $"{Name(path)} (应有 {e.Count} 项，实有 {array.Count} 项 / expected {e.Count} items, found {array.Count})";
            default:
                return CanonicalJson.SerializeToString(expected) == SafeCanonical(actual) ? null : Name(path);
        }
    }

    private static string? SafeCanonical(JsonNode? node)
    {
        try
        {
            return CanonicalJson.SerializeToString(node);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Name(string path) => path.Length == 0 ? "record" : path;
}

/// <summary>A record member that is missing or of the wrong type; the message is the member's path.</summary>
public sealed class DrawFormatException(string message) : Exception(message);

/// <summary>Strict readers for draw-record JSON: anything unexpected is a <see cref="DrawFormatException"/> naming the member.</summary>
public static class DrawJsonReader
{
    public static JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw new DrawFormatException($"{path} (缺失或不是对象 / missing or not an object)");

    public static IEnumerable<JsonObject> Objects(JsonObject o, string key, string path) =>
        (o[key] as JsonArray ?? throw Bad(path, key)).Select(n => Object(n, $"{path}.{key}[]"));

    public static string Str(JsonObject o, string key, string path) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Bad(path, key);

    public static int Int(JsonObject o, string key, string path) =>
        o[key] is JsonValue v && v.TryGetValue<int>(out var n) ? n
        : o[key] is JsonValue w && w.GetValueKind() == JsonValueKind.Number && int.TryParse(w.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var m) ? m
        : throw Bad(path, key);

    public static int? NullableInt(JsonObject o, string key, string path) =>
        o.ContainsKey(key) && o[key] is null ? null : Int(o, key, path);

    public static bool Bool(JsonObject o, string key, string path) =>
        o[key] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : throw Bad(path, key);

    public static IReadOnlyList<string> StrList(JsonObject o, string key, string path) =>
        o[key] is JsonArray a
            ? [.. a.Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Bad(path, key))]
            : throw Bad(path, key);

    public static byte[] HexBytes(JsonObject o, string key)
    {
        var text = Str(o, key, "");
        try
        {
            return text.Length == 0 ? throw Bad("", key) : Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw Bad("", key);
        }
    }

    public static DrawPool ReadPool(JsonNode? node)
    {
        var pool = Object(node, "pool");
        return new DrawPool(
            [.. Objects(pool, "objects", "pool").Select(o => new PoolObject(
                Str(o, "id", "pool.objects"), Str(o, "kind", "pool.objects"), Str(o, "grade", "pool.objects"),
                Str(o, "department", "pool.objects"), Str(o, "category", "pool.objects"), Str(o, "region", "pool.objects"),
                Str(o, "entity", "pool.objects"), Str(o, "name", "pool.objects")))],
            [.. Objects(pool, "inspectors", "pool").Select(i => new PoolInspector(
                Str(i, "id", "pool.inspectors"), Str(i, "department", "pool.inspectors"), StrList(i, "specialties", "pool.inspectors"),
                StrList(i, "conflicts", "pool.inspectors"), Str(i, "name", "pool.inspectors"), Bool(i, "active", "pool.inspectors"),
                Str(i, "certificateValidUntil", "pool.inspectors")))],
            [.. Objects(pool, "history", "pool").Select(h => new PastPair(
                Str(h, "inspector", "pool.history"), Str(h, "entity", "pool.history"), Str(h, "date", "pool.history")))]);
    }

    public static DrawParameters ReadParameters(JsonNode? node)
    {
        var p = Object(node, "parameters");
        var filters = Object(p["filters"], "parameters.filters");
        return new DrawParameters(
            Str(p, "title", "parameters"), Str(p, "reference", "parameters"), Str(p, "drawDate", "parameters"),
            [.. Objects(p, "grades", "parameters").Select(g => new GradeRule(
                Str(g, "grade", "parameters.grades"),
                g["ratio"] is null ? null : Decimals.TryParse(Str(g, "ratio", "parameters.grades"), out var r) ? r : throw Bad("parameters.grades", "ratio"),
                NullableInt(g, "count", "parameters.grades")))],
            new DrawFilters(StrList(filters, "kinds", "parameters.filters"), StrList(filters, "categories", "parameters.filters"),
                StrList(filters, "departments", "parameters.filters"), StrList(filters, "regions", "parameters.filters")),
            Int(p, "minInspectors", "parameters"), StrList(p, "jointDepartments", "parameters"), Int(p, "lookbackMonths", "parameters"));
    }

    private static DrawFormatException Bad(string path, string key) =>
        new($"{(path.Length == 0 ? key : path + "." + key)} (缺失或格式不对 / missing or malformed)");
}
