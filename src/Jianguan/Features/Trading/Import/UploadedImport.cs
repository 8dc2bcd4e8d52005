using Jianguan.Platform.Documents;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Files uploaded through the web (page or API): checked, then copied to a private temporary folder under a neutral
/// name that keeps only the extension for <see cref="ImportHandler"/>, and deleted afterwards.
/// </summary>
public static class UploadedImport
{
    /// <summary>Upper bound of one upload request (all files together).</summary>
    public const long MaxRequestBytes = 200L * 1024 * 1024;

    public static IReadOnlyList<string> Extensions { get; } = [".csv", ".xlsx", ".json", ".jsonl"];

    /// <summary>A message in Chinese when the upload cannot be imported at all, else null.</summary>
    public static string? Validate(IReadOnlyCollection<IFormFile>? files)
    {
        if (files is null || files.Count == 0 || files.All(f => f.Length == 0))
        {
            return "请选择至少一个非空文件。";
        }

        var bad = files.Where(f => !Extensions.Contains(Path.GetExtension(f.FileName).ToLowerInvariant())).ToList();
        if (bad.Count > 0)
        {
            return $"不支持的文件类型：{string.Join("、", bad.Select(f => DisplayName(f.FileName)))}。仅支持 CSV、XLSX、JSON、JSONL。";
        }

        return files.Sum(f => f.Length) > MaxRequestBytes ? "文件总大小超过 200 MB 上限。" : null;
    }

    /// <summary>Copies the uploads into a private temporary folder, runs <paramref name="import"/> on them, deletes them.</summary>
    public static async Task<T> StagedAsync<T>(
        IReadOnlyCollection<IFormFile> files, Func<IReadOnlyList<ImportSource>, Task<T>> import, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(import);
        var folder = Path.Combine(Path.GetTempPath(), "jianguan-upload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var sources = new List<ImportSource>();
            var index = 0;
            foreach (var file in files.Where(f => f.Length > 0))
            {
                // Never trust the client's file name as a path: it names the file in reports only.
                var path = Path.Combine(folder, $"{index++:D3}{Path.GetExtension(file.FileName).ToLowerInvariant()}");
                await using (var target = File.Create(path))
                {
                    await file.CopyToAsync(target, ct);
                }

                sources.Add(new ImportSource(DisplayName(file.FileName), path));
            }

            return await import(sources);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Whether an import is reported as rejected (HTTP 422): errors that stopped data from being written.</summary>
    public static bool IsRejected(ImportSummary summary, bool partial)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var written = summary.Projects + summary.Sections + summary.Bids + summary.Entities;
        return summary.Errors.Count > 0 && (!partial || written == 0);
    }

    private static string DisplayName(string fileName) => Path.GetFileName(fileName.Replace('\\', '/'));
}

/// <summary>The per-row error report as an XLSX workbook that a data officer downloads, fixes and re-sends.</summary>
public static class ImportErrorWorkbook
{
    public const string ContentType = XlsxDocument.ContentType;

    /// <summary>Error reasons quote the submitted values, which come from outside: the workbook writer guards every text cell.</summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<ImportError> errors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var rows = errors.Select(e => (e.File, Line: (long?)e.Line, e.Field, e.Reason)).ToList();
        if (rows.Count == 0)
        {
            rows.Add(("", null, "", "无错误"));
        }

        await XlsxDocument.WriteAsync(stream, "导入错误", rows,
            [new("文件", r => r.File), new("行号", r => r.Line), new("字段", r => r.Field), new("原因", r => r.Reason)], ct);
    }
}
