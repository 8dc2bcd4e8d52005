using System.Net;
using System.Text.RegularExpressions;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace Jianguan.Tests.Security;

/// <summary>The web application with a password hasher that counts verifications (the work a login costs).</summary>
public sealed class CountingHasherFactory : JianguanFactory
{
    public CountingHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(Hasher));

    public sealed class CountingHasher() : PasswordHasher<AppUser>(Options.Create(new PasswordHasherOptions { IterationCount = TestHashIterations }))
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public override PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>
/// Issue 17, item 7: a failed login tells nothing about the name typed. Wrong password, unknown name, locked and
/// disabled account give the same message and each costs one password hash (the timing gap was 100 ms vs 6 ms).
/// </summary>
[Trait("Category", "Database")]
public sealed partial class LoginEnumerationTests(CountingHasherFactory factory) : IClassFixture<CountingHasherFactory>
{
    [Fact]
    public async Task FailedLogin_UnknownLockedDisabledOrWrong_SameMessage()
    {
        var names = await AccountsAsync();
        var messages = new List<string>();
        foreach (var (name, password) in names)
        {
            var response = await JianguanFactory.PostFormAsync(factory.CreateAnonymousClient(), "/Account/Login", Fields(name, password));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            messages.Add(Summary(await response.Content.ReadAsStringAsync()));
        }

        Assert.NotEqual("", messages[0]);
        Assert.All(messages, m => Assert.Equal(messages[0], m));
    }

    [Fact]
    public async Task FailedLogin_UnknownLockedDisabledOrWrong_EachHashesOnePassword()
    {
        foreach (var (name, password) in await AccountsAsync())
        {
            var client = factory.CreateAnonymousClient();
            var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Account/Login");
            var fields = Fields(name, password);
            fields["__RequestVerificationToken"] = token;
            var before = factory.Hasher.Verifications;
            var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(factory.Hasher.Verifications - before == 1, $"{name}: {factory.Hasher.Verifications - before} password hashes");
        }
    }

    /// <summary>Wrong password of a real account, unknown name, locked account (right password), disabled account (right password).</summary>
    private async Task<List<(string Name, string Password)>> AccountsAsync()
    {
        var real = await factory.CreateUserAsync("real" + Guid.NewGuid().ToString("N")[..8], Roles.Police);
        var locked = await factory.CreateUserAsync("lock" + Guid.NewGuid().ToString("N")[..8], Roles.Police);
        var disabled = await factory.CreateUserAsync("gone" + Guid.NewGuid().ToString("N")[..8], Roles.Police);
        var client = factory.CreateAnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            await JianguanFactory.PostFormAsync(client, "/Account/Login", Fields(locked, "Wrong#pass" + i));
        }

        await factory.SeedAsync(async db => (await db.Users.SingleAsync(u => u.UserName == disabled)).Disabled = true);
        return
        [
            (real, "Wrong#pass1"),
            ("nobody" + Guid.NewGuid().ToString("N")[..8], "Wrong#pass1"),
            (locked, JianguanFactory.Password),
            (disabled, JianguanFactory.Password),
        ];
    }

    private static Dictionary<string, string> Fields(string name, string password) =>
        new() { ["Input.UserName"] = name, ["Input.Password"] = password };

    private static string Summary(string html)
    {
        var match = SummaryPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : "";
    }

    [GeneratedRegex("validation-summary-errors[^>]*>\\s*<ul>\\s*<li>([^<]*)</li>")]
    private static partial Regex SummaryPattern();
}
