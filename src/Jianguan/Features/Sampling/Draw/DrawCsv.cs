using Jianguan.Platform.Tabular;

namespace Jianguan.Features.Sampling.Draw;

/// <summary>
/// The CSV inputs of <c>jianguan draw simulate</c> (UTF-8, comma, header row, lists joined by <c>|</c>):
/// OBJECTS.csv <c>id,kind,grade,department,category</c>; INSPECTORS.csv <c>id,department,specialties,conflicts</c>;
/// RATIOS.csv <c>grade,ratio</c> (ratio 0–1, or a percentage such as <c>30%</c>).
/// </summary>
public static class DrawCsv
{
    public static IReadOnlyList<PoolObject> ReadObjects(TextReader reader) =>
        [.. Rows(reader, "OBJECTS", ["id", "kind", "grade", "department", "category"])
            .Select(r => new PoolObject(r[0], r[1], r[2], r[3], r[4]))];

    public static IReadOnlyList<PoolInspector> ReadInspectors(TextReader reader) =>
        [.. Rows(reader, "INSPECTORS", ["id", "department", "specialties", "conflicts"])
            .Select(r => new PoolInspector(r[0], r[1], List(r[2]), List(r[3])))];

    public static IReadOnlyList<GradeRule> ReadRatios(TextReader reader) =>
        [.. Rows(reader, "RATIOS", ["grade", "ratio"]).Select(r => new GradeRule(r[0], ParseRatio(r[1], r[0]), null))];

    public static decimal ParseRatio(string text, string grade)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (!Decimals.TryParse(percent ? t[..^1].Trim() : t, out var value))
        {
            throw new DrawInputException($"等级 {grade} 的比例无法识别 / grade {grade}: cannot read the ratio \"{text}\"");
        }

        value = percent ? value / 100m : value;
        return value is < 0m or > 1m
            ? throw new DrawInputException($"等级 {grade} 的比例应在 0 到 1 之间 / grade {grade}: the ratio must be between 0 and 1, not \"{text}\"")
            : value;
    }

    private static IReadOnlyList<string> List(string field) =>
        [.. field.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static IEnumerable<string[]> Rows(TextReader reader, string file, string[] columns)
    {
        var parser = new CsvParser(reader, ',');
        var fields = new List<string>();
        if (!parser.TryRead(fields, out _))
        {
            throw new DrawInputException($"{file}.csv 为空 / {file}.csv is empty");
        }

        var header = fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var index = columns.Select(c => header.IndexOf(c)).ToArray();
        var missing = columns.Where((_, i) => index[i] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new DrawInputException($"{file}.csv 缺少列 / is missing the columns: {string.Join(", ", missing)}（表头应为 / header: {string.Join(',', columns)}）");
        }

        while (parser.TryRead(fields, out var line))
        {
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var row = index.Select(i => i < fields.Count ? fields[i].Trim() : "").ToArray();
            if (row[0].Length == 0)
            {
                throw new DrawInputException($"{file}.csv 第 {line} 行缺少 id / line {line} has no id");
            }

            yield return row;
        }
    }
}
