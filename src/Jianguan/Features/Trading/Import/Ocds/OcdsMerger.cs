using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jianguan.Features.Trading.Import.Ocds;

/// <summary>
/// The OCDS merge routine (https://standard.open-contracting.org/latest/en/schema/merging/): all releases of one
/// contracting process, in date order, become one compiled release (the latest value of every field) or one
/// versioned release (every value with the release that set it). Objects merge field by field; arrays of objects
/// merge by their <c>id</c>; arrays of strings, arrays marked <c>wholeListMerge</c> and arrays of objects without
/// <c>id</c> in the schema are replaced whole; a null removes the field; an empty object or array changes nothing.
/// The output matches the reference implementation (ocds-merge, used by ocdskit) on its own fixtures, with one
/// deliberate difference: a null over an object or array removes it, as the standard says, where the reference
/// implementation keeps the old fields.
/// </summary>
public static class OcdsMerger
{
    /// <summary>Compiles releases of one ocid. <paramref name="version"/> "1.0" or "1.1"; null infers it.</summary>
    public static JsonObject Compile(IEnumerable<JsonObject> releases, string? version = null)
    {
        var list = releases.ToList();
        var rules = version is null ? InferRules(list) : OcdsMergeRules.For(version);
        var root = new MObject();
        root.Set("tag", new MLeaf(new JsonArray("compiled")));
        foreach (var release in SortByDate(list))
        {
            var ocid = release["ocid"];
            var date = release["date"];
            var id = ocid is null ? null : Text(ocid) + "-" + (date is null ? "None" : Text(date));
            root.Set("id", new MLeaf(id is null ? null : JsonValue.Create(id)));
            root.Set("date", new MLeaf(date?.DeepClone()));

            // Set even under 1.0, whose schema wrongly marks `ocid` as omitted when merged.
            root.Set("ocid", new MLeaf(ocid?.DeepClone()));
            var context = new MergeContext(rules, Versioned: false, null);
            MergeObject(root, release, string.Empty, context, skipTag: true);
        }

        return ToCompiled(root);
    }

    /// <summary>Builds the versioned release of one ocid: each field is the list of its successive values.</summary>
    public static JsonObject Versioned(IEnumerable<JsonObject> releases, string? version = null)
    {
        var list = releases.ToList();
        var rules = version is null ? InferRules(list) : OcdsMergeRules.For(version);
        var root = new MObject();
        foreach (var release in SortByDate(list))
        {
            // The ocid identifies the process: it is not versioned.
            root.Set("ocid", new MLeaf(release["ocid"]?.DeepClone()));
            var stamp = new VersionStamp(release["id"], release["date"], release["tag"]);
            var context = new MergeContext(rules, Versioned: true, stamp);
            MergeObject(root, release, string.Empty, context, skipTag: true, skipOcid: true);
        }

        return ToVersioned(root);
    }

    /// <summary>
    /// Rebuilds a compiled release from a versioned one (the last value of every field), for records that carry
    /// only a versionedRelease.
    /// </summary>
    public static JsonObject CompiledFromVersioned(JsonObject versioned)
    {
        var result = new JsonObject();
        foreach (var (name, value) in versioned)
        {
            var latest = Latest(value);
            if (latest is not null)
            {
                result[name] = latest;
            }
        }

        return result;
    }

    internal static OcdsMergeRules InferRules(IReadOnlyList<JsonObject> releases)
    {
        foreach (var release in releases)
        {
            if (release["version"] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                return OcdsMergeRules.For(v.GetValue<string>());
            }
        }

        // Parties arrived with 1.1; releases without them are 1.0 in shape, and 1.0 replaces organisation lists.
        return releases.Any(r => r.ContainsKey("parties")) ? OcdsMergeRules.V11 : OcdsMergeRules.V10;
    }

    private static JsonNode? Latest(JsonNode? value)
    {
        switch (value)
        {
            case JsonArray history when history.Count > 0 && history.All(IsVersionEntry):
                return history[^1]!["value"]?.DeepClone();
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(item is JsonObject o ? CompiledFromVersioned(o) : item?.DeepClone());
                }

                return items;
            case JsonObject obj:
                return CompiledFromVersioned(obj);
            default:
                return value?.DeepClone();
        }

        static bool IsVersionEntry(JsonNode? node) =>
            node is JsonObject o && o.ContainsKey("value") && (o.ContainsKey("releaseDate") || o.ContainsKey("releaseID"));
    }

    /// <summary>Stable date order: by instant when every date parses, else by the raw text (as ocdskit does).</summary>
    private static List<JsonObject> SortByDate(List<JsonObject> releases)
    {
        if (releases.Count < 2)
        {
            return releases;
        }

        var instants = releases.Select(r => OcdsValues.TryParseDate(r["date"], out var d) ? d : (DateTimeOffset?)null).ToList();
        if (instants.All(d => d is not null))
        {
            return [.. releases.Select((r, i) => (r, i)).OrderBy(x => instants[x.i]!.Value).Select(x => x.r)];
        }

        return [.. releases.OrderBy(r => r["date"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>() : string.Empty, StringComparer.Ordinal)];
    }

    private static void MergeObject(
        MObject target, JsonObject source, string rulePath, MergeContext context, bool skipTag = false, bool skipOcid = false)
    {
        foreach (var (name, value) in source)
        {
            if ((skipTag && name == "tag") || (skipOcid && name == "ocid"))
            {
                continue;
            }

            var path = rulePath.Length == 0 ? name : rulePath + OcdsMergeRules.Separator + name;
            var rule = context.Rules.Get(path);
            if (rule == MergeRule.Omit)
            {
                continue;
            }

            if (value is null or JsonValue || rule == MergeRule.WholeList
                || (value is JsonArray values && values.Any(item => item is not JsonObject)))
            {
                SetValue(target, name, value, context);
            }
            else if (value is JsonObject obj)
            {
                if (obj.Count == 0)
                {
                    continue;
                }

                if (target.Get(name) is not MObject child)
                {
                    child = new MObject();
                    target.Set(name, child);
                }

                MergeObject(child, obj, path, context);
            }
            else if (value is JsonArray array && array.Count > 0)
            {
                if (target.Get(name) is not MArray child)
                {
                    child = new MArray();
                    target.Set(name, child);
                }

                foreach (var item in array)
                {
                    var element = (JsonObject)item!;
                    var entry = child.Find(element["id"]);
                    MergeObject(entry.Body, element, path, context);
                }
            }
        }
    }

    private static void SetValue(MObject target, string name, JsonNode? value, MergeContext context)
    {
        if (!context.Versioned)
        {
            target.Set(name, new MLeaf(value?.DeepClone()));
            return;
        }

        var existing = target.Get(name);
        if (existing is MLeaf leaf)
        {
            leaf.AddVersion(context.Stamp!, value);
        }
        else if (existing is not null && value is null)
        {
            // A null over an object or array ends every field beneath it.
            existing.EndVersions(context.Stamp!);
        }
        else
        {
            var created = new MLeaf(null);
            created.AddVersion(context.Stamp!, value);
            target.Set(name, created);
        }
    }

    private static JsonObject ToCompiled(MObject node)
    {
        var result = new JsonObject();
        foreach (var (name, child) in node.Children)
        {
            switch (child)
            {
                case MLeaf leaf when leaf.Value is not null:
                    result[name] = leaf.Value.DeepClone();
                    break;
                case MObject obj:
                    result[name] = ToCompiled(obj);
                    break;
                case MArray array:
                    result[name] = RenderArray(array, ToCompiled);
                    break;
            }
        }

        return result;
    }

    private static JsonObject ToVersioned(MObject node)
    {
        var result = new JsonObject();
        foreach (var (name, child) in node.Children)
        {
            switch (child)
            {
                case MLeaf { Versions: null } leaf:
                    // Unversioned fields (the ocid).
                    if (leaf.Value is not null)
                    {
                        result[name] = leaf.Value.DeepClone();
                    }

                    break;
                case MLeaf leaf:
                    result[name] = new JsonArray([.. leaf.Versions.Select(v => (JsonNode)v.DeepClone())]);
                    break;
                case MObject obj:
                    result[name] = ToVersioned(obj);
                    break;
                case MArray array:
                    result[name] = RenderArray(array, ToVersioned);
                    break;
            }
        }

        return result;
    }

    /// <summary>An array of objects, each led by its original id (which merging keyed on) and then its body.</summary>
    private static JsonArray RenderArray(MArray array, Func<MObject, JsonObject> render)
    {
        var items = new JsonArray();
        foreach (var entry in array.Entries)
        {
            var item = new JsonObject();
            if (entry.OriginalId is not null)
            {
                item["id"] = entry.OriginalId.DeepClone();
            }

            var body = render(entry.Body);
            foreach (var key in body.Select(p => p.Key).ToList())
            {
                var value = body[key];
                body.Remove(key);
                if (entry.OriginalId is null || key != "id")
                {
                    item[key] = value;
                }
            }

            items.Add(item);
        }

        return items;
    }

    private static string Text(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();

    private sealed record MergeContext(OcdsMergeRules Rules, bool Versioned, VersionStamp? Stamp);

    private sealed record VersionStamp(JsonNode? ReleaseId, JsonNode? ReleaseDate, JsonNode? ReleaseTag);

    private abstract class MNode
    {
        public abstract void EndVersions(VersionStamp stamp);
    }

    private sealed class MObject : MNode
    {
        public OrderedDictionary<string, MNode> Children { get; } = new(StringComparer.Ordinal);

        public MNode? Get(string name) => Children.GetValueOrDefault(name);

        /// <summary>Replaces in place, so a field keeps the position where it first appeared.</summary>
        public void Set(string name, MNode node) => Children[name] = node;

        public override void EndVersions(VersionStamp stamp)
        {
            foreach (var child in Children.Values)
            {
                child.EndVersions(stamp);
            }
        }
    }

    private sealed class MArray : MNode
    {
        private readonly Dictionary<string, MEntry> byId = new(StringComparer.Ordinal);

        public List<MEntry> Entries { get; } = [];

        /// <summary>The entry with this `id`, or a new one; objects without a usable `id` are always new.</summary>
        public MEntry Find(JsonNode? id)
        {
            var key = IdentityOf(id);
            if (key is not null && byId.TryGetValue(key, out var found))
            {
                return found;
            }

            var entry = new MEntry(key is null ? null : id!.DeepClone());
            Entries.Add(entry);
            if (key is not null)
            {
                byId[key] = entry;
            }

            return entry;
        }

        public override void EndVersions(VersionStamp stamp)
        {
            foreach (var entry in Entries)
            {
                entry.Body.EndVersions(stamp);
            }
        }

        private static string? IdentityOf(JsonNode? id)
        {
            if (id is not JsonValue value)
            {
                return null;
            }

            return value.GetValueKind() switch
            {
                JsonValueKind.String => "s:" + value.GetValue<string>(),
                JsonValueKind.Number => "n:" + (value.TryGetValue<decimal>(out var d)
                    ? d.ToString("G29", CultureInfo.InvariantCulture)
                    : value.ToJsonString()),
                JsonValueKind.True => "b:true",
                JsonValueKind.False => "b:false",
                _ => null,
            };
        }
    }

    private sealed class MEntry(JsonNode? originalId)
    {
        public JsonNode? OriginalId { get; } = originalId;

        public MObject Body { get; } = new();
    }

    private sealed class MLeaf(JsonNode? value) : MNode
    {
        public JsonNode? Value { get; } = value;

        public List<JsonObject>? Versions { get; private set; }

        public void AddVersion(VersionStamp stamp, JsonNode? value)
        {
            Versions ??= [];
            if (Versions.Count > 0 && OcdsValues.JsonEquals(Versions[^1]["value"], value))
            {
                return;
            }

            Versions.Add(new JsonObject
            {
                ["releaseID"] = stamp.ReleaseId?.DeepClone(),
                ["releaseDate"] = stamp.ReleaseDate?.DeepClone(),
                ["releaseTag"] = stamp.ReleaseTag?.DeepClone(),
                ["value"] = value?.DeepClone(),
            });
        }

        public override void EndVersions(VersionStamp stamp)
        {
            if (Versions is not null)
            {
                AddVersion(stamp, null);
            }
        }
    }
}
