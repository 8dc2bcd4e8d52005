using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Trading.Import;

[Authorize(Policy = Policies.TradingImport)]
[RequestSizeLimit(UploadedImport.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadedImport.MaxRequestBytes, ValueLengthLimit = 16 * 1024 * 1024)]
public sealed class ImportModel(ImportHandler imports, IDataProtectionProvider protection) : PageModel
{
    public const int MaxShownErrors = 500;

    /// <summary>
    /// An error reason as the page shows it: the Chinese half of a bilingual "中文 / English: 'value'" reason, with
    /// the value (the English half stays in the API, the CLI and the logs; issue 12, item 4).
    /// </summary>
    public static string ReasonText(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var split = reason.IndexOf(" / ", StringComparison.Ordinal);
        if (split < 0)
        {
            return reason;
        }

        var value = reason.IndexOf(": '", split, StringComparison.Ordinal);
        return reason[..split] + (value > 0 ? "：" + reason[(value + 2)..] : "");
    }

    /// <summary>
    /// The error list travels back with the download request (no server-side state, so any web node can answer),
    /// compressed and sealed with Data Protection for the signed-in account, valid for a day: the download only ever
    /// contains what the server wrote (issue 17, low). The cap keeps that form field within the form limits.
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
        ErrorsJson = ProtectErrors(protection, User.Identity?.Name ?? "", Summary.Errors.Take(MaxDownloadErrors));
        return Page();
    }

    public async Task<IActionResult> OnPostErrorsAsync(string? errorsJson, CancellationToken ct)
    {
        if (UnprotectErrors(protection, User.Identity?.Name ?? "", errorsJson) is not { } errors)
        {
            return BadRequest("错误清单无效或已过期，请重新导入后下载。");
        }

        var stream = new MemoryStream();
        await ImportErrorWorkbook.WriteAsync(stream, errors.Take(MaxDownloadErrors), ct);
        stream.Position = 0;
        return File(stream, ImportErrorWorkbook.ContentType, "导入错误清单.xlsx");
    }

    /// <summary>The sealed form of an error list, bound to the account that imported.</summary>
    public static string ProtectErrors(IDataProtectionProvider protection, string userName, IEnumerable<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(protection);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, errors.ToList());
        }

        return Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
            Protector(protection, userName).Protect(buffer.ToArray(), TimeSpan.FromDays(1)));
    }

    /// <summary>The error list, or null when the value was not sealed by this server for this account (or expired).</summary>
    public static List<ImportError>? UnprotectErrors(IDataProtectionProvider protection, string userName, string? sealedText)
    {
        ArgumentNullException.ThrowIfNull(protection);
        try
        {
            var bytes = Protector(protection, userName).Unprotect(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(sealedText ?? ""));
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<List<ImportError>>(gzip) ?? [];
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException or InvalidDataException)
        {
            return null;
        }
    }

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection, string userName) =>
        protection.CreateProtector("Jianguan.Import.ErrorList.v1", userName).ToTimeLimitedDataProtector();
}
