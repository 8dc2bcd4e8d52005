using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Account;

/// <summary>Sign-out is a POST with an anti-forgery token: a link or image elsewhere cannot log a user out.</summary>
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
            await audit.RecordAsync(db, AuditActor.From(HttpContext), "logout", User.Identity.Name ?? "", ct: HttpContext.RequestAborted);
        }

        await signInManager.SignOutAsync();
        return RedirectToPage("/Account/Logout");
    }
}
