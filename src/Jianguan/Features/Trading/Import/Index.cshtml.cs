using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Trading.Import;

[Authorize(Policy = Policies.TradingImport)]
[RequestSizeLimit(UploadedImport.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadedImport.MaxRequestBytes, ValueLengthLimit = 16 * 1024 * 1024)]
public sealed class ImportModel(ImportHandler imports) : PageModel
{
    public const int MaxShownErrors = 500;

    /// <summary>
    /// The error list travels back with the download request (no server-side state, so any web node can answer);
    /// the cap keeps that form field within the form limits.
    /// </summary>
    public const int MaxDownloadErrors = 20_000;

    public bool PartialImport { get; private set; }

    public ImportSummary? Summary { get; private set; }

    public bool Rejected { get; private set; }

    /// <summary>The files committed but the analysis after them failed (recorded; the nightly run catches up).</summary>
    public bool AnalysisFailed { get; private set; }

    public string? Error { get; private set; }

    public string ErrorsJson { get; private set; } = "[]";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(List<IFormFile> files, bool partial, CancellationToken ct)
    {
        PartialImport = partial;
        if (UploadedImport.Validate(files) is { } error)
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await imports.ImportUploadsAsync(files, new ImportRequest(AuditActor.From(HttpContext), User.Identity?.Name, partial), ct);
        Summary = result.Summary;
        AnalysisFailed = result.AnalysisFailed;
        Rejected = UploadedImport.IsRejected(Summary, partial);
        ErrorsJson = JsonSerializer.Serialize(Summary.Errors.Take(MaxDownloadErrors));
        return Page();
    }

    public async Task<IActionResult> OnPostErrorsAsync(string? errorsJson, CancellationToken ct)
    {
        List<ImportError> errors;
        try
        {
            errors = JsonSerializer.Deserialize<List<ImportError>>(errorsJson ?? "[]") ?? [];
        }
        catch (JsonException)
        {
            return BadRequest();
        }

        var stream = new MemoryStream();
        await ImportErrorWorkbook.WriteAsync(stream, errors.Take(MaxDownloadErrors), ct);
        stream.Position = 0;
        return File(stream, ImportErrorWorkbook.ContentType, "导入错误清单.xlsx");
    }
}
