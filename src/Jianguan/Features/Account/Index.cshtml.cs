using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Account;

/// <summary>The signed-in user's own account: password and second factor.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(UserManager<AppUser> users) : PageModel
{
    public AppUser? Account { get; private set; }

    public bool TwoFactor { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Account = await users.GetUserAsync(User);
        if (Account is null)
        {
            return Challenge();
        }

        TwoFactor = await users.GetTwoFactorEnabledAsync(Account);
        return Page();
    }
}
