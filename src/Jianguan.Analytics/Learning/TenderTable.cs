using System.Globalization;
using System.Text;
using Jianguan.Analytics.Input;

namespace Jianguan.Analytics.Learning;

/// <summary>The optional columns a bid table may carry; the model uses only those present.</summary>
[Flags]
public enum TenderColumns
{
    None = 0,
    Bidder = 1,
    Winner = 2,
    Date = 4,
    Estimate = 8,
    Status = 16,
    Label = 32,
}

/// <summary>One tender (section) with its bids in file order. Arrays absent when the column is absent.</summary>
public sealed class TenderRecord
{
    public required string Id { get; init; }

    /// <summary>Bid prices; NaN where the row had no usable price (the bid still counts for bidder history).</summary>
    public required double[] Bids { get; init; }

    public string?[]? Bidders { get; init; }

    public bool[]? Winners { get; init; }

    /// <summary>Any monotone numeric encoding of the date (only the order of tenders in time is used).</summary>
    public double Date { get; init; } = double.NaN;

    public double Estimate { get; init; } = double.NaN;

    /// <summary>True for a bid the file marks as invalid, rejected or disqualified.</summary>
    public bool[]? Disqualified { get; init; }

    /// <summary>The market the tender belongs to (the file it came from): the unit of market-relative features.</summary>
    public string? Market { get; init; }

    /// <summary>1 collusive, 0 competitive, null unlabelled.</summary>
    public int? Label { get; set; }

    /// <summary>Number of bids with a usable (finite, positive) price.</summary>
    public int ValidBidCount => Bids.Count(b => double.IsFinite(b) && b > 0);
}

/// <summary>Tenders read from one or more files, with the set of optional columns every file had.</summary>
public sealed class TenderTable
{
    public TenderTable(IReadOnlyList<TenderRecord> tenders, TenderColumns columns, IReadOnlyList<string> problems)
    {
        Tenders = tenders;
        Columns = columns;
        Problems = problems;
    }

    public IReadOnlyList<TenderRecord> Tenders { get; }

    public TenderColumns Columns { get; }

    /// <summary>Rows that were skipped, in plain language (file, line, reason).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Concatenates tables; a column counts as present only when every table has it.</summary>
    public static TenderTable Combine(IReadOnlyList<TenderTable> tables)
    {
        if (tables.Count == 1)
        {
            return tables[0];
        }

        var columns = tables.Aggregate((TenderColumns)~0, (acc, t) => acc & t.Columns);
        return new TenderTable(
            [.. tables.SelectMany(t => t.Tenders)],
            columns,
            [.. tables.SelectMany(t => t.Problems)]);
    }
}

/// <summary>
/// Reads the minimal bid CSV (<c>tender,bid[,label,bidder,winner,date,estimate,status,…]</c>, UTF-8, comma
/// separated, RFC 4180 quotes) into tenders. Unknown columns are ignored; the common Chinese headers are accepted.
/// </summary>
public static class TenderCsv
{
    /// <summary>Names of the label column (the other columns are named as for the engine, see <see cref="Columns"/>).</summary>
    private static readonly HashSet<string> LabelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "label", "collusive", "collusion", "is_collusive", "cartel", "rigged", "bid_rigging", "是否串标", "是否串通", "标签",
    };

    /// <summary>Extra names of the date column that the engine's table has no use for (a year alone is a date here).</summary>
    private static readonly HashSet<string> DateNames = new(StringComparer.OrdinalIgnoreCase) { "year", "日期", "年份", "年度" };

    /// <summary>UTF-8, else GB18030 (as the engine's loader): names only need to decode the same way every time.</summary>
    public static TenderTable Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : CsvLoader.Gb18030().GetString(bytes);
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        return Read(reader, Path.GetFileName(path));
    }

    public static TenderTable Read(TextReader reader, string source)
    {
        var first = reader.ReadLine() ?? throw new InvalidDataException($"{source}: 文件为空 / the file is empty");
        var delimiter = CsvLoader.SniffDelimiter(first);
        var header = ReadRecord(new StringReader(first), delimiter) ?? [];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().Trim('"');
            var canonical = LabelNames.Contains(name) ? "label" : DateNames.Contains(name) ? "date" : Columns.Of(name) switch
            {
                Column.Tender => "tender",
                Column.Bid => "bid",
                Column.Bidder => "bidder",
                Column.BidderCode => "bidder_code",
                Column.WinnerFlag => "winner",
                Column.OpenDate or Column.NoticeDate => "date",
                Column.Estimate or Column.Control => "estimate",
                Column.Status => "status",
                _ => null,
            };
            if (canonical is not null && !index.ContainsKey(canonical))
            {
                index[canonical] = i;
            }
        }

        if (!index.ContainsKey("bidder") && index.TryGetValue("bidder_code", out var code))
        {
            index["bidder"] = code;
        }

        if (!index.ContainsKey("tender") || !index.ContainsKey("bid"))
        {
            throw new InvalidDataException(
                $"{source}: 缺少 tender 或 bid 列 / the header must name the columns tender and bid (found: {string.Join(',', header)})");
        }

        int Col(string name) => index.TryGetValue(name, out var i) ? i : -1;
        var (cTender, cBid, cLabel, cBidder, cWinner, cDate, cEstimate, cStatus) =
            (Col("tender"), Col("bid"), Col("label"), Col("bidder"), Col("winner"), Col("date"), Col("estimate"), Col("status"));

        var columns = TenderColumns.None;
        columns |= cBidder >= 0 ? TenderColumns.Bidder : 0;
        columns |= cWinner >= 0 ? TenderColumns.Winner : 0;
        columns |= cDate >= 0 ? TenderColumns.Date : 0;
        columns |= cEstimate >= 0 ? TenderColumns.Estimate : 0;
        columns |= cStatus >= 0 ? TenderColumns.Status : 0;
        columns |= cLabel >= 0 ? TenderColumns.Label : 0;

        var builders = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var order = new List<Builder>();
        var problems = new List<string>();
        var line = 1;
        while (ReadRecord(reader, delimiter) is { } record)
        {
            line++;
            if (record.Count == 1 && string.IsNullOrWhiteSpace(record[0]))
            {
                continue;
            }

            string Field(int c) => c >= 0 && c < record.Count ? record[c].Trim() : "";
            var tender = Field(cTender);
            if (tender.Length == 0)
            {
                problems.Add($"{source}:{line}: 缺少标段 / no tender id");
                continue;
            }

            var bidText = Field(cBid);
            var bid = double.NaN;
            if (bidText.Length > 0 && !TryNumber(bidText, out bid))
            {
                problems.Add($"{source}:{line}: 报价无法解析 / bid '{bidText}' is not a number");
                continue;
            }

            int? label = null;
            if (cLabel >= 0)
            {
                label = ParseFlag(Field(cLabel));
                if (label is null)
                {
                    problems.Add($"{source}:{line}: 标签无法解析 / label '{Field(cLabel)}' is not 0 or 1");
                    continue;
                }
            }

            if (!builders.TryGetValue(tender, out var b))
            {
                b = new Builder(tender);
                builders[tender] = b;
                order.Add(b);
            }

            b.Bids.Add(bid);
            if (cBidder >= 0)
            {
                var name = Field(cBidder);
                b.Bidders.Add(name.Length == 0 ? null : name);
            }

            if (cWinner >= 0)
            {
                b.Winners.Add(ParseFlag(Field(cWinner)) == 1);
            }

            if (cStatus >= 0)
            {
                b.Disqualified.Add(IsDisqualified(Field(cStatus)));
            }

            if (cDate >= 0 && double.IsNaN(b.Date))
            {
                b.Date = ParseDate(Field(cDate));
            }

            if (cEstimate >= 0 && double.IsNaN(b.Estimate) && TryNumber(Field(cEstimate), out var est))
            {
                b.Estimate = est;
            }

            if (label is { } l)
            {
                // A tender is collusive when any of its rows says so (labels are meant to be constant per tender).
                b.Label = Math.Max(b.Label ?? 0, l);
            }
        }

        var tenders = order.Select(b => new TenderRecord
        {
            Id = b.Id,
            Bids = [.. b.Bids],
            Bidders = cBidder >= 0 ? [.. b.Bidders] : null,
            Winners = cWinner >= 0 ? [.. b.Winners] : null,
            Disqualified = cStatus >= 0 ? [.. b.Disqualified] : null,
            Date = b.Date,
            Estimate = b.Estimate,
            Label = b.Label,
            Market = source,
        }).ToList();
        return new TenderTable(tenders, columns, problems);
    }

    private static int? ParseFlag(string text) => text.ToLowerInvariant() switch
    {
        "1" or "1.0" or "true" or "yes" or "y" or "是" or "t" or "collusive" or "cartel" or "rigged" => 1,
        "0" or "0.0" or "false" or "no" or "n" or "否" or "f" or "competitive" or "clean" or "" => 0,
        _ => null,
    };

    internal static bool TryNumber(string text, out double value) => CsvLoader.TryNumber(Encoding.UTF8.GetBytes(text), out value);

    private static bool IsDisqualified(string status)
    {
        var s = status.ToLowerInvariant();
        return s is "invalid" or "rejected" or "disqualified" or "withdrawn" or "无效" or "废标" or "否决" or "不合格"
            or "被否决" or "无效标" or "0" or "false";
    }

    /// <summary>Numbers are taken as they are (days, seconds…); dates become days since 0001-01-01.</summary>
    private static double ParseDate(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date.Ticks / (double)TimeSpan.TicksPerDay
            : double.NaN;
    }

    /// <summary>One CSV record (RFC 4180: quoted fields may hold commas, quotes and newlines); null at the end.</summary>
    internal static List<string>? ReadRecord(TextReader reader, char delimiter = ',')
    {
        var c = reader.Read();
        if (c < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            if (quoted)
            {
                if (c < 0)
                {
                    fields.Add(field.ToString());
                    return fields;
                }

                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append((char)c);
                }
            }
            else if (c is < 0 or '\n')
            {
                fields.Add(field.ToString());
                return fields;
            }
            else if (c == '\r')
            {
                // Part of a CRLF line end: the '\n' that follows ends the record.
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else
            {
                field.Append((char)c);
            }

            c = reader.Read();
        }
    }

    private sealed class Builder(string id)
    {
        public string Id { get; } = id;

        public List<double> Bids { get; } = [];

        public List<string?> Bidders { get; } = [];

        public List<bool> Winners { get; } = [];

        public List<bool> Disqualified { get; } = [];

        public double Date { get; set; } = double.NaN;

        public double Estimate { get; set; } = double.NaN;

        public int? Label { get; set; }
    }
}
