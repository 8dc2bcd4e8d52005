using Jianguan.Features.Sampling;
using Jianguan.Features.Trading;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Features.Demo;

/// <summary>
/// The demo's 执法人员名录库: four officers per supervising department with all trading categories as specialties,
/// and two 住建局 officers with login accounts linked to their pool entries, so that an inspector can sign in and
/// record the results of their own assignments (issue 12, item 5 (c); issue 17, item 2).
/// </summary>
public static class DemoInspectors
{
    /// <summary>Inspector accounts: user name, the pool code they are linked to, unit, display name.</summary>
    public static readonly IReadOnlyList<(string UserName, string Code, string Unit, string DisplayName)> AccountPlan =
    [
        ("zhujianju-zf1", "HK-ZJ-01", "zhujianju", "住建局执法人员王海"),
        ("zhujianju-zf2", "HK-ZJ-02", "zhujianju", "住建局执法人员李敏"),
    ];

    /// <summary>The role of the inspector accounts: one of the inspection policy's roles.</summary>
    public const string Role = Roles.Enforcement;

    private static readonly string[] Prefixes = ["ZJ", "JT", "SW", "CZ"];

    private static readonly string[][] Names =
    [
        ["王海", "李敏", "陈立", "林芳"],
        ["吴强", "黄静", "符海燕", "周明"],
        ["郑涛", "冯丽", "王晓", "何军"],
        ["邢梅", "云飞", "吉文", "羊春"],
    ];

    /// <summary>Adds the pool and the inspector accounts (printed once) unless the pool already has these officers.</summary>
    public static async Task<IReadOnlyList<DemoAccount>> SeedAsync(JianguanDbContext db, UserManager<AppUser> users, AuditTrail audit, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(audit);
        if (await db.Inspectors.AnyAsync(i => i.Code.StartsWith("HK-"), ct))
        {
            return [];
        }

        var specialties = SamplingService.JoinList(Enum.GetValues<TradingCategory>().Select(TradingLabels.CategoryName));
        var inspectors = new Dictionary<string, Inspector>(StringComparer.Ordinal);
        for (var d = 0; d < DemoCity.SupervisingDepartments.Count; d++)
        {
            for (var n = 0; n < Names[d].Length; n++)
            {
                var code = string.Create(CultureInfo.InvariantCulture, $"HK-{Prefixes[d]}-{n + 1:D2}");
                var inspector = new Inspector
                {
                    Code = code,
                    Name = Names[d][n],
                    Department = DemoCity.SupervisingDepartments[d],
                    CertificateNumber = string.Create(CultureInfo.InvariantCulture, $"琼A{d + 1:D2}{n + 1:D5}"),
                    CertificateValidUntil = new DateOnly(2029, 12, 31),
                    Specialties = specialties,
                    UpdatedAt = now,
                };
                inspectors[code] = inspector;
                db.Inspectors.Add(inspector);
            }
        }

        var accounts = new List<DemoAccount>();
        foreach (var (userName, code, unit, displayName) in AccountPlan)
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Code == unit, ct);
            var password = Platform.Auth.PasswordRules.Generate();
            var user = new AppUser { UserName = userName, DisplayName = displayName, OrganisationId = organisation.Id, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password), userName);
            Check(await users.AddToRoleAsync(user, Role), userName);
            inspectors[code].UserId = user.Id;
            accounts.Add(new DemoAccount(userName, Role, unit, organisation.Name, displayName, password));
        }

        await audit.RecordAsync(db, AuditActor.System, "sampling.inspectors.import", "sampling/inspectors",
            new { added = inspectors.Keys, linked = AccountPlan.Select(a => new { a.Code, userName = a.UserName }) }, ct);
        return accounts;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"演示执法人员账号写入失败 / demo inspector account failed ({what}): {string.Join("; ", result.Errors.Select(e => e.Description))}"));
        }
    }
}
