using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jianguan.Features.Sampling.Draw;

/// <summary>The values published before the draw (承诺值). <see cref="Value"/> binds the other three and the algorithm.</summary>
public sealed record DrawCommitment(string PoolHash, string ParametersHash, string ServerSeedHash, string Value);

/// <summary>
/// The draw record (抽取记录): a JSON document holding everything needed to recompute the draw.
/// <code>
/// { "format": "jianguan-draw-record", "algorithm": "jianguan-draw/1",
///   "pool": {...}, "parameters": {...},
///   "commitment": { "poolHash", "parametersHash", "serverSeedHash", "value" },
///   "publicInput": "…", "serverSeed": "hex", "seed": "hex",
///   "result": { "eligible", "strata", "selections", "exclusions" } }
/// </code>
/// poolHash = SHA-256(canonical(pool)), parametersHash = SHA-256(canonical(parameters)),
/// serverSeedHash = SHA-256(server seed bytes), value = SHA-256(canonical({algorithm, parametersHash, poolHash,
/// serverSeedHash})), all lower-case hex (canonical form: <see cref="CanonicalJson"/>).
/// seed = HMAC-SHA-256(key = server seed, message = UTF-8("jianguan-draw/1\n" + value + "\n" + publicInput)):
/// the operators cannot predict it before the public input is read out, and cannot change it afterwards
/// without the server seed no longer matching its published hash.
/// </summary>
public static class DrawRecord
{
    public const string Format = "jianguan-draw-record";

    public static readonly JsonSerializerOptions FileOptions = new()
    {
        WriteIndented = true,
        // Chinese names stay readable in the exported file; the hashes never depend on this layout.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] NewServerSeed() => RandomNumberGenerator.GetBytes(32);

    public static DrawCommitment Commit(DrawPool pool, DrawParameters parameters, ReadOnlySpan<byte> serverSeed) =>
        Commit(PoolJson(pool), ParametersJson(parameters), CanonicalJson.Hex(SHA256.HashData(serverSeed)));

    public static DrawCommitment Commit(JsonNode? pool, JsonNode? parameters, string serverSeedHash)
    {
        var poolHash = CanonicalJson.Sha256Hex(pool);
        var parametersHash = CanonicalJson.Sha256Hex(parameters);
        var value = CanonicalJson.Sha256Hex(new JsonObject
        {
            ["algorithm"] = DrawAlgorithm.Version,
            ["poolHash"] = poolHash,
            ["parametersHash"] = parametersHash,
            ["serverSeedHash"] = serverSeedHash,
        });
        return new DrawCommitment(poolHash, parametersHash, serverSeedHash, value);
    }

    public static byte[] DeriveSeed(ReadOnlySpan<byte> serverSeed, string commitmentValue, string publicInput) =>
        HMACSHA256.HashData(serverSeed, Encoding.UTF8.GetBytes($"{DrawAlgorithm.Version}\n{commitmentValue}\n{publicInput}"));

    /// <summary>Runs the draw and returns its complete record.</summary>
    public static JsonObject Build(DrawPool pool, DrawParameters parameters, ReadOnlySpan<byte> serverSeed, string publicInput)
    {
        ArgumentNullException.ThrowIfNull(publicInput);
        if (publicInput.Trim().Length == 0)
        {
            throw new DrawInputException("公开随机输入不能为空 / the public random input cannot be empty");
        }

        if (serverSeed.Length < 16)
        {
            throw new DrawInputException("服务器种子至少 16 字节 / the server seed must be at least 16 bytes");
        }

        DrawAlgorithm.Validate(pool, parameters);
        // The draw runs on the snapshot read back, so that a verifier holding only the record runs it on the same
        // input, in the same order, as the platform did.
        var poolJson = PoolJson(pool);
        var parametersJson = ParametersJson(parameters);
        var commitment = Commit(poolJson, parametersJson, CanonicalJson.Hex(SHA256.HashData(serverSeed)));
        var seed = DeriveSeed(serverSeed, commitment.Value, publicInput);
        var result = DrawAlgorithm.Run(DrawJsonReader.ReadPool(poolJson), DrawJsonReader.ReadParameters(parametersJson), seed);
        return new JsonObject
        {
            ["format"] = Format,
            ["algorithm"] = DrawAlgorithm.Version,
            ["pool"] = poolJson,
            ["parameters"] = parametersJson,
            ["commitment"] = CommitmentJson(commitment),
            ["publicInput"] = publicInput,
            ["serverSeed"] = CanonicalJson.Hex(serverSeed),
            ["seed"] = CanonicalJson.Hex(seed),
            ["result"] = ResultJson(result),
        };
    }

    public static string ToFileText(JsonObject record) => record.ToJsonString(FileOptions) + "\n";

    public static JsonObject CommitmentJson(DrawCommitment c) => new()
    {
        ["poolHash"] = c.PoolHash,
        ["parametersHash"] = c.ParametersHash,
        ["serverSeedHash"] = c.ServerSeedHash,
        ["value"] = c.Value,
    };

    /// <summary>The pool snapshot: objects and inspectors sorted by id, their lists sorted, history sorted.</summary>
    public static JsonObject PoolJson(DrawPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new JsonObject
        {
            ["objects"] = Array(pool.Objects.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => new JsonObject
            {
                ["id"] = o.Id,
                ["kind"] = o.Kind,
                ["grade"] = o.Grade,
                ["department"] = o.Department,
                ["category"] = o.Category,
                ["region"] = o.Region,
                ["entity"] = o.Entity,
                ["name"] = o.Name,
            })),
            ["inspectors"] = Array(pool.Inspectors.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => new JsonObject
            {
                ["id"] = i.Id,
                ["name"] = i.Name,
                ["department"] = i.Department,
                ["specialties"] = Strings(i.Specialties.Order(StringComparer.Ordinal)),
                ["conflicts"] = Strings(i.Conflicts.Order(StringComparer.Ordinal)),
                ["active"] = i.Active,
                ["certificateValidUntil"] = i.CertificateValidUntil,
            })),
            ["history"] = Array(pool.History
                .OrderBy(h => h.Inspector, StringComparer.Ordinal).ThenBy(h => h.Entity, StringComparer.Ordinal).ThenBy(h => h.Date, StringComparer.Ordinal)
                .Select(h => new JsonObject { ["inspector"] = h.Inspector, ["entity"] = h.Entity, ["date"] = h.Date })),
        };
    }

    public static JsonObject ParametersJson(DrawParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new JsonObject
        {
            ["title"] = p.Title,
            ["reference"] = p.Reference,
            ["drawDate"] = p.DrawDate,
            ["grades"] = Array(p.Grades.OrderBy(g => g.Grade, StringComparer.Ordinal).Select(g => new JsonObject
            {
                ["grade"] = g.Grade,
                ["ratio"] = g.Ratio is { } r ? Decimals.Format(r) : null,
                ["count"] = g.Count,
            })),
            ["filters"] = new JsonObject
            {
                ["kinds"] = Strings(p.Filters.Kinds.Order(StringComparer.Ordinal)),
                ["categories"] = Strings(p.Filters.Categories.Order(StringComparer.Ordinal)),
                ["departments"] = Strings(p.Filters.Departments.Order(StringComparer.Ordinal)),
                ["regions"] = Strings(p.Filters.Regions.Order(StringComparer.Ordinal)),
            },
            ["minInspectors"] = p.MinInspectors,
            ["jointDepartments"] = Strings(p.JointDepartments.Order(StringComparer.Ordinal)),
            ["lookbackMonths"] = p.LookbackMonths,
        };
    }

    public static JsonObject ResultJson(DrawResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new JsonObject
        {
            ["eligible"] = r.Eligible,
            ["strata"] = Array(r.Strata.Select(s => new JsonObject
            {
                ["grade"] = s.Grade,
                ["population"] = s.Population,
                ["ratio"] = s.Ratio,
                ["count"] = s.Count,
                ["expected"] = s.Expected,
                ["drawn"] = s.Drawn,
            })),
            ["selections"] = Array(r.Selections.Select(s => new JsonObject
            {
                ["order"] = s.Order,
                ["object"] = s.Object,
                ["grade"] = s.Grade,
                ["status"] = s.Status,
                ["inspectors"] = Strings(s.Inspectors),
                ["reason"] = s.Reason,
            })),
            ["exclusions"] = Array(r.Exclusions.Select(e => new JsonObject
            {
                ["object"] = e.Object,
                ["inspector"] = e.Inspector,
                ["reason"] = e.Reason,
                ["detail"] = e.Detail,
            })),
        };
    }

    /// <summary>Reads a draw result back (for storing an exported or simulated draw's selections).</summary>
    public static DrawResult ReadResult(JsonNode? node)
    {
        var o = DrawJsonReader.Object(node, "result");
        return new DrawResult(
            DrawJsonReader.Int(o, "eligible", "result"),
            [.. DrawJsonReader.Objects(o, "strata", "result").Select(s => new StratumResult(
                DrawJsonReader.Str(s, "grade", "strata"), DrawJsonReader.Int(s, "population", "strata"), DrawJsonReader.Str(s, "ratio", "strata"),
                DrawJsonReader.NullableInt(s, "count", "strata"), DrawJsonReader.Str(s, "expected", "strata"), DrawJsonReader.Int(s, "drawn", "strata")))],
            [.. DrawJsonReader.Objects(o, "selections", "result").Select(s => new Selection(
                DrawJsonReader.Int(s, "order", "selections"), DrawJsonReader.Str(s, "object", "selections"), DrawJsonReader.Str(s, "grade", "selections"),
                DrawJsonReader.Str(s, "status", "selections"), DrawJsonReader.StrList(s, "inspectors", "selections"), DrawJsonReader.Str(s, "reason", "selections")))],
            [.. DrawJsonReader.Objects(o, "exclusions", "result").Select(e => new Exclusion(
                DrawJsonReader.Str(e, "object", "exclusions"), DrawJsonReader.Str(e, "inspector", "exclusions"),
                DrawJsonReader.Str(e, "reason", "exclusions"), DrawJsonReader.Str(e, "detail", "exclusions")))]);
    }

    private static JsonArray Array(IEnumerable<JsonNode> items) => [.. items];

    private static JsonArray Strings(IEnumerable<string> items) => [.. items.Select(s => (JsonNode)JsonValue.Create(s))];
}
