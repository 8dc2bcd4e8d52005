using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Jianguan.Features.Trading.Import.Ocds;

/// <summary>Reading OCDS scalars the lenient way real publishers need, and comparing JSON values.</summary>
internal static partial class OcdsValues
{
    /// <summary>
    /// ISO 8601 as OCDS publishers write it: a date, or a date and time with or without seconds, fraction and
    /// offset. Ambiguous local formats (03/04/2016) are refused rather than guessed.
    /// </summary>
    [GeneratedRegex(
        @"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<time>\d{2}:\d{2}(?::\d{2})?)(?<fraction>[.,]\d+)?)?(?<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Text of a scalar (string, number, boolean); null for null, objects and arrays.</summary>
    public static string? ScalarText(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => null,
        };
    }

    public static bool IsNull(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    public static bool TryParseDate(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        return AsString(node) is { } text && TryParseDate(text, out value);
    }

    /// <summary>Parses an OCDS date; a date without offset is taken as UTC (the standard requires an offset).</summary>
    public static bool TryParseDate(string text, out DateTimeOffset value)
    {
        value = default;
        var match = IsoDateTime().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var time = match.Groups["time"].Success ? match.Groups["time"].Value : "00:00";
        if (time.Length == 5)
        {
            time += ":00";
        }

        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value[1..] : string.Empty;
        if (fraction.Length > 7)
        {
            fraction = fraction[..7];
        }

        var offset = match.Groups["offset"].Success ? match.Groups["offset"].Value : "Z";
        if (offset is "Z" or "z")
        {
            offset = "+00:00";
        }
        else if (offset.Length == 3)
        {
            offset += ":00";
        }
        else if (offset.Length == 5)
        {
            offset = offset[..3] + ":" + offset[3..];
        }

        var normalized = match.Groups["date"].Value + "T" + time + (fraction.Length > 0 ? "." + fraction : string.Empty) + offset;
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    public static bool TryGetNumber(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }

        return v.GetValueKind() switch
        {
            JsonValueKind.Number => v.TryGetValue(out value) || TryParseDecimal(v.ToJsonString(), out value),
            JsonValueKind.String => TryParseDecimal(v.GetValue<string>(), out value),
            _ => false,
        };
    }

    public static bool TryParseDecimal(string text, out decimal value) =>
        decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Semantic equality: 1 equals 1.0, object key order does not matter, array order does.</summary>
    public static bool JsonEquals(JsonNode? a, JsonNode? b)
    {
        if (IsNull(a) || IsNull(b))
        {
            return IsNull(a) && IsNull(b);
        }

        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                if (oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !JsonEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray aa when b is JsonArray ab:
                if (aa.Count != ab.Count)
                {
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!JsonEquals(aa[i], ab[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValue va when b is JsonValue vb:
                var ka = va.GetValueKind();
                var kb = vb.GetValueKind();
                if (ka == JsonValueKind.Number && kb == JsonValueKind.Number)
                {
                    if (va.TryGetValue<decimal>(out var da) && vb.TryGetValue<decimal>(out var db))
                    {
                        return da == db;
                    }

                    return va.TryGetValue<double>(out var fa) && vb.TryGetValue<double>(out var fb) && fa.Equals(fb);
                }

                if (ka != kb)
                {
                    return false;
                }

                return ka != JsonValueKind.String || va.GetValue<string>() == vb.GetValue<string>();
            default:
                return false;
        }
    }
}
