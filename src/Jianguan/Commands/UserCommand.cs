using System.CommandLine;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Commands;

/// <summary>
/// <c>jianguan user add NAME --role ROLE</c>: the first accounts of a real deployment (before any system or security
/// administrator exists to create them on the web). The initial password is random, printed once, and must be
/// changed at the first login. <c>jianguan user reset-password NAME</c> and <c>jianguan user reset-2fa NAME --reason
/// TEXT</c>: the only way to reset an administrator account (三员分立: the web refuses it, so that no administrator
/// sees another's new password); they work for any account and are audited as the host's operator.
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
        return new Command("user", "账户 / accounts") { add, ResetPassword(), ResetTwoFactor() };
    }

    private static Command ResetPassword()
    {
        var db = Cli.DbOption();
        var name = new Argument<string>("name") { Description = "用户名 / user name" };
        var command = new Command("reset-password",
            "重置密码（管理员账户只能在此重置），打印一次性初始密码 / reset a password (the only way for administrator accounts); prints it once")
        {
            name, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var cli = CliHost.Open(parse.GetValue(db), AddIdentity);
            var (users, user) = await FindAsync(cli, parse.GetValue(name)!, ct);
            var password = PasswordRules.Generate();
            await using var tx = await cli.Db.Database.BeginTransactionAsync(ct);
            // No token providers on the command line's Identity: remove and set (validators and history still apply).
            var result = await users.RemovePasswordAsync(user);
            if (result.Succeeded)
            {
                result = await users.AddPasswordAsync(user, password);
            }

            if (!result.Succeeded)
            {
                throw new CliException("无法重置密码 / cannot reset the password: " + string.Join(" ", result.Errors.Select(e => e.Description)), Cli.Rejected);
            }

            user.MustChangePassword = true;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            await cli.Get<AuditTrail>().RecordAsync(cli.Db, AuditActor.CommandLine, "account.password-reset", user.UserName ?? "",
                new { via = "cli" }, ct);
            await tx.CommitAsync(ct);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"已重置密码 / password reset: {user.UserName}");
            await output.WriteLineAsync($"初始密码（仅显示这一次，首次登录须修改） / initial password (shown once, must be changed at first login): {password}");
            return Cli.Ok;
        });
        return command;
    }

    private static Command ResetTwoFactor()
    {
        var db = Cli.DbOption();
        var name = new Argument<string>("name") { Description = "用户名 / user name" };
        var reason = new Option<string>("--reason") { Description = "重置原因，记入审计日志 / why (kept in the audit entry)", Required = true };
        var command = new Command("reset-2fa",
            "重置两步验证（管理员账户只能在此重置） / reset the second factor (the only way for administrator accounts)")
        {
            name, reason, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            var why = parse.GetValue(reason)?.Trim() ?? "";
            if (why.Length is 0 or > Features.Admin.Users.EditModel.ResetReasonMaxLength)
            {
                throw new CliException($"请填写重置原因（不超过 {Features.Admin.Users.EditModel.ResetReasonMaxLength} 个字符） / --reason is required");
            }

            await using var cli = CliHost.Open(parse.GetValue(db), AddIdentity);
            var (users, user) = await FindAsync(cli, parse.GetValue(name)!, ct);
            await using var tx = await cli.Db.Database.BeginTransactionAsync(ct);
            foreach (var step in new Func<Task<IdentityResult>>[]
            {
                () => users.SetTwoFactorEnabledAsync(user, false),
                () => users.RemoveAuthenticationTokenAsync(user, AuthenticatorKeys.LoginProvider, AuthenticatorKeys.TokenName),
                () => users.RemoveAuthenticationTokenAsync(user, AuthenticatorKeys.LoginProvider, AuthenticatorKeys.RecoveryCodesTokenName),
                () => users.UpdateSecurityStampAsync(user),
            })
            {
                var result = await step();
                if (!result.Succeeded)
                {
                    throw new CliException("无法重置两步验证 / cannot reset: " + string.Join(" ", result.Errors.Select(e => e.Description)), Cli.Rejected);
                }
            }

            await cli.Get<AuditTrail>().RecordAsync(cli.Db, AuditActor.CommandLine, "account.2fa.reset", user.UserName ?? "",
                new { reason = why, via = "cli" }, ct);
            await tx.CommitAsync(ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"已重置两步验证 / second factor reset: {user.UserName}");
            return Cli.Ok;
        });
        return command;
    }

    private static async Task<(UserManager<AppUser> Users, AppUser User)> FindAsync(CliScope cli, string userName, CancellationToken ct)
    {
        await Database.MigrateAsync(cli.Db, ct);
        var users = cli.Get<UserManager<AppUser>>();
        return (users, await users.FindByNameAsync(userName.Trim())
            ?? throw new CliException($"账户不存在 / no such account: {userName}", Cli.Rejected));
    }

    /// <summary>Identity without the web's cookies, on top of the core services.</summary>
    private static void AddIdentity(IServiceCollection services) =>
        services.AddIdentityCore<AppUser>(SecuritySetup.ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<JianguanDbContext>()
            .AddJianguanIdentityParts();
}
