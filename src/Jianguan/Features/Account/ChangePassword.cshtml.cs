using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Account;

/// <summary>
/// Every account changes its own password here; an account with an initial or reset password is sent here before
/// anything else (<see cref="MustChangePassword"/>).
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class ChangePasswordModel(
    UserManager<AppUser> users, SignInManager<AppUser> signInManager, JianguanDbContext db, AuditTrail audit) : PageModel
{
    [BindProperty]
    public ChangeInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Forced { get; private set; }

    public sealed class ChangeInput
    {
        [Required(ErrorMessage = "请输入当前密码")]
        [DataType(DataType.Password)]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "请输入新密码")]
        [StringLength(128, ErrorMessage = "密码不超过 128 位")]
        [DataType(DataType.Password)]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "请再次输入新密码")]
        [DataType(DataType.Password)]
        [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet() => Forced = User.HasClaim(MustChangePassword.Claim, "true");

    public async Task<IActionResult> OnPostAsync()
    {
        Forced = User.HasClaim(MustChangePassword.Claim, "true");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var actor = AuditActor.From(HttpContext);
        if (await users.IsLockedOutAsync(user))
        {
            return await EndLockedSessionAsync(user, actor);
        }

        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded && result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            // A wrong current password counts toward the lockout like a failed login: an open session (a
            // borrowed or stolen one) must not become an unlimited password-guessing oracle.
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user))
            {
                await audit.RecordAsync(db, actor, "password.change-failed", user.UserName ?? "",
                    new { errors = result.Errors.Select(e => e.Code).ToArray(), locked = true }, HttpContext.RequestAborted);
                return await EndLockedSessionAsync(user, actor);
            }
        }

        if (!result.Succeeded)
        {
            // Error codes only: never the passwords typed.
            await audit.RecordAsync(db, actor, "password.change-failed", user.UserName ?? "",
                new { errors = result.Errors.Select(e => e.Code).ToArray() }, HttpContext.RequestAborted);
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            return Page();
        }

        // Saved with the audit entry, in one transaction.
        user.MustChangePassword = false;
        user.AccessFailedCount = 0;
        await audit.RecordAsync(db, actor, "password.change", user.UserName ?? "", new { forced = Forced }, HttpContext.RequestAborted);
        await signInManager.RefreshSignInAsync(user);
        TempData["Message"] = "密码已修改。";
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Account");
    }

    /// <summary>The account is locked: this session ends too (new stamp, cookie removed) and login says so no more than for anyone.</summary>
    private async Task<IActionResult> EndLockedSessionAsync(AppUser user, AuditActor actor)
    {
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(db, actor, "login.locked", user.UserName ?? "", new { step = "change-password" }, HttpContext.RequestAborted);
        await signInManager.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}
