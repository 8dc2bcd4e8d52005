using System.Globalization;
using Jianguan.Analytics.Data;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Input;

/// <summary>A blacklist file that cannot be used as a whole, with every problem found (file, record, field, reason).</summary>
public sealed class BlacklistFormatException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Reads a credit blacklist (失信主体名单) as CSV, UTF-8 or GB18030: one row per listing with the entity's name
/// and/or unified social credit code, the first day of the listing and its end (or the day credit repair ended
/// it). A file with any bad row is refused whole: a half-read list would silently miss entities.
/// </summary>
public static class BlacklistLoader
{
    private const int MaxProblems = 50;

    private enum Field
    {
        Unknown,
        Name,
        Code,
        From,
        Until,
        Repaired,
        Reason,
    }

    /// <summary>Headers of a blacklist beyond the engine's own bidder and credit-code names (<see cref="Columns"/>).</summary>
    private static readonly Dictionary<string, Field> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = Field.Name,
        ["entity"] = Field.Name,
        ["主体名称"] = Field.Name,
        ["失信主体名称"] = Field.Name,
        ["企业名称"] = Field.Name,
        ["单位名称"] = Field.Name,
        ["code"] = Field.Code,
        ["credit_code"] = Field.Code,
        ["from"] = Field.From,
        ["start"] = Field.From,
        ["listed_from"] = Field.From,
        ["列入日期"] = Field.From,
        ["认定日期"] = Field.From,
        ["惩戒开始日期"] = Field.From,
        ["开始日期"] = Field.From,
        ["处罚日期"] = Field.From,
        ["until"] = Field.Until,
        ["to"] = Field.Until,
        ["end"] = Field.Until,
        ["listed_until"] = Field.Until,
        ["移出日期"] = Field.Until,
        ["惩戒截止日期"] = Field.Until,
        ["截止日期"] = Field.Until,
        ["届满日期"] = Field.Until,
        ["结束日期"] = Field.Until,
        ["有效期至"] = Field.Until,
        ["repaired"] = Field.Repaired,
        ["repair_date"] = Field.Repaired,
        ["信用修复日期"] = Field.Repaired,
        ["修复日期"] = Field.Repaired,
        ["reason"] = Field.Reason,
        ["列入原因"] = Field.Reason,
        ["失信行为"] = Field.Reason,
        ["失信事由"] = Field.Reason,
        ["处罚事由"] = Field.Reason,
    };

    private static Field FieldOf(string header) =>
        Aliases.TryGetValue(header, out var field) ? field : Columns.Of(header) switch
        {
            Column.Bidder => Field.Name,
            Column.BidderCode => Field.Code,
            _ => Field.Unknown,
        };

    public static Blacklist Load(string path)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new BlacklistFormatException([$"{file}: 找不到黑名单文件 / blacklist file not found"]);
        }

        var (header, delimiter, transcode) = CsvLoader.ReadHeader(path);
        var map = header.Select(h => FieldOf(h.Trim().Trim('\uFEFF'))).ToArray();
        var problems = new List<string>();
        if (!map.Contains(Field.Name) && !map.Contains(Field.Code))
        {
            problems.Add($"{file} 第 1 行 / line 1: 缺少主体名称或统一社会信用代码列 / no name or credit-code column (e.g. 主体名称, 统一社会信用代码)");
        }

        if (!map.Contains(Field.From))
        {
            problems.Add($"{file} 第 1 行 / line 1: 缺少列入日期列 / no listing-date column (e.g. 列入日期, from)");
        }

        if (problems.Count > 0)
        {
            throw new BlacklistFormatException(problems);
        }

        var entries = new List<BlacklistEntry>();
        using var reader = CsvLoader.Open(path, delimiter, transcode);
        reader.Read();
        var row = 1;
        while (reader.Read())
        {
            row++;
            string? Get(Field f)
            {
                var i = Array.IndexOf(map, f);
                if (i < 0 || i >= reader.FieldCount)
                {
                    return null;
                }

                var v = CsvLoader.Text(reader[i]);
                return v.Length == 0 ? null : v;
            }

            void Problem(string field, string reason)
            {
                if (problems.Count < MaxProblems)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{file} 第 {row} 行 / line {row}, {field}: {reason}"));
                }
            }

            if (reader.FieldCount == 1 && reader[0].Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            var name = Get(Field.Name);
            var code = Get(Field.Code);
            if (name is null && code is null)
            {
                Problem("主体名称", "名称和统一社会信用代码均为空 / neither a name nor a credit code");
            }

            var from = Date(Get(Field.From));
            if (from is null)
            {
                Problem("列入日期", $"不是有效日期 / not a valid date: '{Get(Field.From)}'");
            }

            DateOnly? until = null;
            if (Get(Field.Until) is { } untilText)
            {
                until = Date(untilText);
                if (until is null)
                {
                    Problem("移出日期", $"不是有效日期 / not a valid date: '{untilText}'");
                }
            }

            if (Get(Field.Repaired) is { } repairedText)
            {
                // Repair ends the punishment the day it takes effect (RULES §5): listed until the day before.
                if (Date(repairedText) is { } repaired)
                {
                    until = until is { } u && u < repaired ? u : repaired.AddDays(-1);
                }
                else
                {
                    Problem("信用修复日期", $"不是有效日期 / not a valid date: '{repairedText}'");
                }
            }

            if (from is { } f && until is { } end && end < f && Get(Field.Repaired) is null)
            {
                Problem("移出日期", "早于列入日期 / before the listing date");
            }

            if (from is { } start && (name is not null || code is not null))
            {
                entries.Add(new BlacklistEntry(name, code, start, until, Get(Field.Reason)));
            }
        }

        if (problems.Count > 0)
        {
            throw new BlacklistFormatException(problems);
        }

        return new Blacklist(entries);
    }

    private static DateOnly? Date(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var t = Timestamp.Parse(System.Text.Encoding.UTF8.GetBytes(text));
        return t == Timestamp.Missing ? null : DateOnly.FromDateTime(Timestamp.ToDateTime(t));
    }
}
