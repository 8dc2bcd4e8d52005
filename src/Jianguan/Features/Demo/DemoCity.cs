using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Features.Demo;

/// <summary>A member unit of the Haikou mechanism as the demo city creates it.</summary>
public sealed record DemoUnit(string Code, string Name, OrgKind Kind, string? Sectors);

/// <summary>A demo account: its password is generated per database and shown once.</summary>
public sealed record DemoAccount(string UserName, string Role, string UnitCode, string UnitName, string DisplayName, string Password);

/// <summary>
/// The demo city: the member units of the Haikou public-resource-trading supervision mechanism, every role, and one
/// account per role. Trading data is not part of it (the demo market is imported through the trading importer).
/// </summary>
public static class DemoCity
{
    /// <summary>SUPERVISE_DEPT_NAME values of the demo market, equal to the unit names below.</summary>
    public static readonly IReadOnlyList<string> SupervisingDepartments =
        ["海口市住房和城乡建设局", "海口市交通运输和港航管理局", "海口市水务局", "海口市财政局"];

    public static readonly IReadOnlyList<DemoUnit> Units =
    [
        new("gongguanban", "海口市公共资源交易管理委员会办公室", OrgKind.Lead, "工程建设项目招标投标|政府采购|土地使用权和矿业权出让|国有产权交易|医药采购|其他"),
        new("fagaiwei", "海口市发展和改革委员会", OrgKind.Industry, "工程建设项目招标投标|重点项目"),
        new("zhujianju", "海口市住房和城乡建设局", OrgKind.Industry, "房屋建筑工程|市政工程"),
        new("jiaotongju", "海口市交通运输和港航管理局", OrgKind.Industry, "交通工程|港航工程"),
        new("shuiwuju", "海口市水务局", OrgKind.Industry, "水利工程|水务工程"),
        new("caizhengju", "海口市财政局", OrgKind.Industry, "政府采购"),
        new("ziguiju", "海口市自然资源和规划局", OrgKind.Industry, "土地使用权和矿业权出让"),
        new("guoziwei", "海口市国有资产监督管理委员会", OrgKind.Industry, "国有产权交易"),
        new("weijianwei", "海口市卫生健康委员会", OrgKind.Industry, "医药采购"),
        new("sifaju", "海口市司法局", OrgKind.Justice, null),
        new("jiaoyizhongxin", "海口市公共资源交易中心", OrgKind.TradingCenter, null),
        new("zhifadadui", "海口市综合行政执法局执法大队", OrgKind.Enforcement, null),
        new("jiwei", "海口市纪委监委", OrgKind.Discipline, null),
        new("shenjiju", "海口市审计局", OrgKind.Audit, null),
        new("gonganju", "海口市公安局", OrgKind.Police, null),
        new("zhengfu", "海口市人民政府", OrgKind.Government, null),
    ];

    /// <summary>One account per role: user name, role, unit code, display name.</summary>
    public static readonly IReadOnlyList<(string UserName, string Role, string Unit, string DisplayName)> AccountPlan =
    [
        ("gongguanban", Roles.OfficeAdmin, "gongguanban", "市公管办管理员"),
        ("zhujianju", Roles.MemberSupervisor, "zhujianju", "住建局监管员"),
        ("zhujianju-leader", Roles.MemberLeader, "zhujianju", "住建局负责人"),
        ("sifaju", Roles.Justice, "sifaju", "司法局工作人员"),
        ("jiaoyizhongxin", Roles.TradingCenter, "jiaoyizhongxin", "交易中心数据专员"),
        ("zhifa", Roles.Enforcement, "zhifadadui", "执法大队执法人员"),
        ("jijian", Roles.Discipline, "jiwei", "纪检监察人员"),
        ("shenji", Roles.Audit, "shenjiju", "审计人员"),
        ("gongan", Roles.Police, "gonganju", "公安民警"),
        ("sysadmin", Roles.SystemAdmin, "gongguanban", "系统管理员"),
        ("secadmin", Roles.SecurityAdmin, "gongguanban", "安全管理员"),
        ("auditadmin", Roles.AuditAdmin, "gongguanban", "审计管理员"),
        ("shizhengfu", Roles.CityGovernment, "zhengfu", "市政府办公室工作人员"),
    ];

    /// <summary>
    /// Seeds an empty database (no organisations) with the units, the roles and the demo accounts, and prints the
    /// accounts. Does nothing, and returns no account, when organisations already exist.
    /// </summary>
    public static async Task<IReadOnlyList<DemoAccount>> SeedAsync(
        JianguanDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TextWriter output, TimeProvider time,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        if (await db.Organisations.AnyAsync(ct))
        {
            return [];
        }

        var organisations = Units.ToDictionary(
            u => u.Code,
            u => new Organisation { Code = u.Code, Name = u.Name, Kind = u.Kind, Sectors = u.Sectors },
            StringComparer.Ordinal);
        db.Organisations.AddRange(organisations.Values);
        await db.SaveChangesAsync(ct);
        db.AddRange(ComplaintChannels(organisations, time.GetUtcNow()));
        await db.SaveChangesAsync(ct);

        var accounts = new List<DemoAccount>();
        var created = new List<AppUser>();
        try
        {
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    Check(await roles.CreateAsync(new IdentityRole(role)), role);
                }
            }

            foreach (var (userName, role, unit, displayName) in AccountPlan)
            {
                ct.ThrowIfCancellationRequested();
                var organisation = organisations[unit];
                var password = Platform.Auth.PasswordRules.Generate();
                var user = new AppUser
                {
                    UserName = userName,
                    DisplayName = displayName,
                    OrganisationId = organisation.Id,
                    EmailConfirmed = true,
                };
                Check(await users.CreateAsync(user, password), userName);
                created.Add(user);
                Check(await users.AddToRoleAsync(user, role), userName);
                accounts.Add(new DemoAccount(userName, role, unit, organisation.Name, displayName, password));
            }
        }
        catch (Exception)
        {
            // Leave the database as it was: a half-seeded city would make every later call a no-op.
            foreach (var user in created)
            {
                await users.DeleteAsync(user);
            }

            db.Organisations.RemoveRange(organisations.Values);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        await output.WriteAsync(FormatAccounts(accounts));
        await output.FlushAsync(ct);
        return accounts;
    }

    /// <summary>The demo password policy: at least 12 characters from at least 3 of the 4 classes.</summary>
    public static bool SatisfiesPolicy(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var classes = (password.Any(char.IsAsciiLetterUpper) ? 1 : 0)
            + (password.Any(char.IsAsciiLetterLower) ? 1 : 0)
            + (password.Any(char.IsAsciiDigit) ? 1 : 0)
            + (password.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 1 : 0);
        return password.Length >= 12 && classes >= 3;
    }

    /// <summary>The accounts as a plain-text table aligned for a terminal (CJK characters take two columns).</summary>
    public static string FormatAccounts(IReadOnlyList<DemoAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        string[] header = ["用户名", "角色", "单位", "密码"];
        var rows = accounts
            .Select(a => new[] { a.UserName, Roles.ChineseNames.GetValueOrDefault(a.Role, a.Role), a.UnitName, a.Password })
            .ToList();
        var widths = new int[header.Length];
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], DisplayWidth(row[i]));
            }
        }

        var text = new StringBuilder();
        text.AppendLine("演示账号（密码仅显示这一次，请妥善保存） / demo accounts (passwords are shown only once)");
        AppendRow(text, header, widths);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(cells[i]);
            if (i < cells.Length - 1)
            {
                text.Append(' ', widths[i] - DisplayWidth(cells[i]) + 2);
            }
        }

        text.AppendLine();
    }

    private static int DisplayWidth(string s) => s.Sum(c => c >= 0x2E80 ? 2 : 1);

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"演示数据写入失败 / demo seeding failed ({what}): {string.Join("; ", result.Errors.Select(e => e.Description))}"));
        }
    }

    /// <summary>A complaint channel (投诉举报渠道) for the office and each industry supervisor of the demo city.</summary>
    private static IEnumerable<Complaints.ComplaintChannel> ComplaintChannels(IReadOnlyDictionary<string, Organisation> organisations, DateTimeOffset now)
    {
        var i = 0;
        foreach (var unit in organisations.Values.Where(o => o.Kind is OrgKind.Lead or OrgKind.Industry).OrderBy(o => o.Id))
        {
            i++;
            yield return new Complaints.ComplaintChannel
            {
                DepartmentId = unit.Id,
                Unit = unit.Name + "投诉举报受理窗口",
                Staff = "受理专员 2 名",
                TimeLimit = unit.Code == "caizhengju"
                    ? "收到投诉书之日起 5 个工作日内审查，受理后 30 个工作日内作出处理决定"
                    : "收到投诉之日起 3 个工作日内决定是否受理，受理之日起 30 个工作日内作出处理决定",
                Materials = "投诉书（投诉人名称、地址及联系方式，被投诉人，投诉事项及事实依据），有关证明材料",
                OfficeHours = "工作日 8:00—12:00、14:30—17:30 窗口或电话受理",
                OutOfHours = "网上提交或电子邮件，下一个工作日登记",
                Phone = string.Create(CultureInfo.InvariantCulture, $"0898-6872{i:D4}"),
                Fax = string.Create(CultureInfo.InvariantCulture, $"0898-6873{i:D4}"),
                Email = $"tousu.{unit.Code}@haikou.gov.cn",
                Address = "海口市美兰区海府路 " + (80 + i).ToString(CultureInfo.InvariantCulture) + " 号",
                Fee = "不收费",
                FeeBasis = "《工程建设项目招标投标活动投诉处理办法》：投诉处理不得向投诉人和被投诉人收取任何费用",
                UpdatedAt = now,
            };
        }
    }
}
