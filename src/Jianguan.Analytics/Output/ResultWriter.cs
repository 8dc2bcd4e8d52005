using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Output;

/// <summary>
/// Writes the analysis as DIR/sections.csv (<c>tender,score,level,rules</c>), DIR/bidders.csv
/// (<c>bidder,score,level,rules</c>), DIR/groups.csv (<c>group,members,score,rules</c>, members joined by |) and
/// DIR/alerts.jsonl (one alert per line), each sorted by score, highest first. Rule codes are joined by |.
/// </summary>
public static class ResultWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public static void Write(AnalysisResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        // Four independent files: written side by side (the alerts, with their evidence read back, take longest).
        Parallel.Invoke(
            () => WriteAlerts(result, Path.Combine(directory, "alerts.jsonl")),
            () => WriteSections(result, Path.Combine(directory, "sections.csv")),
            () => WriteBidders(result, Path.Combine(directory, "bidders.csv")),
            () => WriteGroups(result, Path.Combine(directory, "groups.csv")));
    }

    private static StreamWriter Open(string path) => new(path, false, Utf8NoBom, 1 << 16) { NewLine = "\n" };

    public static void WriteSections(AnalysisResult result, string path)
    {
        var t = result.Table;
        var score = result.Scores.Section;
        var order = Order(t.SectionCount, score, s => t.SectionIds[s]);
        using var w = Open(path);
        w.WriteLine("tender,score,level,rules");
        var line = new StringBuilder();
        foreach (var s in order)
        {
            line.Clear();
            Field(line, t.SectionIds[s]).Append(',');
            line.Append(score[s].ToString("0.0", CultureInfo.InvariantCulture)).Append(',');
            line.Append(Rule.LevelCode(Rule.LevelOf(score[s]))).Append(',');
            Field(line, string.Join('|', result.Scores.SectionRules[s]));
            w.WriteLine(line);
        }
    }

    public static void WriteBidders(AnalysisResult result, string path)
    {
        var t = result.Table;
        var score = result.Scores.Bidder;
        // Ordered by the unrounded evidence: many bidders reach 100.0, and a name must not decide among them.
        var evidence = result.Scores.BidderEvidence.Length == t.BidderCount ? result.Scores.BidderEvidence : score;
        var order = Order(t.BidderCount, evidence, b => t.BidderNames[b]);
        using var w = Open(path);
        w.WriteLine("bidder,score,level,rules");
        var line = new StringBuilder();
        foreach (var b in order)
        {
            line.Clear();
            Field(line, t.BidderNames[b]).Append(',');
            line.Append(score[b].ToString("0.0", CultureInfo.InvariantCulture)).Append(',');
            line.Append(Rule.LevelCode(Rule.LevelOf(score[b]))).Append(',');
            Field(line, string.Join('|', result.Scores.BidderRules[b]));
            w.WriteLine(line);
        }
    }

    public static void WriteGroups(AnalysisResult result, string path)
    {
        var t = result.Table;
        var groups = result.Groups.Where(g => g.JointSections > 0 || g.Alerts.Count > 0)
            .OrderByDescending(g => g.Score).ThenByDescending(g => g.Evidence).ThenBy(g => g.Id).ToList();
        using var w = Open(path);
        w.WriteLine("group,members,score,rules");
        var line = new StringBuilder();
        foreach (var g in groups)
        {
            line.Clear();
            line.Append(g.Name).Append(',');
            Field(line, string.Join('|', g.Members.Select(m => t.BidderNames[m]).Order(StringComparer.Ordinal))).Append(',');
            line.Append(g.Score.ToString("0.0", CultureInfo.InvariantCulture)).Append(',');
            Field(line, string.Join('|', g.Alerts.Select(a => a.Rule.Code).Distinct().Order(StringComparer.Ordinal)));
            w.WriteLine(line);
        }
    }

    public static void WriteAlerts(AnalysisResult result, string path)
    {
        var t = result.Table;
        var sectionScore = result.Scores.Section;
        var sorted = result.Alerts
            .OrderByDescending(a => a.Score)
            .ThenByDescending(a => a.Section >= 0 ? sectionScore[a.Section] : a.Group >= 0 ? result.Groups[a.Group].Score : 0)
            .ThenBy(a => a.Section >= 0 ? t.SectionIds[a.Section] : "", StringComparer.Ordinal)
            .ThenBy(a => a.Rule.Code, StringComparer.Ordinal)
            .ThenBy(a => a.Bidders.Length > 0 ? t.BidderNames[a.Bidders[0]] : "", StringComparer.Ordinal)
            .ToList();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        // Blocks of alerts are written to memory side by side (evidence text is read back from the input files), a
        // window of blocks at a time to bound the memory, and copied to the file in order.
        var blocks = (sorted.Count + AlertBlock - 1) / AlertBlock;
        var buffers = new ArrayBufferWriter<byte>[Math.Min(blocks, AlertWindow)];
        for (var first = 0; first < blocks; first += AlertWindow)
        {
            var count = Math.Min(AlertWindow, blocks - first);
            Parallel.For(0, count, i =>
            {
                var buffer = buffers[i] ??= new ArrayBufferWriter<byte>(1 << 16);
                buffer.ResetWrittenCount();
                using var json = new Utf8JsonWriter(buffer, options);
                var end = Math.Min(sorted.Count, (first + i + 1) * AlertBlock);
                for (var k = (first + i) * AlertBlock; k < end; k++)
                {
                    json.Reset();
                    WriteAlert(json, sorted[k], result);
                    json.Flush();
                    buffer.Write("\n"u8);
                }
            });
            for (var i = 0; i < count; i++)
            {
                stream.Write(buffers[i].WrittenSpan);
            }
        }
    }

    /// <summary>Alerts serialised by one thread at a time, and blocks in flight (see <see cref="WriteAlerts"/>).</summary>
    private const int AlertBlock = 512;

    private const int AlertWindow = 32;

    public static void WriteAlert(Utf8JsonWriter json, Alert a, AnalysisResult result)
    {
        var t = result.Table;
        json.WriteStartObject();
        json.WriteString("rule", a.Rule.Code);
        json.WriteString("level", Rule.LevelCode(a.Level));
        json.WriteString("basis", a.Rule.Basis);
        if (a.Section >= 0)
        {
            json.WriteString("tender", t.SectionIds[a.Section]);
        }
        else
        {
            json.WriteNull("tender");
        }

        json.WriteStartArray("bidders");
        foreach (var b in a.Bidders)
        {
            json.WriteStringValue(t.BidderName(b));
        }

        json.WriteEndArray();
        json.WriteStartObject("evidence");
        Func<RawValue, string?> raw = r => t.RawValue(r.Bid, r.Kind);
        foreach (var (key, value) in a.Evidence)
        {
            json.WritePropertyName(key);
            WriteEvidenceValue(json, value, raw);
        }

        json.WriteEndObject();
        json.WriteString("name", a.Rule.NameZh);
        json.WriteString("name_en", a.Rule.NameEn);
        json.WriteString("category", Category(a.Rule.Category));
        json.WriteNumber("score", a.Score);
        if (a.Group >= 0)
        {
            json.WriteString("group", result.Groups[a.Group].Name);
        }

        json.WriteEndObject();
    }

    public static string Category(RuleCategory c) => c switch
    {
        RuleCategory.Fingerprint => "fingerprint",
        RuleCategory.Price => "price_screen",
        RuleCategory.Competition => "competition",
        RuleCategory.Network => "network",
        RuleCategory.DataQuality => "data_quality",
        _ => "other",
    };

    /// <summary>
    /// One evidence value as JSON: numbers rounded to 6 decimals (non-finite ones as null), dictionaries as objects,
    /// sequences as arrays, fingerprint references as their text from <paramref name="raw"/> (null when unknown).
    /// The platform stores evidence through the same writer, with the text read back from the database.
    /// </summary>
    public static void WriteEvidenceValue(Utf8JsonWriter json, object? value, Func<RawValue, string?> raw)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(raw);
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case RawValue r:
                if (raw(r) is { } text)
                {
                    json.WriteStringValue(text);
                }
                else
                {
                    json.WriteNullValue();
                }

                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                if (double.IsFinite(d))
                {
                    json.WriteNumberValue(Math.Round(d, 6));
                }
                else
                {
                    json.WriteNullValue();
                }

                break;
            case IDictionary dict:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in dict)
                {
                    json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteEvidenceValue(json, entry.Value, raw);
                }

                json.WriteEndObject();
                break;
            case IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteEvidenceValue(json, item, raw);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Indices sorted by score descending, then by name (stable, culture-free).</summary>
    private static int[] Order(int count, double[] score, Func<int, string> name)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var c = score[y].CompareTo(score[x]);
            return c != 0 ? c : string.CompareOrdinal(name(x), name(y));
        });
        return order;
    }

    private static StringBuilder Field(StringBuilder sb, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            return sb.Append(value);
        }

        return sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
