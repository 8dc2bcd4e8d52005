using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Account;

[Authorize(Policy = Policies.Public)]
public sealed class LoginModel(SignInManager<AppUser> signInManager, JianguanDbContext db, AuditTrail audit) : PageModel
{
    public const string FailureMessage = "登录失败：用户名或密码错误，或账户已锁定、已停用。连续 5 次密码错误将锁定 15 分钟；如需帮助请联系系统管理员。";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "请输入用户名")]
        [StringLength(256)]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "请输入密码")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var userName = Input.UserName.Trim();
        var result = await signInManager.PasswordSignInAsync(userName, Input.Password, isPersistent: false, lockoutOnFailure: true);
        var outcome = result switch
        {
            { Succeeded: true } => "login.success",
            { IsLockedOut: true } => "login.locked",
            { IsNotAllowed: true } => "login.refused",
            { RequiresTwoFactor: true } => "login.second-factor",
            _ => "login.failure",
        };
        // The name typed is recorded as the actor (never the password), also when no such account exists.
        var source = AuditActor.From(HttpContext);
        await audit.RecordAsync(db, source with { UserName = userName }, outcome, userName, ct: HttpContext.RequestAborted);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" });
        }

        if (result.Succeeded)
        {
            // Only local addresses: an absolute ReturnUrl would make the login page an open redirect.
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        // One message for a wrong password, an unknown name, a locked and a disabled account: a different answer
        // would tell a stranger which names exist (issue 17, item 7). The audit trail keeps the real outcome.
        ModelState.AddModelError(string.Empty, FailureMessage);
        return Page();
    }
}
