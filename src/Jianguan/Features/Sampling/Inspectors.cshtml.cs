using System.Text.Json;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Sampling;

/// <summary>执法人员名录库: the 司法局 refreshes it from the HR spreadsheet, with a preview before anything is written.</summary>
[Authorize(Policy = Policies.InspectorPool)]
[RequestSizeLimit(20 * 1024 * 1024)]
public sealed class InspectorsModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : Shared.PagedPageModel
{
    /// <summary>Code, name or department contains this.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The current page of the pool.</summary>
    public List<Inspector> Inspectors { get; private set; } = [];

    /// <summary>Inspectors matching the filter (all pages).</summary>
    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public InspectorImportPreview? Preview { get; private set; }

    public string PreviewJson { get; private set; } = "";

    public string? Message { get; private set; }

    public DateOnly Today => ChinaTime.Today(time);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Inspectors.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var text = Q.Trim();
            query = query.Where(i => i.Code.Contains(text) || i.Name.Contains(text) || i.Department.Contains(text));
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Inspectors = await query.OrderBy(i => i.Code).ThenBy(i => i.Id)
            .Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Message = "请选择 XLSX 文件";
        }
        else
        {
            await using var stream = new MemoryStream();
            await file.CopyToAsync(stream, ct);
            stream.Position = 0;
            Preview = await SamplingWorkbooks.PreviewAsync(db, stream, Today, ct);
            PreviewJson = JsonSerializer.Serialize(Preview);
        }

        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? previewJson, CancellationToken ct)
    {
        InspectorImportPreview? preview;
        try
        {
            preview = JsonSerializer.Deserialize<InspectorImportPreview>(previewJson ?? "");
        }
        catch (JsonException)
        {
            return BadRequest();
        }

        if (preview is null)
        {
            return BadRequest();
        }

        try
        {
            await SamplingWorkbooks.ApplyAsync(db, audit, AuditActor.From(HttpContext), preview, time.GetUtcNow(), ct);
            Message = $"已导入：新增 {preview.Added.Count} 名，更新 {preview.Updated.Count} 名";
        }
        catch (SamplingException e)
        {
            Message = e.Message;
        }

        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct)
    {
        var stream = new MemoryStream();
        await SamplingWorkbooks.WriteTemplateAsync(stream, ct);
        stream.Position = 0;
        return File(stream, SamplingWorkbooks.ContentType, "执法人员名录模板.xlsx");
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var stream = new MemoryStream();
        await SamplingWorkbooks.WriteInspectorsAsync(db, stream, ct);
        stream.Position = 0;
        return File(stream, SamplingWorkbooks.ContentType, "执法人员名录.xlsx");
    }
}
