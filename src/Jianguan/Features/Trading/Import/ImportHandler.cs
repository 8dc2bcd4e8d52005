using Jianguan.Features.Warnings;

namespace Jianguan.Features.Trading.Import;

/// <summary>Who imports and how. <paramref name="Warn"/> receives the importer's non-fatal notes (ignored columns).</summary>
public sealed record ImportRequest(
    AuditActor Actor, string? ImportedBy, bool Partial = false, string? MappingFile = null, bool Analyse = true,
    Action<string>? Warn = null);

/// <summary>
/// What an import did. <see cref="Summary"/> is what committed; <see cref="Analysis"/> is null when the analysis was
/// not run (nothing touched, or not asked) or failed (<see cref="AnalysisFailed"/>).
/// </summary>
public sealed record ImportResult(ImportSummary Summary, AnalysisOutcome? Analysis, bool AnalysisFailed);

/// <summary>What runs after an import has committed: tracking notices and the warning analysis of the touched sections.</summary>
public interface IAfterImportAnalysis
{
    Task<AnalysisOutcome> AfterImportAsync(JianguanDbContext db, IReadOnlyCollection<long> touched, AuditActor actor, CancellationToken ct = default);
}

/// <summary>
/// The one import path of the upload page, the push API, <c>jianguan import</c> and the demo seeder: import
/// (<see cref="TradingImporter"/>, audited), then tracking and analysis of what it touched. The files commit before
/// the analysis starts, so a failing analysis never turns a committed import into a failure: it is logged, recorded
/// in the audit trail (<c>alerts.analyze.failed</c>, on the audit page) and left to the nightly run, which analyses
/// the whole market.
/// </summary>
public sealed class ImportHandler(
    JianguanDbContext db, AuditTrail audit, TimeProvider clock, IAfterImportAnalysis analysis, ILogger<ImportHandler> log,
    Microsoft.Extensions.Options.IOptions<Platform.Tabular.XlsxLimits> xlsxLimits, ILoggerFactory loggers)
{
    private readonly ILogger timings = Platform.Timings.Logger(loggers);

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportSource> files, ImportRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(request);
        var options = new ImportOptions(request.Partial, request.MappingFile, request.ImportedBy, audit, request.Actor, xlsxLimits.Value, timings);
        var summary = await TradingImporter.ImportAsync(db, files, options, clock, request.Warn, ct);
        if (!request.Analyse || summary.SectionIds.Count == 0)
        {
            return new ImportResult(summary, null, false);
        }

        try
        {
            return new ImportResult(summary, await analysis.AfterImportAsync(db, summary.SectionIds, request.Actor, ct), false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Analysis after an import of {Sections} sections failed; the import is committed and the nightly run catches up",
                summary.SectionIds.Count);
            db.ChangeTracker.Clear();
            await RecordFailureAsync(summary, request.Actor, e, ct);
            return new ImportResult(summary, null, true);
        }
    }

    /// <summary>Files uploaded through the web (page or API): staged under neutral names, imported, deleted.</summary>
    public Task<ImportResult> ImportUploadsAsync(IReadOnlyCollection<IFormFile> files, ImportRequest request, CancellationToken ct = default) =>
        UploadedImport.StagedAsync(files, sources => ImportAsync(sources, request, ct), ct);

    private async Task RecordFailureAsync(ImportSummary summary, AuditActor actor, Exception failure, CancellationToken ct)
    {
        try
        {
            await audit.RecordAsync(db, actor, "alerts.analyze.failed", "import", new
            {
                sections = summary.SectionIds.Count,
                error = Clip($"{failure.GetType().Name}: {failure.Message}", 500),
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database that refused the analysis may refuse this too; the log above already has the failure.
            log.LogError(e, "Could not record the failed analysis in the audit trail");
            db.ChangeTracker.Clear();
        }
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
