using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jianguan.Tests.Ocds;

/// <summary>Loading the shared OCDS fixtures without the reader under test, and comparing JSON by meaning.</summary>
internal static class OcdsTestData
{
    public static string Fixture(string name) => SharedData.Path("ocds", "compile-fixtures", name);

    /// <summary>Every top-level JSON value of a file (one, or several for JSON Lines / concatenated packages).</summary>
    public static List<JsonNode> Values(string path, Encoding? encoding = null)
    {
        var bytes = File.ReadAllBytes(path);
        if (encoding is not null)
        {
            bytes = Encoding.UTF8.GetBytes(encoding.GetString(bytes));
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        var values = new List<JsonNode>();
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            values.Add(JsonNode.Parse(document.RootElement.GetRawText())!);
        }

        return values;
    }

    /// <summary>Releases of release packages, grouped by ocid in order of first appearance, with the package version.</summary>
    public static List<(string Ocid, List<JsonObject> Releases, string Version)> ReleasesByOcid(params string[] files)
    {
        var groups = new List<(string Ocid, List<JsonObject> Releases, string Version)>();
        foreach (var file in files)
        {
            foreach (var package in Values(Fixture(file)).Cast<JsonObject>())
            {
                var version = package["version"]?.GetValue<string>() ?? "1.0";
                foreach (var release in package["releases"]!.AsArray().Cast<JsonObject>())
                {
                    var ocid = release["ocid"]!.GetValue<string>();
                    var index = groups.FindIndex(g => g.Ocid == ocid);
                    if (index < 0)
                    {
                        groups.Add((ocid, [], version));
                        index = groups.Count - 1;
                    }

                    groups[index].Releases.Add((JsonObject)release.DeepClone());
                }
            }
        }

        return groups;
    }

    public static List<JsonObject> Objects(string file) => [.. Values(Fixture(file)).Cast<JsonObject>()];

    /// <summary>Records of a record package (or of several concatenated records), keyed by their compiled ocid.</summary>
    public static List<JsonObject> Records(string file)
    {
        var records = new List<JsonObject>();
        foreach (var value in Values(Fixture(file)).Cast<JsonObject>())
        {
            if (value["records"] is JsonArray array)
            {
                records.AddRange(array.Cast<JsonObject>());
            }
            else
            {
                records.Add(value);
            }
        }

        return records;
    }

    /// <summary>Asserts semantic equality (1 == 1.0, key order ignored), naming the first difference.</summary>
    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual, string context)
    {
        var difference = FirstDifference(expected, actual, "$");
        Assert.True(difference is null, $"{context}: {difference}");
    }

    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject eo when actual is JsonObject ao:
                foreach (var (key, value) in eo)
                {
                    if (!ao.TryGetPropertyValue(key, out var other))
                    {
                        return $"{path}.{key} missing (expected {Short(value)})";
                    }

                    if (FirstDifference(value, other, $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }

                foreach (var (key, value) in ao)
                {
                    if (!eo.ContainsKey(key))
                    {
                        return $"{path}.{key} unexpected ({Short(value)})";
                    }
                }

                return null;
            case JsonArray ea when actual is JsonArray aa:
                for (var i = 0; i < Math.Min(ea.Count, aa.Count); i++)
                {
                    if (FirstDifference(ea[i], aa[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return ea.Count == aa.Count ? null : $"{path} has {aa.Count} items, expected {ea.Count}";
            default:
                return Jianguan.Features.Trading.Import.Ocds.OcdsValues.JsonEquals(expected, actual)
                    ? null
                    : $"{path}: expected {Short(expected)}, got {Short(actual)}";
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
