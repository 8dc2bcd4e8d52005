using Jianguan.Features.Trading.Import;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Features.Demo;

/// <summary>
/// `serve --demo`: the demo city (units, roles, accounts) and a synthetic market imported through the same
/// importer as real files, so the demo exercises the real path.
/// </summary>
public static class DemoSeeder
{
    /// <summary>About a mid-size city's volume: 1,500 sections over three years.</summary>
    public const int Tenders = 1500;
    public const ulong Seed = 2024;

    public static async Task SeedAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var db = services.GetRequiredService<JianguanDbContext>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();

        if (await db.Organisations.AnyAsync(ct))
        {
            await ReprintDemoAccountsAsync(users, output);
            return;
        }

        if (!await db.Projects.AnyAsync(ct))
        {
            await ImportMarketAsync(services, output, ct);
        }

        await DemoCity.SeedAsync(db, users, roles, output, services.GetRequiredService<TimeProvider>(), ct);
        var audit = services.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(db, AuditActor.System, "demo.seed", "demo-city", ct: ct);
        await LinkSupervisorsAsync(db, ct);
        var inspectors = await DemoInspectors.SeedAsync(db, users, audit, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        if (inspectors.Count > 0)
        {
            await output.WriteAsync(DemoCity.FormatAccounts(inspectors));
        }

        await Governance.GovernanceDemo.SeedAsync(db, audit, await services.GetRequiredService<Platform.Calendar.CalendarService>().GetAsync(ct),
            services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        await Credit.DemoCredit.SeedAsync(services, output, ct);
    }

    private static async Task ImportMarketAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("jianguan-demo-");
        try
        {
            DemoCsv.Write(dir.FullName, Tenders, Seed, ct);
            string[] names = ["projects.csv", "sections.csv", "bids.csv", "awards.csv"];
            var result = await services.GetRequiredService<ImportHandler>().ImportAsync(
                [.. names.Select(n => new ImportSource(n, Path.Combine(dir.FullName, n)))],
                new ImportRequest(AuditActor.System, "demo"),
                ct);
            var summary = result.Summary;
            await output.WriteLineAsync(
                $"演示交易数据已导入 / demo trading data imported: {summary.Projects} 个项目, {summary.Sections} 个标段, {summary.Bids} 条投标");
            await output.WriteLineAsync(result.Analysis is { } outcome
                ? Commands.AlertsCommand.Line(outcome)
                : "预警分析未完成，夜间分析将补做 / the analysis did not complete; the nightly run catches up");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Projects name their supervising department; link them to the unit of that name, and refresh the summary rows of
    /// the projects linked (a member unit's scope reads the unit there).
    /// </summary>
    private static async Task LinkSupervisorsAsync(JianguanDbContext db, CancellationToken ct)
    {
        var units = await db.Organisations.ToDictionaryAsync(o => o.Name, o => o.Id, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var linked = new List<long>();
        foreach (var (name, id) in units)
        {
            var projects = db.Projects.Where(p => p.SupervisingOrganisationId == null && p.SupervisingDepartment == name);
            linked.AddRange(await projects.Select(p => p.Id).ToListAsync(ct));
            await projects.ExecuteUpdateAsync(s => s.SetProperty(p => p.SupervisingOrganisationId, id), ct);
        }

        await Analysis.AnalysisSummary.RefreshAfterImportAsync(db, [], linked, [], ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Passwords are stored hashed, so a demo database restarted with --demo gets fresh passwords for its demo
    /// accounts rather than leaving the user locked out. Only accounts of the demo plan are touched.
    /// </summary>
    private static async Task ReprintDemoAccountsAsync(UserManager<AppUser> users, TextWriter output)
    {
        var accounts = new List<DemoAccount>();
        var plan = DemoCity.AccountPlan.Concat(DemoInspectors.AccountPlan.Select(a => (a.UserName, DemoInspectors.Role, a.Unit, a.DisplayName)));
        foreach (var (userName, role, unit, displayName) in plan)
        {
            var user = await users.FindByNameAsync(userName);
            if (user is null)
            {
                continue;
            }

            var password = Jianguan.Platform.Auth.PasswordRules.Generate();
            var token = await users.GeneratePasswordResetTokenAsync(user);
            if ((await users.ResetPasswordAsync(user, token, password)).Succeeded)
            {
                await users.SetLockoutEndDateAsync(user, null);
                accounts.Add(new DemoAccount(userName, role, unit, DemoCity.Units.First(u => u.Code == unit).Name, displayName, password));
            }
        }

        if (accounts.Count == 0)
        {
            await output.WriteLineAsync("数据库已有数据，未写入演示数据 / the database is not empty; no demo data was written");
            return;
        }

        await output.WriteAsync(DemoCity.FormatAccounts(accounts));
    }
}
