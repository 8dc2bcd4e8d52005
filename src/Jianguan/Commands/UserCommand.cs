using System.CommandLine;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Commands;

/// <summary>
/// <c>jianguan user add NAME --role ROLE</c>: the first accounts of a real deployment (before any system or security
/// administrator exists to create them on the web). The initial password is random, printed once, and must be
/// changed at the first login.
/// </summary>
public static class UserCommand
{
    public static Command Create()
    {
        var db = Cli.DbOption();
        var name = new Argument<string>("name") { Description = "用户名 / user name" };
        var role = new Option<string>("--role")
        {
            Description = "角色代码 / role code: " + string.Join(", ", Roles.All),
            Required = true,
        };
        var displayName = new Option<string?>("--display-name") { Description = "姓名 / display name" };
        var add = new Command("add", "新建账户，打印一次性初始密码 / create an account and print its one-time initial password")
        {
            name, role, displayName, db,
        };
        add.SetAction(async (parse, ct) =>
        {
            var roleCode = parse.GetValue(role) ?? "";
            if (!Roles.ChineseNames.ContainsKey(roleCode))
            {
                throw new CliException($"未知角色 / unknown role: {roleCode}; 可选 / one of: {string.Join(", ", Roles.All)}");
            }

            var userName = parse.GetValue(name)!.Trim();
            await using var cli = CliHost.Open(parse.GetValue(db), AddIdentity);
            var context = cli.Db;
            await Database.MigrateAsync(context, ct);
            var users = cli.Get<UserManager<AppUser>>();
            var roles = cli.Get<RoleManager<IdentityRole>>();
            foreach (var code in Roles.All)
            {
                if (!await roles.RoleExistsAsync(code))
                {
                    await roles.CreateAsync(new IdentityRole(code));
                }
            }

            var password = PasswordRules.Generate();
            var user = new AppUser { UserName = userName, DisplayName = parse.GetValue(displayName) ?? userName, MustChangePassword = true };
            await using var tx = await context.Database.BeginTransactionAsync(ct);
            var created = await users.CreateAsync(user, password);
            if (created.Succeeded)
            {
                created = await users.AddToRoleAsync(user, roleCode);
            }

            if (!created.Succeeded)
            {
                throw new CliException("无法创建账户 / cannot create the account: " + string.Join(" ", created.Errors.Select(e => e.Description)), Cli.Rejected);
            }

            await cli.Get<AuditTrail>().RecordAsync(context, AuditActor.CommandLine, "account.create", userName,
                new { role = roleCode, via = "cli" }, ct);
            await tx.CommitAsync(ct);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"已创建账户 / account created: {userName} ({Roles.ChineseNames[roleCode]})");
            await output.WriteLineAsync($"初始密码（仅显示这一次，首次登录须修改） / initial password (shown once, must be changed at first login): {password}");
            return Cli.Ok;
        });
        return new Command("user", "账户 / accounts") { add };
    }

    /// <summary>Identity without the web's cookies, on top of the core services.</summary>
    private static void AddIdentity(IServiceCollection services) =>
        services.AddIdentityCore<AppUser>(SecuritySetup.ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<JianguanDbContext>()
            .AddJianguanIdentityParts();
}
