using System.Net;
using System.Text.RegularExpressions;
using Jianguan.Platform.Audit;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace Jianguan.Tests.Security;

/// <summary>The web application with a fake clock shared by Identity, the cookies, the tokens and the audit trail.</summary>
public sealed partial class SecurityFactory : JianguanFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));

    /// <summary>An account with a password of the test's choosing, optionally flagged for a forced change.</summary>
    public async Task<AppUser> CreateAccountAsync(string userName, string password, bool mustChange, params string[] roles)
    {
        await CreateUserAsync(userName, roles);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        if (password != Password)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, password);
            Assert.True(reset.Succeeded, string.Join("; ", reset.Errors.Select(e => e.Description)));
        }

        user.MustChangePassword = mustChange;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
        return user;
    }

    /// <summary>The path of a redirect, whether the Location header is absolute or not.</summary>
    public static string PathOf(Uri? location) =>
        location is null ? "" : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    public static string NewName(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password) =>
        PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });

    public async Task<List<AuditEntry>> AuditAsync(Func<AuditEntry, bool> filter)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        return [.. (await db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).ToListAsync()).Where(filter)];
    }

    public async Task<T> WithDbAsync<T>(Func<JianguanDbContext, IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JianguanDbContext>(), scope.ServiceProvider);
    }

    /// <summary>The text of the element with the given id (a code shown once on a page).</summary>
    public static string Element(string html, string id)
    {
        var match = Regex.Match(html, "id=\"" + Regex.Escape(id) + "\"[^>]*>([^<]*)<");
        Assert.True(match.Success, $"no element #{id} in the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }
}
