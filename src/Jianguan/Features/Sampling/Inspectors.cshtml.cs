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

    /// <summary>Accounts that may be linked (roles of the inspection policy), for the picker.</summary>
    public List<InspectorAccount> Accounts { get; private set; } = [];

    /// <summary>Display names of the linked accounts on this page, by account id.</summary>
    public Dictionary<string, string> Linked { get; private set; } = [];

    /// <summary>The link form's values, kept when it is refused.</summary>
    [BindProperty]
    public string? LinkCode { get; set; }

    [BindProperty]
    public string? LinkAccount { get; set; }

    [BindProperty]
    public string? LinkUserName { get; set; }

    public string? LinkError { get; private set; }

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
        Accounts = await InspectorAccounts.CandidatesAsync(db, ct);
        var ids = Inspectors.Where(i => i.UserId != null).Select(i => i.UserId!).ToList();
        Linked = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName == "" ? u.UserName ?? "" : $"{u.DisplayName}（{u.UserName}）", ct);
    }

    /// <summary>Links an inspector to a login account, picked from the list or given by its user name; or removes the link.</summary>
    public async Task<IActionResult> OnPostLinkAsync(string? unlink, CancellationToken ct)
    {
        var code = (LinkCode ?? "").Trim();
        var inspector = await db.Inspectors.AsNoTracking().Where(i => i.Code == code).Select(i => (long?)i.Id).SingleOrDefaultAsync(ct);
        try
        {
            if (inspector is null)
            {
                throw new SamplingException(code.Length == 0 ? "人员编号：未填写" : $"人员编号：名录中没有 {code}");
            }

            var identifier = string.IsNullOrWhiteSpace(LinkUserName) ? LinkAccount : LinkUserName;
            await InspectorAccounts.LinkAsync(db, audit, AuditActor.From(HttpContext), inspector.Value, identifier, unlink is not null, time.GetUtcNow(), ct);
            Message = unlink is not null ? $"已取消 {code} 的登录账号关联" : $"已为 {code} 关联登录账号";
            LinkCode = LinkAccount = LinkUserName = null;
        }
        catch (SamplingException e)
        {
            db.ChangeTracker.Clear();
            LinkError = e.Message;
        }

        await OnGetAsync(ct);
        return Page();
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
            Preview = await SamplingWorkbooks.PreviewAsync(db, stream, Today, ct, file.FileName);
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
        await SamplingWorkbooks.WriteTemplateAsync(db, stream, ct);
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
