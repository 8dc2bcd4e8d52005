using System.IO.Compression;

namespace Jianguan.Platform.Tabular;

/// <summary>
/// Bounds on what one XLSX workbook may cost to read (configuration section <see cref="Section"/>): a workbook is a
/// zip, and a file of a megabyte can expand to gigabytes, thousands of worksheets or millions of rows
/// (docs/security.md, decompression bombs). A workbook over a bound is refused with the bound in the message.
/// </summary>
public sealed class XlsxLimits
{
    public const string Section = "Jianguan:Import:Xlsx";

    /// <summary>Total uncompressed size of all entries of the zip.</summary>
    public long MaxExpandedBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Entries of the zip (parts of the workbook).</summary>
    public int MaxEntries { get; set; } = 10_000;

    public int MaxSheets { get; set; } = 50;

    /// <summary>Rows read over all worksheets of one workbook.</summary>
    public long MaxRows { get; set; } = 1_000_000;

    /// <summary>Cells read over all worksheets of one workbook.</summary>
    public long MaxCells { get; set; } = 20_000_000;

    public static XlsxLimits Default { get; } = new();
}

/// <summary>A workbook refused for exceeding an <see cref="XlsxLimits"/> bound; the message names the file and the bound.</summary>
public sealed class XlsxLimitException(string message) : IOException(message);

/// <summary>Checks a workbook's zip before any XLSX reader opens it, and counts rows and cells while it is read.</summary>
public static class XlsxGuard
{
    /// <summary>
    /// Refuses a workbook whose zip has too many entries or worksheets, or expands beyond the size bound. The sizes
    /// the zip declares are checked first (cheap), then the entries are inflated to a sink while counting bytes,
    /// because a crafted zip can declare small sizes and still expand further. Nothing is kept in memory.
    /// </summary>
    public static void Check(string path, string displayName, XlsxLimits limits)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Check(stream, displayName, limits);
    }

    /// <inheritdoc cref="Check(string, string, XlsxLimits)"/>
    public static void Check(Stream stream, string displayName, XlsxLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var entries = zip.Entries;
        if (entries.Count > limits.MaxEntries)
        {
            throw Refused(displayName, $"压缩包内有 {entries.Count} 个部件，超过上限 {limits.MaxEntries} 个", $"{entries.Count} zip entries, over the limit of {limits.MaxEntries}");
        }

        var sheets = entries.Count(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
            && e.FullName.IndexOf('/', "xl/worksheets/".Length) < 0
            && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase));
        if (sheets > limits.MaxSheets)
        {
            throw Refused(displayName, $"工作表 {sheets} 个，超过上限 {limits.MaxSheets} 个", $"{sheets} worksheets, over the limit of {limits.MaxSheets}");
        }

        long declared = 0;
        foreach (var entry in entries)
        {
            declared += entry.Length;
            if (declared > limits.MaxExpandedBytes)
            {
                throw TooLarge(displayName, limits, declared);
            }
        }

        var buffer = new byte[1 << 16];
        long expanded = 0;
        foreach (var entry in entries)
        {
            using var content = entry.Open();
            int n;
            while ((n = content.Read(buffer, 0, buffer.Length)) > 0)
            {
                expanded += n;
                if (expanded > limits.MaxExpandedBytes)
                {
                    throw TooLarge(displayName, limits, expanded);
                }
            }
        }
    }

    /// <summary>Passes rows through while counting them and their cells over a whole workbook (<paramref name="counter"/> is shared by its worksheets).</summary>
    public static IEnumerable<(long Line, IReadOnlyList<object?> Cells)> Counted(
        IEnumerable<(long Line, IReadOnlyList<object?> Cells)> rows, string displayName, XlsxLimits limits, long[] counter)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(counter);
        foreach (var row in rows)
        {
            counter[0]++;
            counter[1] += row.Cells.Count;
            if (counter[0] > limits.MaxRows)
            {
                throw Refused(displayName, $"数据行超过上限 {limits.MaxRows} 行", $"more than {limits.MaxRows} rows");
            }

            if (counter[1] > limits.MaxCells)
            {
                throw Refused(displayName, $"单元格超过上限 {limits.MaxCells} 个", $"more than {limits.MaxCells} cells");
            }

            yield return row;
        }
    }

    private static XlsxLimitException TooLarge(string displayName, XlsxLimits limits, long bytes) =>
        Refused(displayName, $"解压后超过 {Megabytes(limits.MaxExpandedBytes)}（已达 {Megabytes(bytes)}）",
            $"expands beyond {Megabytes(limits.MaxExpandedBytes)} (reached {Megabytes(bytes)})");

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB");

    private static XlsxLimitException Refused(string displayName, string chinese, string english) =>
        new($"{displayName}：工作簿超出导入限制，已拒绝（可能是压缩炸弹，请检查或拆分文件）：{chinese} / workbook refused, over an import limit: {english}");
}
