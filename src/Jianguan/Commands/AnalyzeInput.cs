using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;
using Jianguan.Features.Warnings;
using Jianguan.Features.Trading.Import;
using Jianguan.Features.Trading.Import.Ocds;
using Jianguan.Platform.Tabular;

namespace Jianguan.Commands;

/// <summary>What the input of one analysis run held, and what was refused or left aside.</summary>
public sealed class AnalyzeInputReport
{
    /// <summary>Problems, one line each (file, line, field, reason), to be printed on stderr.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Notes that do not reject anything: files left aside, columns ignored.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Rows (or whole unreadable files) rejected: a bad row is skipped, the rest analysed.</summary>
    public int Rejected { get; set; }

    public bool HasBids { get; set; }

    /// <summary>Files read through the importer's readers, and the sections and priced bids they gave.</summary>
    public int ImportedFiles { get; set; }

    public int ImportedSections { get; set; }

    public int ImportedBids { get; set; }
}

/// <summary>
/// The input of <c>jianguan analyze</c>: every format <c>jianguan import</c> reads. Each file's format is detected
/// as the importer detects it. CSV files the engine's own loader recognises (the minimal CSV, the files of
/// <c>demo generate</c>) take that loader's fast path, unchanged; OCDS, XLSX and the other CSVs (national
/// specification and portal headers, amounts in 万元, or any CSV when a mapping file is given) are read by the
/// importer's readers, merged by the importer's keys (<see cref="FragmentTable"/>) and added to the same table.
/// Unlike the importer, which stores nothing of a file with a bad row, the analysis skips the bad rows and counts them.
/// </summary>
public static class AnalyzeInput
{
    /// <summary>The file types a directory is searched for.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".csv", ".json", ".jsonl", ".ndjson", ".xlsx", ".xlsm"];

    /// <summary>Files as given, and the files of the given directories (top level, by name).</summary>
    public static List<string> Expand(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var inDir = Directory.GetFiles(input, "*", SearchOption.TopDirectoryOnly)
                    .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .ToArray();
                Array.Sort(inDir, StringComparer.Ordinal);
                files.AddRange(inDir);
            }
            else
            {
                files.Add(input);
            }
        }

        return files;
    }

    /// <summary>
    /// Reads the inputs into one table. Throws <see cref="ImportMappingException"/> for an unusable mapping file and
    /// <see cref="IOException"/> when the fast loader cannot read a file; every other problem is in the report.
    /// </summary>
    public static BidTable Load(IReadOnlyList<string> inputs, string? mappingFile, AnalyzeInputReport report, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(report);
        var mapping = mappingFile is null ? null : ImportMapping.Load(mappingFile);
        var fast = new List<string>();
        var imported = new List<(string Path, string Format)>();
        foreach (var path in Expand(inputs))
        {
            string? format;
            string? problem;
            try
            {
                (format, problem) = TradingImporter.DetectFormat(new ImportSource(path, path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                report.Errors.Add(Line(new ImportError(path, 0, "", $"无法读取文件 / cannot read the file: {e.Message}")));
                report.Rejected++;
                continue;
            }

            if (format is null)
            {
                if (new FileInfo(path).Length == 0)
                {
                    report.Notes.Add($"{path}: 已跳过 / skipped: {problem}");
                }
                else
                {
                    report.Errors.Add(Line(new ImportError(path, 0, "", problem!)));
                    report.Rejected++;
                }
            }
            else if (format == "CSV" && mapping is null && CsvLoader.Recognises(path))
            {
                fast.Add(path);
            }
            else
            {
                imported.Add((path, format));
            }
        }

        var fragments = new FragmentTable();
        ModelLimits? limits = null;
        foreach (var (path, format) in imported)
        {
            if (format == "CSV" && !CarriesData(path, mapping))
            {
                // Keys only (the section list of a demo market's truth.csv) or no header: nothing to analyse.
                report.Notes.Add($"{path}: 已跳过：没有可分析的列 / skipped: no columns to analyse");
                continue;
            }

            limits ??= Limits();
            var items = format switch
            {
                "OCDS" => OcdsReader.Read(path, path),
                "XLSX" => XlsxTradingReader.Read(path, path, mapping, limits, warn),
                _ => CsvTradingReader.Read(path, path, mapping, limits, warn),
            };
            Read(path, items, fragments, report);
            report.ImportedFiles++;
        }

        var fastReport = new LoadReport();
        var table = CsvLoader.Load(fast, fastReport, pricesOnly: false, more: fragments.BidCount > 0 ? fragments.AddTo : null);
        report.Errors.AddRange(fastReport.Errors);
        report.Rejected += fastReport.RejectedRows;
        report.ImportedSections = fragments.SectionCount;
        report.ImportedBids = fragments.BidCount;
        report.HasBids = fastReport.HasBidFile || fragments.BidCount > 0;
        return table;
    }

    /// <summary>One error as the importer reports it: file, line, field, reason.</summary>
    public static string Line(ImportError e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var where = e.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{e.File} 第 {e.Line} 行 / line {e.Line}") : e.File;
        return string.IsNullOrEmpty(e.Field) ? $"{where}: {e.Reason}" : $"{where}, {e.Field}: {e.Reason}";
    }

    private static void Read(string path, IEnumerable<ReadItem> items, FragmentTable fragments, AnalyzeInputReport report)
    {
        var badLines = new HashSet<long>();
        var listed = 0;
        var unlisted = 0;
        void Add(ImportError error)
        {
            badLines.Add(error.Line);
            if (listed++ < TradingImporter.MaxListedErrorsPerFile)
            {
                report.Errors.Add(Line(error));
            }
            else
            {
                unlisted++;
            }
        }

        using (var e = items.GetEnumerator())
        {
            while (true)
            {
                try
                {
                    if (!e.MoveNext())
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A corrupt workbook ends the file with a report, as in the importer; what was read stays.
                    Add(new ImportError(path, 0, "", $"无法读取文件 / cannot read the file: {ex.Message}"));
                    break;
                }

                var item = e.Current;
                if (item.Error is { } error)
                {
                    Add(error);
                }

                // A row's data comes before its errors, and is kept as the importer's --partial keeps it.
                if (item.Data is { } data)
                {
                    fragments.Add(data);
                }
            }
        }

        if (unlisted > 0)
        {
            report.Errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{path}: 另有 {unlisted} 个错误未列出 / {unlisted} more errors not listed"));
        }

        report.Rejected += badLines.Count;
    }

    /// <summary>
    /// True when the CSV's header (within the first rows, as the importer looks for it) names a column beyond the
    /// keys; false for a list of keys only or a file without a recognisable header.
    /// </summary>
    private static bool CarriesData(string path, ImportMapping? mapping)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (TextSniffer.Open(stream, out _) is not { } text)
        {
            // The reader reports why.
            return true;
        }

        using var reader = text.Reader;
        var parser = new CsvParser(reader, text.Delimiter);
        var rows = new List<IReadOnlyList<string?>>();
        var fields = new List<string>();
        try
        {
            while (rows.Count < TabularReader.HeaderSearchRows && parser.TryRead(fields, out _))
            {
                rows.Add([.. fields]);
            }
        }
        catch (Exception e) when (e is CsvFormatException or System.Text.DecoderFallbackException)
        {
            return true;
        }

        var index = TabularReader.FindHeader(rows, mapping);
        if (index < 0)
        {
            return false;
        }

        foreach (var h in rows[index])
        {
            if (string.IsNullOrWhiteSpace(h))
            {
                continue;
            }

            var norm = FieldCatalog.NormaliseHeader(h, out _);
            var field = mapping is not null && mapping.Columns.TryGetValue(norm, out var code)
                ? (code.Length > 0 ? FieldCatalog.FindCode(code) : null)
                : FieldCatalog.FindHeader(norm)?.Field;
            if (field is { Level: not FieldLevel.Key and not FieldLevel.Unused })
            {
                return true;
            }
        }

        return mapping is not null && mapping.Defaults.Count > 0;
    }

    /// <summary>The column widths the importer's CSV and XLSX readers check, from the platform's model (no database opened).</summary>
    private static ModelLimits Limits()
    {
        using var db = Database.Open("Data Source=:memory:", Database.ModelOnlyCipher());
        return new ModelLimits(db.Model);
    }
}
