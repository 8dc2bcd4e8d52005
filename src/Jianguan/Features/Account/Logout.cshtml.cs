using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Account;

/// <summary>
/// Sign-out is a POST with an anti-forgery token: a link or image elsewhere cannot log a user out. It also ends the
/// session on the server: the account's security stamp changes, so a saved copy of the cookie (this one or any
/// other of the account's sessions) is refused at its next request (<see cref="SessionStamp"/>).
/// </summary>
[Authorize(Policy = Policies.Public)]
public sealed class LogoutModel(SignInManager<AppUser> signInManager, JianguanDbContext db, AuditTrail audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            if (await signInManager.UserManager.GetUserAsync(User) is { } user)
            {
                await signInManager.UserManager.UpdateSecurityStampAsync(user);
            }

            await audit.RecordAsync(db, AuditActor.From(HttpContext), "logout", User.Identity.Name ?? "", ct: HttpContext.RequestAborted);
        }

        await signInManager.SignOutAsync();
        return RedirectToPage("/Account/Logout");
    }
}
