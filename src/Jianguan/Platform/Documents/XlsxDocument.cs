using System.Data;
using Jianguan.Platform.Tabular;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Jianguan.Platform.Documents;

/// <summary>A column of an exported table: its header as users read it, its value in a row, and optionally its width in characters.</summary>
public sealed record XlsxColumn<T>(string Header, Func<T, object?> Value, double? Width = null);

/// <summary>One worksheet: a name and a table whose first row is the header.</summary>
public sealed class XlsxSheet
{
    private XlsxSheet(string name, DataTable table, IReadOnlyDictionary<string, double> widths)
    {
        Name = name;
        Table = table;
        Widths = widths;
    }

    public string Name { get; }

    internal DataTable Table { get; }

    internal IReadOnlyDictionary<string, double> Widths { get; }

    /// <summary>
    /// The rows are read once, now. Text goes through <see cref="FormulaGuard"/>; numbers, dates and booleans are
    /// written as such; null is an empty cell. An empty table is its header row alone.
    /// </summary>
    public static XlsxSheet Create<T>(string name, IEnumerable<T> rows, IReadOnlyList<XlsxColumn<T>> columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var table = new DataTable(name) { Locale = System.Globalization.CultureInfo.InvariantCulture };
        foreach (var column in columns)
        {
            table.Columns.Add(column.Header, typeof(object));
        }

        var values = new object[columns.Count];
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                values[i] = columns[i].Value(row) switch
                {
                    null => DBNull.Value,
                    string s => FormulaGuard.Safe(s),
                    var v => v,
                };
            }

            table.Rows.Add(values);
        }

        var widths = columns.Where(c => c.Width is not null).ToDictionary(c => c.Header, c => c.Width!.Value, StringComparer.Ordinal);
        return new XlsxSheet(name, table, widths);
    }
}

/// <summary>XLSX exports (through MiniExcel, ADR-002): tables with a header row, formula-safe text, chosen column widths.</summary>
public static class XlsxDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static Task WriteAsync<T>(Stream stream, string sheetName, IEnumerable<T> rows, IReadOnlyList<XlsxColumn<T>> columns, CancellationToken ct = default) =>
        WriteAsync(stream, [XlsxSheet.Create(sheetName, rows, columns)], ct);

    /// <summary>
    /// Writes the sheets in order. Widths are set per header text for the whole workbook (MiniExcel's dynamic
    /// columns), so a header that appears in several sheets takes the widest.
    /// </summary>
    public static async Task WriteAsync(Stream stream, IReadOnlyList<XlsxSheet> sheets, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        if (sheets.Count == 0)
        {
            throw new ArgumentException("a workbook needs a sheet", nameof(sheets));
        }

        var widths = sheets.SelectMany(s => s.Widths)
            .GroupBy(w => w.Key, StringComparer.Ordinal)
            .Select(g => new DynamicExcelColumn(g.Key) { Width = g.Max(w => w.Value) })
            .ToArray();
        var configuration = new OpenXmlConfiguration { DynamicColumns = widths.Length > 0 ? widths : null };
        if (sheets.Count == 1)
        {
            await MiniExcel.SaveAsAsync(stream, sheets[0].Table, sheetName: sheets[0].Name, excelType: ExcelType.XLSX, configuration: configuration, cancellationToken: ct);
            return;
        }

        var book = sheets.ToDictionary(s => s.Name, s => (object)s.Table, StringComparer.Ordinal);
        await MiniExcel.SaveAsAsync(stream, book, excelType: ExcelType.XLSX, configuration: configuration, cancellationToken: ct);
    }
}
