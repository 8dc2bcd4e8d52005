using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Jianguan.Analytics.Data;
using Jianguan.Analytics.Output;
using Jianguan.Analytics.Rules;

namespace Jianguan.Features.Warnings;

/// <summary>
/// The de-duplication key of a stored alert: rule + section + sorted bidders + shared value. The shared value is
/// the fingerprint's hash (the engine's normalised value: "00-1A…" and "001a…" are one value) or the identical
/// price. Price screens name every bidder of the section, so their key is rule + section only: a late bid added
/// to the section refreshes the alert instead of starting another.
/// </summary>
public static class AlertKeys
{
    public static string GroupKey(IEnumerable<long> members) =>
        Hash("group|" + string.Join(',', members.Order()));

    public static string Of(Alert alert, MarketTable market)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(market);
        var sb = new StringBuilder(alert.Rule.Code).Append('|');
        sb.Append(alert.Section >= 0 ? market.SectionIds[alert.Section].ToString(CultureInfo.InvariantCulture) : "-").Append('|');
        if (alert.Rule.Category != RuleCategory.Price)
        {
            sb.AppendJoin(',', alert.Bidders.Select(b => market.EntityIds[b]).Distinct().Order());
        }

        sb.Append('|').Append(SharedKey(alert, market.Table));
        return Hash(sb.ToString());
    }

    private static string SharedKey(Alert alert, BidTable t)
    {
        var parts = new List<string>();
        foreach (var (key, value) in alert.Evidence)
        {
            switch (value)
            {
                case RawValue raw:
                    parts.Add(key + ":" + t.Value(raw.Kind, raw.Bid).ToString("x16", CultureInfo.InvariantCulture));
                    break;
                case double d when key == "price":
                    parts.Add("price:" + d.ToString("R", CultureInfo.InvariantCulture));
                    break;
                default:
                    break;
            }
        }

        return string.Join(';', parts);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>The engine's evidence as JSON, fingerprint text read back from the bids.</summary>
public static class EvidenceJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The (bid id, kind) pairs whose text the evidence of <paramref name="alert"/> names.</summary>
    public static IEnumerable<(long Bid, FingerprintKind Kind)> RawValues(Alert alert, MarketTable market)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(market);
        var found = new List<(long, FingerprintKind)>();
        foreach (var (_, value) in alert.Evidence)
        {
            Collect(value, market, found);
        }

        return found;
    }

    private static void Collect(object? value, MarketTable market, List<(long, FingerprintKind)> found)
    {
        switch (value)
        {
            case RawValue raw:
                found.Add((market.BidIds[raw.Bid], raw.Kind));
                break;
            case string:
                break;
            case IDictionary dict:
                foreach (DictionaryEntry e in dict)
                {
                    Collect(e.Value, market, found);
                }

                break;
            case IEnumerable list:
                foreach (var item in list)
                {
                    Collect(item, market, found);
                }

                break;
            default:
                break;
        }
    }

    public static string Write(Alert alert, MarketTable market, IReadOnlyDictionary<(long Bid, FingerprintKind Kind), string> text)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("category", ResultWriter.Category(alert.Rule.Category));
            Func<RawValue, string?> raw = r => text.TryGetValue((market.BidIds[r.Bid], r.Kind), out var s) ? s : null;
            foreach (var (key, value) in alert.Evidence)
            {
                json.WritePropertyName(key);
                ResultWriter.WriteEvidenceValue(json, value, raw);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The first fingerprint text the evidence names (the shared value shown in lists).</summary>
    public static string? SharedText(Alert alert, MarketTable market, IReadOnlyDictionary<(long Bid, FingerprintKind Kind), string> text)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (key, value) in alert.Evidence)
        {
            if (value is RawValue raw && text.TryGetValue((market.BidIds[raw.Bid], raw.Kind), out var s))
            {
                return s.Length <= 300 ? s : s[..300];
            }

            if (key == "price" && value is double d)
            {
                return d.ToString("0.00", CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
