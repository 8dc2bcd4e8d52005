using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Jianguan.Platform.Time;
using Jianguan.Platform.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Trading.Tokens;

/// <summary>
/// 三员分立 for machine access: the data's owner unit (the trading center, the 公管办) requests a token for its own
/// system; the security administrator approves it on /Admin/Tokens. The token text is shown here, to the requester,
/// once, when the request is made; it works only after approval, reads what the unit may read and is audited as
/// 单位名·令牌名. No administrator ever holds it.
/// </summary>
[Authorize(Policy = Policies.TokenRequest)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock) : PageModel
{
    public IReadOnlyList<MachineToken> Tokens { get; private set; } = [];

    public Organisation? Unit { get; private set; }

    public DateTimeOffset Now { get; private set; }

    [BindProperty]
    public RequestInput Input { get; set; } = new();

    public string? IssuedText { get; private set; }

    public string? IssuedName { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public sealed class RequestInput
    {
        [Required(ErrorMessage = "请输入令牌名称（使用系统）")]
        [StringLength(100, ErrorMessage = "名称不超过 100 个字符")]
        public string Name { get; set; } = "";

        public List<string> Scopes { get; set; } = [];

        [Required(ErrorMessage = "请填写用途")]
        [StringLength(MachineTokens.PurposeMaxLength, ErrorMessage = "用途不超过 500 个字符")]
        public string Purpose { get; set; } = "";

        [Range(1, MachineTokens.MaxDays, ErrorMessage = "有效期为 1 至 366 天")]
        public int Days { get; set; } = 90;
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var scopes = Input.Scopes.Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(s => !Platform.Auth.Scopes.ChineseNames.ContainsKey(s)))
        {
            ModelState.AddModelError("Input.Scopes", "请至少选择一项权限范围。");
        }

        if (Unit is null)
        {
            ModelState.AddModelError("", "您的账户未关联单位，不能申请令牌：请联系系统管理员设置所属单位。");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (token, text) = MachineTokens.Request(Input.Name.Trim(), scopes, Unit!.Id, User.Identity?.Name ?? "",
            User.FindFirstValue(ClaimTypes.NameIdentifier), Input.Purpose.Trim(), Input.Days, clock.GetUtcNow());
        db.MachineTokens.Add(token);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "token.request", "token:" + token.Prefix,
            new { token.Name, token.Scopes, organisation = token.OrganisationId, token.Purpose, days = token.ValidDays }, ct);
        IssuedText = text;
        IssuedName = token.Name;
        Input = new RequestInput();
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The unit withdraws one of its own tokens (a pending request or an approved token).</summary>
    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Unit is null || await db.MachineTokens.SingleOrDefaultAsync(t => t.Id == id && t.OrganisationId == Unit.Id, ct) is not { } token)
        {
            return NotFound();
        }

        await MachineTokens.RevokeAsync(db, token, audit, AuditActor.From(HttpContext), clock.GetUtcNow(), ct);

        Message = $"令牌 {token.Name} 已吊销。";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        Unit = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Organisation).FirstOrDefaultAsync(ct);
        var unitId = Unit?.Id;
        Tokens = unitId is null ? [] : await db.MachineTokens.AsNoTracking().Where(t => t.OrganisationId == unitId)
            .OrderByDescending(t => t.Id).ToListAsync(ct);
    }

    public static string Time(DateTimeOffset? value) => ChinaTime.FormatMinute(value);
}
