using Jianguan.Data;

namespace Jianguan.Features.Trading.Import;

/// <summary>A file to import: the name shown in error reports, and where its bytes are.</summary>
public sealed record ImportSource(string Name, string Path);

public sealed record ImportOptions(bool Partial = false, string? MappingFile = null, string? ImportedBy = null);

/// <summary>The import summary, printed by the CLI as one JSON line and shown by the upload page.</summary>
public sealed record ImportSummary(
    int Files, int Projects, int Sections, int Bids, int Entities, int Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>Imports trading files of any supported format: atomic per file (unless partial), idempotent.</summary>
public static class TradingImporter
{
    public static Task<ImportSummary> ImportAsync(
        JianguanDbContext db, IReadOnlyList<ImportSource> files, ImportOptions options, CancellationToken ct = default) =>
        throw new NotImplementedException("contract placeholder: the import slice replaces this body");
}
