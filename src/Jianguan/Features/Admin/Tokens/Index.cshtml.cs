using System.ComponentModel.DataAnnotations;
using Jianguan.Platform.Time;
using Jianguan.Platform.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Admin.Tokens;

/// <summary>
/// Machine tokens for other systems, issued and revoked by the security administrator. The token text is shown in
/// the response that issues it and never again; only its SM3 hash is stored.
/// </summary>
[Authorize(Policy = Policies.SecurityAdmin)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock) : PageModel
{
    public IReadOnlyList<MachineToken> Tokens { get; private set; } = [];

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    [BindProperty]
    public IssueInput Input { get; set; } = new();

    public string? IssuedText { get; private set; }

    public string? IssuedName { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public sealed class IssueInput
    {
        [Required(ErrorMessage = "请输入令牌名称（使用系统）")]
        [StringLength(100, ErrorMessage = "名称不超过 100 个字符")]
        public string Name { get; set; } = "";

        public List<string> Scopes { get; set; } = [];

        public int? OrganisationId { get; set; }

        [Range(1, MachineTokens.MaxDays, ErrorMessage = "有效期为 1 至 366 天")]
        public int Days { get; set; } = 90;
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var scopes = Input.Scopes.Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(s => !Scopes.ChineseNames.ContainsKey(s)))
        {
            ModelState.AddModelError("Input.Scopes", "请至少选择一项权限范围。");
        }

        if (Input.OrganisationId is { } org && !await db.Organisations.AnyAsync(o => o.Id == org, ct))
        {
            ModelState.AddModelError("Input.OrganisationId", "所属单位不存在。");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        var now = clock.GetUtcNow();
        var (token, text) = MachineTokens.Create(Input.Name.Trim(), scopes, Input.OrganisationId, User.Identity?.Name ?? "",
            now, now.AddDays(Input.Days));
        db.MachineTokens.Add(token);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "token.issue", "token:" + token.Prefix,
            new { token.Name, token.Scopes, organisation = token.OrganisationId, expires = token.ExpiresAt }, ct);
        IssuedText = text;
        IssuedName = token.Name;
        Input = new IssueInput();
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (await db.MachineTokens.SingleOrDefaultAsync(t => t.Id == id, ct) is not { } token)
        {
            return NotFound();
        }

        if (!token.Revoked)
        {
            token.Revoked = true;
            token.RevokedAt = clock.GetUtcNow();
            token.RevokedBy = User.Identity?.Name;
            await audit.RecordAsync(db, AuditActor.From(HttpContext), "token.revoke", "token:" + token.Prefix, new { token.Name }, ct);
        }

        Message = $"令牌 {token.Name} 已吊销。";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Tokens = await db.MachineTokens.AsNoTracking().Include(t => t.Organisation).OrderByDescending(t => t.Id).ToListAsync(ct);
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
    }

    public static string Time(DateTimeOffset? value) =>
        ChinaTime.FormatMinute(value);
}
