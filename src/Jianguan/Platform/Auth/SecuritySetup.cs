using Jianguan.Platform.Tokens;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Platform.Auth;

/// <summary>
/// Login protection and machine tokens on top of the Identity set-up in WebApp: password rules, the TOTP provider,
/// Chinese messages, the clock of cookies and stamps, and the scheme that picks cookie or bearer token per request.
/// </summary>
public static class SecuritySetup
{
    /// <summary>Picks the bearer-token handler for /api requests that carry one, the cookie otherwise.</summary>
    public const string SelectorScheme = "Jianguan";

    /// <summary>How soon a disabled account, a reset password or a role change reaches a session already open.</summary>
    public static readonly TimeSpan StampValidationInterval = TimeSpan.FromMinutes(1);

    public static void ConfigureIdentity(IdentityOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        // Classes are checked together ("3 of 4") by CharacterClassPasswordValidator.
        o.Password.RequiredLength = PasswordRules.MinLength;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 1;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = false;
        o.Tokens.AuthenticatorTokenProvider = TotpAuthenticatorProvider.Name;
    }

    public static IdentityBuilder AddJianguanIdentityParts(this IdentityBuilder identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        identity.Services.AddScoped<IPasswordValidator<AppUser>, CharacterClassPasswordValidator>();
        identity.Services.AddScoped<IPasswordValidator<AppUser>, PasswordHistoryValidator>();
        // The stock authenticator provider (from AddDefaultTokenProviders) is a second TOTP check on the same key
        // without replay protection, and it treats an undecryptable key as an error: ours replaces it.
        identity.Services.PostConfigure<IdentityOptions>(o => o.Tokens.ProviderMap.Remove(TokenOptions.DefaultAuthenticatorProvider));
        return identity
            .AddUserStore<JianguanUserStore>()
            .AddUserManager<JianguanUserManager>()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddTokenProvider<TotpAuthenticatorProvider>(TotpAuthenticatorProvider.Name);
    }

    public static IServiceCollection AddJianguanSecurity(this IServiceCollection services)
    {
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme })
        {
            services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        }

        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, time) =>
        {
            o.TimeProvider = time;
            o.ValidationInterval = StampValidationInterval;
        });
        // After Identity's own set-up: the session stamp is checked on every request, the stock validator (which
        // re-issues the cookie with fresh roles) still runs at its interval.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure(o =>
        {
            var stock = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                if (await SessionStamp.IsCurrentAsync(context))
                {
                    await stock(context);
                }
            };
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddAuthentication(o =>
            {
                o.DefaultAuthenticateScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "Cookie or machine token", o => o.ForwardDefaultSelector = context =>
                WebApp.IsApiPath(context.Request.Path) && MachineTokenHandler.HasBearer(context.Request)
                    ? MachineTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, MachineTokenHandler>(MachineTokenHandler.SchemeName, null);
        return services;
    }
}

/// <summary>
/// An account whose password was set by someone else (initial or reset) may do nothing but change it: every other
/// page redirects to the change-password page, every API call is refused.
/// </summary>
public static class MustChangePassword
{
    public const string Claim = "jianguan:must-change-password";

    private static readonly string[] Allowed = ["/Account/ChangePassword", "/Account/Logout", "/Account/Login", "/Account/Denied"];

    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!context.User.HasClaim(Claim, "true")
                || Allowed.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                return next(context);
            }

            if (WebApp.IsApiPath(context.Request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return context.Response.WriteAsJsonAsync(new
                {
                    title = "须先修改初始密码 / the initial password must be changed first",
                    status = 403,
                });
            }

            var returnUrl = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect("/Account/ChangePassword?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
            return Task.CompletedTask;
        });
}
