using System.Text.Json;

namespace Jianguan.Platform.Calendar;

/// <summary>One day named in a State Council holiday notice: a statutory day off or a make-up working day (调休上班).</summary>
public sealed record HolidayDay(string Name, DateOnly Date, bool IsOffDay);

/// <summary>A holiday-cn year file (NateScarlet/holiday-cn format), validated.</summary>
public sealed record HolidayFile(int Year, IReadOnlyList<string> Papers, IReadOnlyList<HolidayDay> Days);

/// <summary>A year file that does not follow the holiday-cn format; the message names the problem (Chinese / English).</summary>
public sealed class HolidayFileException(string message) : Exception(message);

/// <summary>
/// Strict reader of holiday-cn year files. An administrator uploads next year's file each November; a typo in it
/// would silently move every statutory deadline, so anything unexpected is refused with the exact place named.
/// </summary>
public static class HolidayFileParser
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Years accepted in a file: the platform's data starts in 2007; far-off years are certainly typos.</summary>
    public const int MinYear = 1990;
    public const int MaxYear = 2100;

    /// <summary>Uploads larger than this are not holiday files (a real one is about 4 KB).</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    public static HolidayFile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxBytes)
        {
            throw Fail($"文件过大（超过 {MaxBytes / 1024} KB），不是节假日年度文件", $"file larger than {MaxBytes / 1024} KB is not a holiday year file");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.TrimStart('\uFEFF'), Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"第 {line + 1} 行" : "";
            var whereEn = e.LineNumber is { } l ? $" at line {l + 1}" : "";
            throw Fail($"不是有效的 JSON{(where.Length > 0 ? "（" + where + "）" : "")}", $"not valid JSON{whereEn}");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static HolidayFile Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail("文件顶层必须是 JSON 对象 {\"year\", \"papers\", \"days\"}", "the top level must be an object {\"year\", \"papers\", \"days\"}");
        }

        JsonElement? year = null, papers = null, days = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw Fail($"字段 \"{property.Name}\" 重复出现", $"property \"{property.Name}\" appears twice");
            }

            switch (property.Name)
            {
                case "year":
                    year = property.Value;
                    break;
                case "papers":
                    papers = property.Value;
                    break;
                case "days":
                    days = property.Value;
                    break;
                case "$schema" or "$id":
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        throw Fail($"字段 \"{property.Name}\" 必须是字符串", $"\"{property.Name}\" must be a string");
                    }

                    break;
                default:
                    throw Fail($"未知字段 \"{property.Name}\"（只允许 year、papers、days、$schema、$id）",
                        $"unknown property \"{property.Name}\" (allowed: year, papers, days, $schema, $id)");
            }
        }

        var yearValue = ReadYear(year);
        var paperList = ReadPapers(papers);
        var dayList = ReadDays(days, yearValue);
        return new HolidayFile(yearValue, paperList, dayList);
    }

    private static int ReadYear(JsonElement? year)
    {
        if (year is not { } y)
        {
            throw Fail("缺少字段 \"year\"（年份）", "missing property \"year\"");
        }

        if (y.ValueKind != JsonValueKind.Number || !y.TryGetInt32(out var value))
        {
            throw Fail("字段 \"year\" 必须是整数年份，例如 2027", "\"year\" must be an integer year such as 2027");
        }

        if (value is < MinYear or > MaxYear)
        {
            throw Fail($"年份 {value} 超出允许范围 {MinYear}–{MaxYear}", $"year {value} is outside {MinYear}-{MaxYear}");
        }

        return value;
    }

    private static List<string> ReadPapers(JsonElement? papers)
    {
        if (papers is not { } p)
        {
            throw Fail("缺少字段 \"papers\"（国务院通知网址列表）", "missing property \"papers\" (list of State Council notice URLs)");
        }

        if (p.ValueKind != JsonValueKind.Array)
        {
            throw Fail("字段 \"papers\" 必须是字符串数组", "\"papers\" must be an array of strings");
        }

        var list = new List<string>();
        var index = 0;
        foreach (var item in p.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw Fail($"papers[{index}] 必须是非空字符串", $"papers[{index}] must be a non-empty string");
            }

            list.Add(item.GetString()!);
            index++;
        }

        return list;
    }

    private static List<HolidayDay> ReadDays(JsonElement? days, int year)
    {
        if (days is not { } d)
        {
            throw Fail("缺少字段 \"days\"（放假和调休日期列表）", "missing property \"days\" (list of days off and make-up working days)");
        }

        if (d.ValueKind != JsonValueKind.Array)
        {
            throw Fail("字段 \"days\" 必须是数组", "\"days\" must be an array");
        }

        var list = new List<HolidayDay>();
        var dates = new HashSet<DateOnly>();
        var index = 0;
        foreach (var item in d.EnumerateArray())
        {
            var day = ReadDay(item, index, year);
            if (!dates.Add(day.Date))
            {
                throw Fail($"days[{index}]：日期 {Format(day.Date)} 在文件中重复出现", $"days[{index}]: date {Format(day.Date)} is listed twice");
            }

            list.Add(day);
            index++;
        }

        if (list.Count == 0)
        {
            throw Fail("字段 \"days\" 为空：文件没有列出任何放假或调休日期", "\"days\" is empty: the file lists no day off and no make-up working day");
        }

        return list;
    }

    private static HolidayDay ReadDay(JsonElement item, int index, int year)
    {
        var at = $"days[{index}]";
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"{at} 必须是对象 {{\"name\", \"date\", \"isOffDay\"}}", $"{at} must be an object {{\"name\", \"date\", \"isOffDay\"}}");
        }

        string? name = null, date = null;
        bool? isOffDay = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in item.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw Fail($"{at}：字段 \"{property.Name}\" 重复出现", $"{at}: property \"{property.Name}\" appears twice");
            }

            switch (property.Name)
            {
                case "name":
                    name = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    if (string.IsNullOrWhiteSpace(name))
                    {
                        throw Fail($"{at}：\"name\" 必须是非空字符串（节日名称）", $"{at}: \"name\" must be a non-empty string (holiday name)");
                    }

                    break;
                case "date":
                    date = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    if (date is null)
                    {
                        throw Fail($"{at}：\"date\" 必须是 YYYY-MM-DD 格式的字符串", $"{at}: \"date\" must be a string in YYYY-MM-DD format");
                    }

                    break;
                case "isOffDay":
                    if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw Fail($"{at}：\"isOffDay\" 必须是 true（放假）或 false（调休上班）", $"{at}: \"isOffDay\" must be true (day off) or false (make-up working day)");
                    }

                    isOffDay = property.Value.GetBoolean();
                    break;
                default:
                    throw Fail($"{at}：未知字段 \"{property.Name}\"（只允许 name、date、isOffDay）", $"{at}: unknown property \"{property.Name}\" (allowed: name, date, isOffDay)");
            }
        }

        if (name is null)
        {
            throw Fail($"{at}：缺少字段 \"name\"", $"{at}: missing \"name\"");
        }

        if (date is null)
        {
            throw Fail($"{at}：缺少字段 \"date\"", $"{at}: missing \"date\"");
        }

        if (isOffDay is null)
        {
            throw Fail($"{at}：缺少字段 \"isOffDay\"", $"{at}: missing \"isOffDay\"");
        }

        if (!DateOnly.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            throw Fail($"{at}：日期 \"{date}\" 无效，应为 YYYY-MM-DD 格式的真实日期", $"{at}: date \"{date}\" is not a real date in YYYY-MM-DD format");
        }

        // A notice covers its year plus the bridging days next to it (2022-12-31 sits in 2023.json), never more.
        if (parsed.Year < year - 1 || parsed.Year > year + 1)
        {
            throw Fail($"{at}：日期 {date} 不属于 {year} 年及其相邻年份", $"{at}: date {date} is not in {year} or a neighbouring year");
        }

        return new HolidayDay(name, parsed, isOffDay.Value);
    }

    private static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static HolidayFileException Fail(string chinese, string english) =>
        new($"节假日文件无效：{chinese} / invalid holiday file: {english}");
}
