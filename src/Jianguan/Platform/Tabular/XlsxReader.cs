using MiniExcelLibs;

namespace Jianguan.Platform.Tabular;

/// <summary>
/// Reads XLSX worksheets through MiniExcel (ADR-002), streamed, by position: row numbers are 1-based as a
/// spreadsheet shows them, so that errors can point at the row an officer sees.
/// </summary>
internal static class XlsxReader
{
    /// <summary>
    /// Workbooks saved by WPS often declare 16 384 columns; reading those cells costs seconds per row, so a header
    /// is searched within this many columns and rows are read only up to the last named column.
    /// </summary>
    public const int MaxColumns = 512;

    public static IReadOnlyList<string> SheetNames(string path) => MiniExcel.GetSheetNames(path);

    /// <summary>The first <paramref name="rows"/> rows of a worksheet, at most <see cref="MaxColumns"/> wide.</summary>
    public static List<object?[]> Top(string path, string sheet, int rows) =>
        MiniExcel.QueryRange(path, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX,
                startRowIndex: 1, startColumnIndex: 1, endRowIndex: rows, endColumnIndex: MaxColumns)
            .Select(r => ((IDictionary<string, object?>)r).Values.ToArray())
            .ToList();

    /// <summary>The rows from <paramref name="firstRow"/> to the end, cut after <paramref name="lastColumn"/>, with their row numbers.</summary>
    public static IEnumerable<(long Line, IReadOnlyList<object?> Cells)> Rows(string path, string sheet, int firstRow, int lastColumn) =>
        MiniExcel.QueryRange(path, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX,
                startRowIndex: firstRow, startColumnIndex: 1, endRowIndex: null, endColumnIndex: lastColumn)
            .Select((r, i) => ((long)(firstRow + i), (IReadOnlyList<object?>)((IDictionary<string, object?>)r).Values.ToArray()));

    /// <summary>
    /// The first worksheet's rows under its header row, each keyed by the header texts. The stream must be seekable:
    /// its zip is checked against <paramref name="limits"/> (default <see cref="XlsxLimits.Default"/>) first.
    /// </summary>
    public static async Task<List<IDictionary<string, object?>>> ReadWithHeaderAsync(Stream xlsx, CancellationToken ct, XlsxLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        limits ??= XlsxLimits.Default;
        var start = xlsx.Position;
        XlsxGuard.Check(xlsx, "工作簿", limits);
        xlsx.Position = start;
        var rows = new List<IDictionary<string, object?>>();
        long cells = 0;
        foreach (var row in (await MiniExcel.QueryAsync(xlsx, useHeaderRow: true, excelType: ExcelType.XLSX, cancellationToken: ct)).Cast<IDictionary<string, object?>>())
        {
            cells += row.Count;
            if (rows.Count >= limits.MaxRows || cells > limits.MaxCells)
            {
                throw new XlsxLimitException(string.Create(CultureInfo.InvariantCulture,
                    $"工作簿超出导入限制，已拒绝：超过 {limits.MaxRows} 行或 {limits.MaxCells} 个单元格 / workbook refused: more than {limits.MaxRows} rows or {limits.MaxCells} cells"));
            }

            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>Cell values as text, the same way for every reader.</summary>
internal static class TabularCell
{
    /// <summary>Numbers and dates in the invariant culture, so that a server's locale never changes what is read.</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    public static List<string?> Texts(IEnumerable<object?> row) => row.Select(Text).ToList();
}
