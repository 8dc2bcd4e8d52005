using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Account;

/// <summary>
/// The optional second factor: the authenticator key (as text and as an otpauth:// URI), confirmation with a first
/// code, recovery codes shown once, and switching it off again with a current code.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TwoFactorModel(
    UserManager<AppUser> users, SignInManager<AppUser> signInManager, JianguanDbContext db, AuditTrail audit) : PageModel
{
    public const int RecoveryCodeCount = 10;

    [BindProperty]
    [StringLength(16)]
    public string? Code { get; set; }

    public bool Enabled { get; private set; }

    public string Key { get; private set; } = "";

    public string KeyUri { get; private set; } = "";

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>Shown in this response only; stored hashed.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await users.GetUserAsync(User) is { } user ? await ShowAsync(user) : Challenge();

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Code ?? ""))
        {
            ModelState.AddModelError(nameof(Code), "验证码错误，请核对验证器中的密钥和手机时间后重试。");
            return await ShowAsync(user);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "two-factor.enable", user.UserName ?? "", ct: HttpContext.RequestAborted);
        await signInManager.RefreshSignInAsync(user);
        Message = "两步验证已启用。请妥善保存下列恢复码。";
        return await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage();
        }

        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "two-factor.recovery-codes", user.UserName ?? "", ct: HttpContext.RequestAborted);
        Message = "已生成新的恢复码，原有恢复码全部作废。";
        return await ShowAsync(user);
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        // A current code, so that a session left open is not enough to remove the second factor.
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Code ?? ""))
        {
            ModelState.AddModelError(nameof(Code), "验证码错误，未关闭两步验证。");
            return await ShowAsync(user);
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "two-factor.disable", user.UserName ?? "", ct: HttpContext.RequestAborted);
        await signInManager.RefreshSignInAsync(user);
        Message = "两步验证已关闭，原密钥已作废。";
        return await ShowAsync(user);
    }

    private async Task<IActionResult> ShowAsync(AppUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return Page();
        }

        string? key;
        try
        {
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        catch (Platform.Crypto.FieldDecryptionException)
        {
            // Two-factor sign-in is off, so the unreadable key protected nothing: enrol with a fresh one.
            key = null;
        }

        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
            // A new key changes the security stamp: renew this session's cookie, or the next stamp check (within a
            // minute) signs the user out while they scan the code.
            await signInManager.RefreshSignInAsync(user);
        }

        Key = TotpAuthenticatorProvider.Grouped(key);
        KeyUri = TotpAuthenticatorProvider.Uri(user.UserName ?? "", key);
        return Page();
    }
}
