using System.Text.Json.Nodes;

namespace Jianguan.Features.Trading.Import.Ocds;

/// <summary>How one JSON path (array indexes removed) is merged when releases are compiled.</summary>
internal enum MergeRule
{
    /// <summary>Objects are merged field by field; arrays of objects by their <c>id</c> (identifier merge).</summary>
    Default,

    /// <summary>The field never reaches the compiled or versioned release (<c>omitWhenMerged</c>).</summary>
    Omit,

    /// <summary>The latest value replaces the whole array (<c>wholeListMerge</c>).</summary>
    WholeList,
}

/// <summary>
/// The merge rules of one OCDS version: a map from a field path ("tender/items/additionalClassifications") to its
/// rule. Paths not listed merge by default. See https://standard.open-contracting.org/latest/en/schema/merging/.
/// </summary>
internal sealed class OcdsMergeRules
{
    internal const char Separator = '/';

    private static readonly Lazy<OcdsMergeRules> V11Rules = new(LoadV11);

    private readonly Dictionary<string, MergeRule> rules;

    private OcdsMergeRules(string version, Dictionary<string, MergeRule> rules)
    {
        Version = version;
        this.rules = rules;
    }

    public string Version { get; }

    /// <summary>
    /// OCDS 1.0: the `mergeStrategy` values of the 1.0.3 release schema. `ocdsOmit` marks the release metadata;
    /// `ocdsVersion` on an array means whole-list merge. Organizations had no `id` in 1.0, so tenderers and
    /// suppliers are replaced as a whole rather than merged by identifier.
    /// </summary>
    public static OcdsMergeRules V10 { get; } = new("1.0", new Dictionary<string, MergeRule>(StringComparer.Ordinal)
    {
        ["ocid"] = MergeRule.Omit,
        ["id"] = MergeRule.Omit,
        ["date"] = MergeRule.Omit,
        ["tag"] = MergeRule.Omit,
        ["buyer/additionalIdentifiers"] = MergeRule.WholeList,
        ["tender/submissionMethod"] = MergeRule.WholeList,
        ["tender/tenderers"] = MergeRule.WholeList,
        ["tender/procuringEntity/additionalIdentifiers"] = MergeRule.WholeList,
        ["tender/items/additionalClassifications"] = MergeRule.WholeList,
        ["tender/amendment/changes"] = MergeRule.WholeList,
        ["awards/suppliers"] = MergeRule.WholeList,
        ["awards/items/additionalClassifications"] = MergeRule.WholeList,
        ["awards/amendment/changes"] = MergeRule.WholeList,
        ["contracts/items/additionalClassifications"] = MergeRule.WholeList,
        ["contracts/amendment/changes"] = MergeRule.WholeList,
    });

    /// <summary>OCDS 1.1: derived from the embedded 1.1.5 release schema patched with the bids extension.</summary>
    public static OcdsMergeRules V11 => V11Rules.Value;

    /// <summary>The rules for a version string as packages write it ("1.0", "1.1", "1.1.5"); null means 1.1.</summary>
    public static OcdsMergeRules For(string? version) =>
        version is not null && (version == "1.0" || version.StartsWith("1.0.", StringComparison.Ordinal)) ? V10 : V11;

    public MergeRule Get(string path) => rules.GetValueOrDefault(path, MergeRule.Default);

    internal int Count => rules.Count;

    /// <summary>Derives the rules from a release schema, following the reference implementation's reading of it.</summary>
    internal static OcdsMergeRules FromSchema(string version, JsonObject schema)
    {
        var definitions = schema["definitions"] as JsonObject ?? [];
        var result = new Dictionary<string, MergeRule>(StringComparer.Ordinal);
        if (schema["properties"] is JsonObject properties)
        {
            Walk(properties, string.Empty, definitions, result, depth: 0);
        }

        return new OcdsMergeRules(version, result);
    }

    private static void Walk(
        JsonObject properties, string prefix, JsonObject definitions, Dictionary<string, MergeRule> result, int depth)
    {
        // The OCDS schemas are not recursive; the limit only guards against a malformed schema.
        if (depth > 32)
        {
            return;
        }

        foreach (var (name, raw) in properties)
        {
            if (Resolve(raw, definitions) is not JsonObject value)
            {
                continue;
            }

            var path = prefix.Length == 0 ? name : prefix + Separator + name;
            var types = Types(value);
            var strategy = (value["mergeStrategy"] as JsonValue)?.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? value["mergeStrategy"]!.GetValue<string>()
                : null;

            if (IsTrue(value["omitWhenMerged"]) || strategy == "ocdsOmit")
            {
                result[path] = MergeRule.Omit;
            }
            else if (types.Contains("array") && (IsTrue(value["wholeListMerge"]) || strategy == "ocdsVersion"))
            {
                result[path] = MergeRule.WholeList;
            }
            else if (types.Contains("object") && value["properties"] is JsonObject nested)
            {
                Walk(nested, path, definitions, result, depth + 1);
            }
            else if (types.Contains("array") && Resolve(value["items"], definitions) is JsonObject items)
            {
                var itemTypes = Types(items);
                if (itemTypes.Any(t => t != "object"))
                {
                    result[path] = MergeRule.WholeList;
                }
                else if (itemTypes.Contains("object") && items["properties"] is JsonObject itemProperties)
                {
                    if (itemProperties.ContainsKey("id"))
                    {
                        Walk(itemProperties, path, definitions, result, depth + 1);
                    }
                    else
                    {
                        result[path] = MergeRule.WholeList;
                    }
                }
            }
        }
    }

    private static JsonNode? Resolve(JsonNode? node, JsonObject definitions)
    {
        for (var hops = 0; hops < 16 && node is JsonObject obj && obj["$ref"] is JsonValue reference; hops++)
        {
            var target = reference.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? reference.GetValue<string>()
                : string.Empty;
            const string local = "#/definitions/";
            if (!target.StartsWith(local, StringComparison.Ordinal))
            {
                return node;
            }

            node = definitions[target[local.Length..]];
        }

        return node;
    }

    private static List<string> Types(JsonObject value) => value["type"] switch
    {
        JsonValue single when single.GetValueKind() == System.Text.Json.JsonValueKind.String => [single.GetValue<string>()],
        JsonArray many => [.. many.OfType<JsonValue>()
            .Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String)
            .Select(v => v.GetValue<string>())],
        _ => [],
    };

    private static bool IsTrue(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;

    private static OcdsMergeRules LoadV11()
    {
        var schema = LoadResource("release-schema-1.1.5.json");
        var bids = LoadResource("bids-extension-release-schema.json");
        MergePatch(schema, bids);
        return FromSchema("1.1", schema);
    }

    internal static JsonObject LoadResource(string name)
    {
        using var stream = typeof(OcdsMergeRules).Assembly.GetManifestResourceStream("ocds/" + name)
            ?? throw new InvalidOperationException("embedded OCDS schema missing: " + name);
        return JsonNode.Parse(stream)?.AsObject()
            ?? throw new InvalidOperationException("embedded OCDS schema is empty: " + name);
    }

    /// <summary>JSON Merge Patch (RFC 7386), which is how OCDS extensions patch the release schema.</summary>
    internal static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                MergePatch(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
