using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using Jianguan.Platform.Crypto;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Security;

/// <summary>The first administrator of a real deployment comes from the command line and must change its password.</summary>
[Trait("Category", "Database")]
public sealed partial class UserCommandTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var parse = Cli.BuildRoot().Parse([.. args, "--db", factory.Database.ConnectionString]);
        var output = new StringWriter();
        var error = new StringWriter();
        if (parse.Errors.Count > 0)
        {
            return (Cli.Usage, "", string.Join("\n", parse.Errors.Select(e => e.Message)));
        }

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

    [Fact]
    public async Task UserAdd_FirstSystemAdmin_PrintsPasswordOnceAndForcesChange()
    {
        var (exit, output, _) = await RunAsync("user", "add", "first-sysadmin", "--role", Roles.SystemAdmin, "--display-name", "系统管理员");
        Assert.Equal(Cli.Ok, exit);
        var password = InitialPassword().Match(output).Groups[1].Value;
        Assert.True(PasswordRules.Classes(password) >= 3 && password.Length >= 12, output);

        await using (var db = Database.Open(factory.Database.ConnectionString, factory.Services.GetRequiredService<FieldCipher>()))
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "first-sysadmin");
            Assert.True(user.MustChangePassword);
            Assert.Contains(await db.AuditEntries.ToListAsync(), e => e.Action == "account.create" && e.Target == "first-sysadmin");
        }

        var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityFactory.PostLoginAsync(client, "first-sysadmin", password)).StatusCode);
        var admin = await client.GetAsync("/Admin/Users");
        Assert.StartsWith("/Account/ChangePassword", SecurityFactory.PathOf(admin.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAdd_UnknownRole_Exit2()
    {
        var (exit, _, error) = await RunAsync("user", "add", "someone", "--role", "root");
        Assert.Equal(Cli.Usage, exit);
        Assert.Contains("未知角色", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"initial password \(shown once, must be changed at first login\): (\S+)")]
    private static partial Regex InitialPassword();
}
