using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Account;

/// <summary>The second login step: a code from the authenticator app, or one of the recovery codes.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class LoginWith2faModel(SignInManager<AppUser> signInManager, JianguanDbContext db, AuditTrail audit) : PageModel
{
    [BindProperty]
    [StringLength(32)]
    public string? Code { get; set; }

    [BindProperty]
    [StringLength(32)]
    public string? RecoveryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>False when no password step is pending (expired, or opened directly).</summary>
    public bool Pending { get; private set; }

    public async Task OnGetAsync() => Pending = await signInManager.GetTwoFactorAuthenticationUserAsync() is not null;

    public Task<IActionResult> OnPostAsync() =>
        SignInAsync("totp", Code, c => signInManager.TwoFactorAuthenticatorSignInAsync(c, isPersistent: false, rememberClient: false));

    public Task<IActionResult> OnPostRecoveryAsync() =>
        SignInAsync("recovery-code", RecoveryCode, signInManager.TwoFactorRecoveryCodeSignInAsync);

    private async Task<IActionResult> SignInAsync(string factor, string? code, Func<string, Task<Microsoft.AspNetCore.Identity.SignInResult>> signIn)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            Pending = false;
            return Page();
        }

        Pending = true;
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(code))
        {
            ModelState.AddModelError(string.Empty, "请输入验证码。");
            return Page();
        }

        var result = await signIn(code.Trim());
        var outcome = result switch
        {
            { Succeeded: true } => "login.success",
            { IsLockedOut: true } => "login.locked",
            { IsNotAllowed: true } => "login.refused",
            _ => "login.failure",
        };
        var userName = user.UserName ?? "";
        await audit.RecordAsync(db, AuditActor.From(HttpContext) with { UserName = userName, UserId = user.Id }, outcome, userName,
            new { step = "second-factor", factor }, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        ModelState.AddModelError(string.Empty, result switch
        {
            { IsLockedOut: true } => "账户已被锁定，请 15 分钟后再试或联系系统管理员。",
            { IsNotAllowed: true } => "该账户当前不允许登录，请联系系统管理员。",
            _ => factor == "totp" ? "验证码错误或已使用，请输入验证器中的最新验证码。" : "恢复码无效或已使用。",
        });
        return Page();
    }
}
