using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jianguan.Platform.Auth;

/// <summary>Puts the display name in the cookie so that the layout needs no database query per page.</summary>
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    public const string DisplayNameClaim = "jianguan:display-name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePassword.Claim, "true"));
        }

        return identity;
    }

    public static string DisplayName(ClaimsPrincipal user) =>
        user?.FindFirst(DisplayNameClaim)?.Value ?? user?.Identity?.Name ?? "";
}
