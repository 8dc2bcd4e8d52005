using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jianguan.Features.Sampling.Draw;

/// <summary>
/// The canonical JSON form that draw hashes are computed over, so that anyone can recompute them from the
/// record with any JSON library. It is the subset of RFC 8785 (JCS) that draw records use:
/// <list type="bullet">
/// <item>no whitespace; UTF-8 bytes;</item>
/// <item>object members sorted by key, comparing UTF-16 code units (ordinal);</item>
/// <item>strings escape only <c>"</c>, <c>\</c> and U+0000–U+001F (<c>\b \t \n \f \r</c>, else <c>\u00xx</c> in
/// lower-case hex); every other character, Chinese included, is written as itself;</item>
/// <item>numbers are integers only (decimals such as ratios are strings), written without sign for zero,
/// exponent or leading zeros; <c>true</c>, <c>false</c>, <c>null</c> as usual.</item>
/// </list>
/// </summary>
public static class CanonicalJson
{
    public static byte[] Serialize(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static string SerializeToString(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>Lower-case hex SHA-256 of the canonical form.</summary>
    public static string Sha256Hex(JsonNode? node) => Hex(SHA256.HashData(Serialize(node)));

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value);
                }

                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(sb, array[i]);
                }

                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
            default:
                throw new InvalidOperationException($"unsupported JSON node {node.GetType().Name}");
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(sb, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Null:
                sb.Append("null");
                break;
            case JsonValueKind.Number:
                // Integers only: a fraction or exponent would need the ES6 number printer of JCS.
                if (!value.TryGetValue<long>(out var n))
                {
                    var text = value.ToJsonString();
                    if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n))
                    {
                        throw new FormatException($"canonical JSON holds integers only, not {text}");
                    }
                }

                sb.Append(n.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Undefined:
            case JsonValueKind.Object:
            case JsonValueKind.Array:
            default:
                throw new InvalidOperationException($"unsupported JSON value kind {value.GetValueKind()}");
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
