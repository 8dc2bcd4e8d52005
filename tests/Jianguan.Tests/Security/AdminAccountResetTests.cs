using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using Jianguan.Platform.Audit;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Security;

/// <summary>
/// Issue 17, item 5: the system administrator cannot reset another administrator's password or second factor on the
/// web (and so never sees their new password); the host's operator does it with the command line, audited.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class AdminAccountResetTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private async Task<(string Name, string Id)> AccountAsync(string role)
    {
        var name = await factory.CreateUserAsync("adm" + Guid.NewGuid().ToString("N")[..10], role);
        var id = await WithUsersAsync(async users => (await users.FindByNameAsync(name))!.Id);
        return (name, id);
    }

    private async Task<T> WithUsersAsync<T>(Func<UserManager<AppUser>, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    private async Task<List<AuditEntry>> AuditAsync(string action, string target)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action && e.Target == target).ToListAsync();
    }

    [Theory]
    [InlineData(Roles.SecurityAdmin)]
    [InlineData(Roles.AuditAdmin)]
    [InlineData(Roles.SystemAdmin)]
    public async Task WebPasswordReset_OfAnAdministrator_RefusedAndNoPasswordShown(string role)
    {
        var (name, id) = await AccountAsync(role);
        var hash = await WithUsersAsync(async users => (await users.FindByIdAsync(id))!.PasswordHash);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var page = "/Admin/Users/Edit/" + id;
        Assert.Contains("id=\"admin-reset-note\"", await admin.GetStringAsync(page), StringComparison.Ordinal);

        var response = await JianguanFactory.PostFormAsync(admin, page + "?handler=ResetPassword", new Dictionary<string, string>(), page);

        var html = response.StatusCode == HttpStatusCode.Redirect ? await admin.GetStringAsync(page) : await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("initial-password", html, StringComparison.Ordinal);
        Assert.Contains("不能在网页上重置", html, StringComparison.Ordinal);
        Assert.Equal(hash, await WithUsersAsync(async users => (await users.FindByIdAsync(id))!.PasswordHash));
        Assert.Empty(await AuditAsync("account.password-reset", name));
        await factory.LoginAsync(name);
    }

    [Fact]
    public async Task WebTwoFactorReset_OfTheAuditAdministrator_Refused()
    {
        var (name, id) = await AccountAsync(Roles.AuditAdmin);
        await WithUsersAsync(async users => await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(id))!, true));
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var page = "/Admin/Users/Edit/" + id;

        await JianguanFactory.PostFormAsync(admin, page + "?handler=ResetTwoFactor", new Dictionary<string, string>
        {
            ["ResetReason"] = "手机丢失",
            ["ResetConfirmed"] = "true",
        }, page);

        Assert.True(await WithUsersAsync(async users => (await users.FindByIdAsync(id))!.TwoFactorEnabled));
        Assert.Empty(await AuditAsync("account.2fa.reset", name));
    }

    [Fact]
    public async Task WebPasswordReset_OfABusinessAccount_StillWorks()
    {
        var (_, id) = await AccountAsync(Roles.MemberSupervisor);
        var admin = await factory.CreateUserAndLoginAsync(Roles.SystemAdmin);
        var page = "/Admin/Users/Edit/" + id;
        var response = await JianguanFactory.PostFormAsync(admin, page + "?handler=ResetPassword", new Dictionary<string, string>(), page);
        Assert.Contains("id=\"initial-password\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliReset_OfTheSecurityAdministrator_PrintsPasswordOnceAndIsAuditedAsTheHost()
    {
        var (name, id) = await AccountAsync(Roles.SecurityAdmin);
        await WithUsersAsync(async users => await users.SetTwoFactorEnabledAsync((await users.FindByIdAsync(id))!, true));

        var (exit, output, error) = await RunAsync("user", "reset-password", name);
        Assert.True(exit == Cli.Ok, error);
        var password = InitialPassword().Match(output).Groups[1].Value;
        Assert.True(password.Length >= 12, output);
        var login = await SecurityFactory.PostLoginAsync(factory.CreateAnonymousClient(), name, password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var entry = Assert.Single(await AuditAsync("account.password-reset", name));
        Assert.StartsWith("cli:", entry.UserName, StringComparison.Ordinal);
        Assert.DoesNotContain(password, entry.Detail, StringComparison.Ordinal);

        Assert.Equal(Cli.Usage, (await RunAsync("user", "reset-2fa", name, "--reason", " ")).Exit);
        (exit, _, error) = await RunAsync("user", "reset-2fa", name, "--reason", "手机丢失，本人到场");
        Assert.True(exit == Cli.Ok, error);
        Assert.False(await WithUsersAsync(async users => (await users.FindByIdAsync(id))!.TwoFactorEnabled));
        Assert.Contains("手机丢失", Assert.Single(await AuditAsync("account.2fa.reset", name)).Detail, StringComparison.Ordinal);
        Assert.Equal(Cli.Rejected, (await RunAsync("user", "reset-password", "no-such-" + name)).Exit);
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var parse = Cli.BuildRoot().Parse([.. args, "--db", factory.Database.ConnectionString]);
        if (parse.Errors.Count > 0)
        {
            return (Cli.Usage, "", string.Join("\n", parse.Errors.Select(e => e.Message)));
        }

        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            return (exit, output.ToString(), error.ToString());
        }
        catch (CliException e)
        {
            return (e.ExitCode, output.ToString(), e.Message);
        }
    }

    [GeneratedRegex(@"initial password \(shown once, must be changed at first login\): (\S+)")]
    private static partial Regex InitialPassword();
}
