using Jianguan.Analytics.Input;
using System.Text.Json;

namespace Jianguan.Features.Trading.Import;

/// <summary>A mapping file could not be used; the message is bilingual and names the problem.</summary>
public sealed class ImportMappingException(string message) : Exception(message);

/// <summary>
/// A user's column mapping (docs/import-mapping.md):
/// <c>{"columns": {"源列名": "FIELD_CODE"}, "defaults": {"FIELD_CODE": "value"}, "scale": {"源列名": 10000}}</c>.
/// Mapped columns take precedence over the built-in header names; a column mapped to "" is ignored quietly.
/// </summary>
public sealed class ImportMapping
{
    private ImportMapping(
        Dictionary<string, string> columns, Dictionary<string, string> defaults, Dictionary<string, decimal> scale)
    {
        Columns = columns;
        Defaults = defaults;
        Scale = scale;
    }

    /// <summary>Normalised source header → field code ("" = ignore the column).</summary>
    public IReadOnlyDictionary<string, string> Columns { get; }

    /// <summary>Field code → value used when a row has none.</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; }

    /// <summary>Normalised source header → multiplier of its numbers (10000 for 万元).</summary>
    public IReadOnlyDictionary<string, decimal> Scale { get; }

    public static ImportMapping Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportMappingException($"无法读取映射文件 / cannot read the mapping file '{path}': {e.Message}");
        }

        return Parse(json);
    }

    public static ImportMapping Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ImportMappingException($"映射文件不是有效的 JSON / the mapping file is not valid JSON: {e.Message}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ImportMappingException("映射文件应为 JSON 对象 / the mapping file must be a JSON object");
            }

            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var scale = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var section in doc.RootElement.EnumerateObject())
            {
                switch (section.Name)
                {
                    case "columns":
                        foreach (var (source, value) in Entries(section))
                        {
                            var code = value.ValueKind == JsonValueKind.Null ? "" : StringOf(value, source);
                            if (code.Length > 0)
                            {
                                code = RequireField(code, source).Code;
                            }

                            columns[FieldCatalog.NormaliseHeader(source, out _)] = code;
                        }

                        break;
                    case "defaults":
                        foreach (var (code, value) in Entries(section))
                        {
                            var field = RequireField(code, code);
                            var text = value.ValueKind == JsonValueKind.Number
                                ? value.GetRawText()
                                : StringOf(value, code);
                            if (TableMapper.CheckDefault(field, text) is { } problem)
                            {
                                throw new ImportMappingException(
                                    $"映射文件的默认值无效 / invalid default for {field.Code}: {problem}");
                            }

                            defaults[field.Code] = text;
                        }

                        break;
                    case "scale":
                        foreach (var (source, value) in Entries(section))
                        {
                            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var factor) || factor <= 0)
                            {
                                throw new ImportMappingException(
                                    $"映射文件的倍数应为正数 / the scale of '{source}' must be a positive number");
                            }

                            scale[FieldCatalog.NormaliseHeader(source, out _)] = factor;
                        }

                        break;
                    default:
                        throw new ImportMappingException(
                            $"映射文件含未知的键 '{section.Name}'（应为 columns、defaults、scale）/ unknown key '{section.Name}' in the mapping file (expected columns, defaults, scale)");
                }
            }

            return new ImportMapping(columns, defaults, scale);
        }
    }

    private static List<(string Name, JsonElement Value)> Entries(JsonProperty section)
    {
        if (section.Value.ValueKind != JsonValueKind.Object)
        {
            throw new ImportMappingException($"映射文件的 {section.Name} 应为 JSON 对象 / the '{section.Name}' entry must be a JSON object");
        }

        return section.Value.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
    }

    private static string StringOf(JsonElement value, string key) =>
        value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "1",
            JsonValueKind.False => "0",
            _ => throw new ImportMappingException(
                string.Create(CultureInfo.InvariantCulture, $"映射文件中 '{key}' 的值应为字符串 / the value of '{key}' must be a string")),
        };

    private static FieldDef RequireField(string code, string where) =>
        FieldCatalog.FindCode(code)
        ?? throw new ImportMappingException(
            $"映射文件中的字段代码未知 / unknown field code '{code}' (at '{where}'); see docs/import-mapping.md for the list");
}
