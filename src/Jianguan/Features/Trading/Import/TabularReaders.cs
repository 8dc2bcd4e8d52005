using Jianguan.Platform.Tabular;

namespace Jianguan.Features.Trading.Import;

/// <summary>Reads trading tables from CSV files (any of the encodings and delimiters portals use).</summary>
public static class CsvTradingReader
{
    public static IEnumerable<ReadItem> Read(
        string path, string displayName, ImportMapping? mapping, ModelLimits limits, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var opened = TextSniffer.Open(stream, out var problem);
        if (opened is not { } text)
        {
            yield return new ReadItem(0, null, new ImportError(displayName, 0, "", problem!));
            yield break;
        }

        using var reader = text.Reader;
        // A string[] is an IReadOnlyList<object?> by array covariance: no per-row copy into object[].
        var records = new CsvParser(reader, text.Delimiter).Records().Select(r => (r.Line, (IReadOnlyList<object?>)r.Fields));
        foreach (var item in TabularReader.Read(displayName, records, mapping, limits, warn))
        {
            yield return item;
        }
    }
}

/// <summary>Reads trading tables from XLSX workbooks: every worksheet with a recognisable header, streamed.</summary>
public static class XlsxTradingReader
{
    public static IEnumerable<ReadItem> Read(
        string path, string displayName, ImportMapping? mapping, ModelLimits limits, Action<string>? warn = null,
        XlsxLimits? xlsxLimits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        xlsxLimits ??= XlsxLimits.Default;
        // The zip is checked before MiniExcel opens it: a bomb is refused without being expanded in memory.
        string? refused = null;
        try
        {
            XlsxGuard.Check(path, displayName, xlsxLimits);
        }
        catch (Exception e) when (TabularErrors.TryDescribe(e, out _, out var message))
        {
            refused = message;
        }

        if (refused is not null)
        {
            yield return new ReadItem(0, null, new ImportError(displayName, 0, "", refused));
            yield break;
        }

        var counter = new long[2];
        var sheets = XlsxReader.SheetNames(path);
        var any = false;
        foreach (var sheet in sheets)
        {
            var label = sheets.Count > 1 ? $"{displayName}[{sheet}]" : displayName;
            var top = XlsxReader.Top(path, sheet, TabularReader.HeaderSearchRows);
            var headerIndex = TabularReader.FindHeader(top.Select(TabularCell.Texts).ToList(), mapping);
            if (headerIndex < 0)
            {
                if (top.Any(r => r.Any(c => c is not null && !(c is string s && string.IsNullOrWhiteSpace(s)))))
                {
                    warn?.Invoke($"{label}: 未找到可识别的表头，已跳过此工作表 / no recognisable header row; worksheet skipped");
                }

                continue;
            }

            any = true;
            var header = TabularCell.Texts(top[headerIndex]);
            var lastColumn = 0;
            for (var i = 0; i < header.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(header[i]))
                {
                    lastColumn = i + 1;
                }
            }

            var firstDataRow = headerIndex + 2;
            var rows = XlsxGuard.Counted(XlsxReader.Rows(path, sheet, firstDataRow, lastColumn), displayName, xlsxLimits, counter);
            var table = new[] { ((long)(headerIndex + 1), (IReadOnlyList<object?>)header.Cast<object?>().ToArray()) }.Concat(rows);
            foreach (var item in TabularReader.Read(label, table, mapping, limits, warn))
            {
                yield return item;
            }
        }

        if (!any)
        {
            yield return new ReadItem(0, null, new ImportError(displayName, 0, "", TabularReader.NoHeader));
        }
    }
}

/// <summary>The part common to CSV and XLSX: finds the header, binds it, maps rows, turns read failures into errors.</summary>
internal static class TabularReader
{
    public const int HeaderSearchRows = 10;

    public const string NoHeader =
        "前 10 行中未找到可识别的表头（如 项目编号、投标人名称），可用 --mapping 指定列 / "
        + "no recognisable header row in the first 10 rows (such as 项目编号, 投标人名称); name the columns with --mapping";

    /// <summary>Index of the header among the first rows (a title row may come first), or -1.</summary>
    public static int FindHeader(IReadOnlyList<IReadOnlyList<string?>> rows, ImportMapping? mapping)
    {
        var single = -1;
        for (var i = 0; i < rows.Count && i < HeaderSearchRows; i++)
        {
            var n = TableMapper.Recognised(rows[i], mapping);
            if (n >= 2)
            {
                return i;
            }

            if (n == 1 && single < 0)
            {
                single = i;
            }
        }

        return single;
    }

    public static IEnumerable<ReadItem> Read(
        string file, IEnumerable<(long Line, IReadOnlyList<object?> Cells)> table, ImportMapping? mapping, ModelLimits limits,
        Action<string>? warn)
    {
        using var rows = table.GetEnumerator();
        var head = new List<(long Line, IReadOnlyList<object?> Cells)>();
        ReadItem? failure = null;
        while (head.Count < HeaderSearchRows)
        {
            if (!TryMoveNext(rows, file, out var more, out failure) || !more)
            {
                break;
            }

            head.Add(rows.Current);
        }

        var headerIndex = FindHeader(head.Select(r => (IReadOnlyList<string?>)r.Cells.Select(c => c as string).ToList()).ToList(), mapping);
        if (headerIndex < 0)
        {
            yield return failure ?? new ReadItem(0, null, new ImportError(file, 0, "",
                head.Count == 0 ? "文件为空 / the file is empty" : NoHeader));
            yield break;
        }

        var header = head[headerIndex].Cells.Select(c => c as string).ToList();
        var mapper = TableMapper.Create(file, header, mapping, limits, out var problem);
        if (mapper is null)
        {
            yield return new ReadItem(head[headerIndex].Line, null, new ImportError(file, head[headerIndex].Line, "", problem!));
            yield break;
        }

        if (mapper.Unknown.Count > 0)
        {
            warn?.Invoke($"{file}: 未识别的列（已忽略）/ unrecognised columns (ignored): {string.Join(", ", mapper.Unknown)}");
        }

        if (mapper.NotApplicable.Count > 0)
        {
            warn?.Invoke($"{file}: 不适用于此类行的列（已忽略）/ columns that do not apply to these rows (ignored): {string.Join(", ", mapper.NotApplicable)}");
        }

        var errors = new List<ImportError>();
        foreach (var (line, cells) in head.Skip(headerIndex + 1))
        {
            errors.Clear();
            if (mapper.Map(line, cells, errors) is { } data)
            {
                yield return new ReadItem(line, data, null);
            }

            foreach (var error in errors)
            {
                yield return new ReadItem(line, null, error);
            }
        }

        if (failure is not null)
        {
            yield return failure.Value;
            yield break;
        }

        while (true)
        {
            if (!TryMoveNext(rows, file, out var more, out failure))
            {
                yield return failure!.Value;
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var (line, cells) = rows.Current;
            errors.Clear();
            if (mapper.Map(line, cells, errors) is { } data)
            {
                yield return new ReadItem(line, data, null);
            }

            foreach (var error in errors)
            {
                yield return new ReadItem(line, null, error);
            }
        }
    }

    /// <summary>Advances the reader; a read failure becomes an error item that stops the file.</summary>
    private static bool TryMoveNext(
        IEnumerator<(long Line, IReadOnlyList<object?> Cells)> rows, string file, out bool more, out ReadItem? failure)
    {
        failure = null;
        more = false;
        try
        {
            more = rows.MoveNext();
            return true;
        }
        catch (Exception e) when (TabularErrors.TryDescribe(e, out var line, out var message))
        {
            failure = new ReadItem(line, null, new ImportError(file, line, "", message));
        }

        return false;
    }
}
