using System.Data.Common;
using System.Security.Cryptography;
using Jianguan.Features.Trading.Import.Ocds;

namespace Jianguan.Features.Trading.Import;

/// <summary>A file to import: the name shown in error reports, and where its bytes are.</summary>
public sealed record ImportSource(string Name, string Path);

/// <summary>How to import; with <paramref name="Audit"/> the outcome is appended to the audit chain as <paramref name="Actor"/>.</summary>
/// <remarks><paramref name="Timings"/> receives each file's phase timings (<see cref="Platform.Timings"/>: off unless its log level is Debug).</remarks>
public sealed record ImportOptions(bool Partial = false, string? MappingFile = null, string? ImportedBy = null,
    AuditTrail? Audit = null, AuditActor? Actor = null, Platform.Tabular.XlsxLimits? Xlsx = null, ILogger? Timings = null)
{
    /// <summary>
    /// Fragments and bids per PostgreSQL chunk (null: the writer's defaults); tests lower them so that small files
    /// span several chunks.
    /// </summary>
    internal (int Rows, int Bids)? Chunk { get; init; }
}

/// <summary>The import summary, printed by the CLI as one JSON line and shown by the upload page.</summary>
/// <remarks>
/// <see cref="Rejected"/> counts the distinct rows refused (a file refused before any row was read counts as one);
/// <see cref="RowsNew"/>, <see cref="RowsUpdated"/> and <see cref="RowsUnchanged"/> count the rows written by the
/// files that landed; <see cref="Warnings"/> lists the sections that already had an opening record and got more bids.
/// </remarks>
public sealed record ImportSummary(
    int Files, int Projects, int Sections, int Bids, int Entities, int Rejected, IReadOnlyList<ImportError> Errors)
{
    /// <summary>Files not imported (refused whole or rolled back).</summary>
    public int FilesRejected { get; init; }

    /// <summary>Rows that added a project, section or bid not stored before.</summary>
    public int RowsNew { get; init; }

    /// <summary>Rows that changed stored values only.</summary>
    public int RowsUpdated { get; init; }

    /// <summary>Rows already stored as they are (a second import of the same file: all of them).</summary>
    public int RowsUnchanged { get; init; }

    /// <summary>Notes that do not refuse anything (bids appended to a section opened before).</summary>
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];

    /// <summary>Database ids of the sections written or changed: what the warning analysis looks at after the import.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyCollection<long> SectionIds { get; init; } = [];
}

/// <summary>Imports trading files of any supported format: atomic per file (unless partial), idempotent.</summary>
public static class TradingImporter
{
    /// <summary>Errors listed per file; the rest are counted, so that a wholly wrong file cannot flood the report.</summary>
    public const int MaxListedErrorsPerFile = 200;

    public static Task<ImportSummary> ImportAsync(
        JianguanDbContext db, IReadOnlyList<ImportSource> files, ImportOptions options, CancellationToken ct = default) =>
        ImportAsync(db, files, options, TimeProvider.System, warn: null, ct);

    /// <summary>
    /// Imports each file in its own transaction: a committed file stays even if a later one fails or the process
    /// stops. Throws <see cref="ImportMappingException"/> for an unusable mapping file; every problem of an input
    /// file is reported in the summary instead. <paramref name="warn"/> receives non-fatal notes (ignored columns).
    /// </summary>
    public static async Task<ImportSummary> ImportAsync(
        JianguanDbContext db, IReadOnlyList<ImportSource> files, ImportOptions options, TimeProvider clock,
        Action<string>? warn, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var mapping = options.MappingFile is null ? null : ImportMapping.Load(options.MappingFile);
        var limits = new ModelLimits(db.Model);
        var total = new TouchedRows();
        var errors = new List<ImportError>();
        var landed = 0;
        var rejected = 0;
        var filesRejected = 0;
        var (rowsNew, rowsUpdated, rowsUnchanged) = (0, 0, 0);
        var warnings = new List<ImportWarning>();

        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var result = await ImportFileAsync(db, file, options, mapping, limits, clock, warn, ct);
            errors.AddRange(result.Errors);
            rejected += result.Rejected;
            warnings.AddRange(result.Warnings);
            rowsNew += result.RowsNew;
            rowsUpdated += result.RowsUpdated;
            rowsUnchanged += result.RowsUnchanged;
            if (result.Touched is null)
            {
                filesRejected++;
            }

            if (result.Touched is { } touched)
            {
                landed++;
                total.Projects.UnionWith(touched.Projects);
                total.Sections.UnionWith(touched.Sections);
                total.Bids.UnionWith(touched.Bids);
                total.Entities.UnionWith(touched.Entities);
            }
        }

        // Each file's audit entry committed with the file (or with its refusal record): nothing is written after
        // the last file, so a crash between files leaves every committed file audited (issue 17, item 8).
        return new ImportSummary(landed, total.Projects.Count, total.Sections.Count, total.Bids.Count,
            total.Entities.Count, rejected, errors)
        {
            SectionIds = total.Sections,
            FilesRejected = filesRejected,
            RowsNew = rowsNew,
            RowsUpdated = rowsUpdated,
            RowsUnchanged = rowsUnchanged,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The <c>trading.import</c> entry of one file, for the file's own transaction; null when the import is not audited.
    /// </summary>
    private static Func<CancellationToken, Task>? AuditOf(JianguanDbContext db, ImportOptions options, ImportBatch batch, bool landed) =>
        options.Audit is { } audit && options.Actor is { } actor
            ? ct => audit.RecordAsync(db, actor, "trading.import", batch.FileName, new
            {
                landed,
                sha256 = batch.Sha256,
                format = batch.Format,
                projects = batch.Projects,
                sections = batch.Sections,
                bids = batch.Bids,
                entities = batch.Entities,
                rejected = batch.Rejected,
                partial = options.Partial,
            }, ct)
            : null;

    /// <summary>The file's audit entry, then one <c>trading.entity_merge</c> entry per merge its commit made.</summary>
    private static Func<CancellationToken, Task>? WithMerges(
        Func<CancellationToken, Task>? fileAudit, JianguanDbContext db, ImportOptions options, TradingWriter writer) =>
        fileAudit is null || options.Audit is not { } audit || options.Actor is not { } actor
            ? fileAudit
            : async ct =>
            {
                await fileAudit(ct);
                foreach (var m in writer.Merges)
                {
                    await audit.RecordAsync(db, actor, "trading.entity_merge", m.ToKey, new
                    {
                        fromId = m.FromId,
                        fromKey = m.FromKey,
                        fromName = m.FromName,
                        toId = m.ToId,
                        toName = m.ToName,
                    }, ct);
                }
            };

    private sealed record FileResult(TouchedRows? Touched, int Rejected, List<ImportError> Errors)
    {
        public int RowsNew { get; init; }
        public int RowsUpdated { get; init; }
        public int RowsUnchanged { get; init; }
        public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];
    }

    /// <summary>Distinct refused rows; a file refused before any row counts as one.</summary>
    private static int RejectedRows(HashSet<long> badLines) =>
        badLines.Count(l => l > 0) is var rows and > 0 ? rows : badLines.Count > 0 ? 1 : 0;

    private static async Task<FileResult> ImportFileAsync(
        JianguanDbContext db, ImportSource file, ImportOptions options, ImportMapping? mapping, ModelLimits limits,
        TimeProvider clock, Action<string>? warn, CancellationToken ct)
    {
        var report = new ErrorReport(file.Name);
        if (!File.Exists(file.Path))
        {
            report.Add(new ImportError(file.Name, 0, "", "文件不存在 / file not found"));
            await AuditUnreadAsync(db, options, file, "not found", ct);
            return new FileResult(null, 1, report.Errors);
        }

        string sha;
        try
        {
            await using var stream = File.OpenRead(file.Path);
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.Add(new ImportError(file.Name, 0, "", $"无法读取文件 / cannot read the file: {e.Message}"));
            await AuditUnreadAsync(db, options, file, "unreadable", ct);
            return new FileResult(null, 1, report.Errors);
        }

        var batch = new ImportBatch
        {
            FileName = file.Name,
            Sha256 = sha,
            Format = "UNKNOWN",
            ImportedAt = clock.GetUtcNow(),
            ImportedBy = options.ImportedBy,
        };
        var (format, problem) = DetectFormat(file);
        if (format is null)
        {
            report.Add(new ImportError(file.Name, 0, "", problem!));
            batch.Rejected = 1;
            await TradingWriter.RecordRefusedAsync(db, batch, AuditOf(db, options, batch, landed: false), ct);
            return new FileResult(null, 1, report.Errors);
        }

        batch.Format = format;
        IEnumerable<ReadItem> items = format switch
        {
            "OCDS" => OcdsReader.Read(file.Path, file.Name),
            "XLSX" => XlsxTradingReader.Read(file.Path, file.Name, mapping, limits, warn, options.Xlsx),
            _ => CsvTradingReader.Read(file.Path, file.Name, mapping, limits, warn),
        };

        var badLines = new HashSet<long>();
        var broken = false;
        await using (var writer = await TradingWriter.BeginAsync(db, limits, clock.GetUtcNow(), ct))
        {
            if (options.Chunk is { } chunk)
            {
                (writer.ChunkRows, writer.ChunkBids) = chunk;
            }

            await using (var e = ReadAhead.RunAsync(items, ct).GetAsyncEnumerator(ct))
            {
                while (true)
                {
                    bool more;
                    var waited = ImportPhases.Start();
                    try
                    {
                        more = await e.MoveNextAsync();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A reader that throws (a corrupt workbook, malformed JSON) ends the file with a report, not a crash.
                        report.Add(new ImportError(file.Name, 0, "", $"无法读取文件 / cannot read the file: {ex.Message}"));
                        badLines.Add(0);
                        break;
                    }

                    writer.Phases.Add("read", waited);
                    if (!more)
                    {
                        break;
                    }

                    var item = e.Current;
                    if (item.Error is { } error)
                    {
                        report.Add(error);
                        badLines.Add(item.Line);
                        continue;
                    }

                    if (item.Data is null)
                    {
                        continue;
                    }

                    if (badLines.Count > 0 && !options.Partial)
                    {
                        // After the first error of an atomic file nothing more is written; reading and checking go on,
                        // so that the receipt lists every bad row, not only those the readers catch (issue 12, 5 (e)).
                        if (writer.Validate(item.Data, file.Name, item.Line) is { Count: > 0 } invalid)
                        {
                            report.AddRange(invalid);
                            badLines.Add(item.Line);
                        }

                        continue;
                    }

                    IReadOnlyList<ImportError> refused;
                    var writing = ImportPhases.Start();
                    try
                    {
                        refused = await writer.WriteAsync(item.Data, file.Name, item.Line, ct);
                        writer.Phases.Add("write rows", writing);
                    }
                    catch (DbException ex)
                    {
                        report.Add(new ImportError(file.Name, item.Line, "", $"写入数据库失败 / database write failed: {ex.Message}"));
                        badLines.Add(item.Line);
                        broken = true;
                        break;
                    }

                    if (refused.Count > 0)
                    {
                        report.AddRange(refused);
                        badLines.Add(item.Line);
                    }
                }
            }

            if (broken || (badLines.Count > 0 && !options.Partial))
            {
                await writer.RollbackAsync();
                var rows = badLines.Count(l => l > 0);
                if (rows > 0 && !broken)
                {
                    report.AddAlways(new ImportError(file.Name, 0, "", string.Create(CultureInfo.InvariantCulture,
                        $"文件未导入：{rows} 行有错误，整个文件已回滚（--partial 可导入其余行）/ file not imported: {rows} bad row(s), so nothing of the file was kept (--partial imports the good rows)")));
                }
            }
            else
            {
                try
                {
                    // Buffered fragments (PostgreSQL writes a chunk at a time) land before the counts are read.
                    var flushing = ImportPhases.Start();
                    await writer.FlushAsync(ct);
                    writer.Phases.Add("write rows", flushing);
                    var touched = writer.Touched;
                    batch.Projects = touched.Projects.Count;
                    batch.Sections = touched.Sections.Count;
                    batch.Bids = touched.Bids.Count;
                    batch.Entities = touched.Entities.Count;
                    batch.Rejected = RejectedRows(badLines);
                    await writer.CommitAsync(batch, WithMerges(AuditOf(db, options, batch, landed: true), db, options, writer), ct);
                    writer.Phases.Report(options.Timings, file.Name);
                    report.Finish();
                    return new FileResult(touched, RejectedRows(badLines), report.Errors)
                    {
                        RowsNew = writer.RowsNew,
                        RowsUpdated = writer.RowsUpdated,
                        RowsUnchanged = writer.RowsUnchanged,
                        Warnings = [.. writer.Appended.Select(a => new ImportWarning(file.Name, a.Project, a.Section, a.Before, a.Added,
                            string.Create(CultureInfo.InvariantCulture,
                                $"标段 {a.Section}（项目 {a.Project}）导入前已有 {a.Before} 家投标的开标记录，本次又追加 {a.Added} 家投标，请核实开标记录是否完整 / section {a.Section} of project {a.Project} had {a.Before} bid(s) recorded at opening before this import and got {a.Added} more")))],
                    };
                }
                catch (DbException ex)
                {
                    // Deferred statements run at the latest here; a failure leaves nothing of the file.
                    await writer.RollbackAsync();
                    report.AddAlways(new ImportError(file.Name, 0, "", $"写入数据库失败，文件未导入 / database write failed, file not imported: {ex.Message}"));
                    badLines.Add(0);
                    (batch.Projects, batch.Sections, batch.Bids, batch.Entities) = (0, 0, 0, 0);
                }
            }
        }

        batch.Rejected = RejectedRows(badLines);
        await TradingWriter.RecordRefusedAsync(db, batch, AuditOf(db, options, batch, landed: false), ct);
        report.Finish();
        return new FileResult(null, RejectedRows(badLines), report.Errors);
    }

    private static async Task AuditUnreadAsync(JianguanDbContext db, ImportOptions options, ImportSource file, string why, CancellationToken ct)
    {
        if (options.Audit is { } audit && options.Actor is { } actor)
        {
            await audit.RecordAsync(db, actor, "trading.import", file.Name, new { landed = false, error = why, partial = options.Partial }, ct);
        }
    }

    /// <summary>OCDS, XLSX or CSV by content first (portals rename files), then by extension.</summary>
    internal static (string? Format, string? Problem) DetectFormat(ImportSource file)
    {
        Span<byte> head = stackalloc byte[512];
        int n;
        using (var stream = File.OpenRead(file.Path))
        {
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..n];
        if (n == 0)
        {
            return (null, "文件为空 / the file is empty");
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return ("XLSX", null);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            return (null, "不支持旧版 Excel（.xls）格式，请另存为 .xlsx 或 CSV / the old Excel format (.xls) is not supported; save the file as .xlsx or CSV");
        }

        var ext = Path.GetExtension(file.Name).ToLowerInvariant();
        if (ext.Length == 0)
        {
            ext = Path.GetExtension(file.Path).ToLowerInvariant();
        }

        if (ext is ".json" or ".jsonl" or ".ndjson")
        {
            return ("OCDS", null);
        }

        if (ext is ".xlsx" or ".xlsm")
        {
            // Not a zip: portals often send CSV text under an Excel name; the CSV reader decides.
            return ("CSV", null);
        }

        var text = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        var first = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && text[first] is (byte)'{' or (byte)'[' && OcdsReader.CanRead(file.Path))
        {
            return ("OCDS", null);
        }

        return ("CSV", null);
    }

    /// <summary>A file's errors, listed up to a limit and counted beyond it.</summary>
    private sealed class ErrorReport(string file)
    {
        private int unlisted;

        public List<ImportError> Errors { get; } = [];

        public void Add(ImportError error)
        {
            if (Errors.Count < MaxListedErrorsPerFile)
            {
                Errors.Add(error);
            }
            else
            {
                unlisted++;
            }
        }

        public void AddRange(IEnumerable<ImportError> errors)
        {
            foreach (var e in errors)
            {
                Add(e);
            }
        }

        public void AddAlways(ImportError error) => Errors.Add(error);

        public void Finish()
        {
            if (unlisted > 0)
            {
                Errors.Add(new ImportError(file, 0, "", string.Create(CultureInfo.InvariantCulture,
                    $"另有 {unlisted} 个错误未列出 / {unlisted} more errors not listed")));
                unlisted = 0;
            }
        }
    }
}
