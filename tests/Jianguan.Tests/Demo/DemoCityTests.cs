using Jianguan.Features.Demo;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Demo;

public sealed class DemoCityTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "jianguan-city-" + Guid.NewGuid().ToString("N") + ".db");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        WebApp.ConfigureServices(services, new WebAppOptions("Data Source=" + _file + ";Pooling=false"));

        // Hashing cost is not under test here; the production iteration count makes each test take seconds.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = Web.JianguanFactory.TestHashIterations);
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }

    [Fact]
    public async Task SeedAsync_EmptyDatabase_CreatesUnitsRolesAndOneAccountPerRole()
    {
        var output = new StringWriter();
        var accounts = await SeedAsync(output);

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var organisations = await db.Organisations.ToListAsync();
        Assert.Equal(DemoCity.Units.Count, organisations.Count);
        Assert.Single(organisations, o => o.Kind == OrgKind.Lead && o.Name == "海口市公共资源交易管理委员会办公室");
        Assert.Single(organisations, o => o.Kind == OrgKind.TradingCenter && o.Name == "海口市公共资源交易中心");
        foreach (var kind in Enum.GetValues<OrgKind>())
        {
            Assert.Contains(organisations, o => o.Kind == kind);
        }

        Assert.All(organisations.Where(o => o.Kind == OrgKind.Industry), o => Assert.False(string.IsNullOrEmpty(o.Sectors)));
        Assert.All(DemoCity.SupervisingDepartments, name => Assert.Contains(organisations, o => o.Name == name && o.Kind == OrgKind.Industry));

        Assert.Equal(Roles.All.OrderBy(r => r, StringComparer.Ordinal), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), accounts.Select(a => a.Role).Order(StringComparer.Ordinal));
        string[] expectedNames =
        [
            "gongguanban", "zhujianju", "jiaoyizhongxin", "sifaju", "zhifa", "jijian", "shenji", "gongan", "sysadmin",
            "secadmin", "auditadmin", "zhujianju-leader", "shizhengfu",
        ];
        Assert.Equal(expectedNames.Order(StringComparer.Ordinal), accounts.Select(a => a.UserName).Order(StringComparer.Ordinal));

        foreach (var account in accounts)
        {
            var user = await users.FindByNameAsync(account.UserName);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, account.Password), account.UserName);
            Assert.Equal([account.Role], await users.GetRolesAsync(user));
            var organisation = organisations.Single(o => o.Id == user.OrganisationId);
            Assert.Equal(account.UnitName, organisation.Name);
            Assert.Contains(account.UserName, output.ToString(), StringComparison.Ordinal);
            Assert.Contains(account.Password, output.ToString(), StringComparison.Ordinal);
        }

        var leader = await users.FindByNameAsync("zhujianju-leader");
        Assert.Equal("zhujianju", organisations.Single(o => o.Id == leader!.OrganisationId).Code);
        Assert.Contains("用户名", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("海口市公共资源交易中心", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedAsync_SecondCall_DoesNothing()
    {
        var first = await SeedAsync(new StringWriter());
        var output = new StringWriter();
        var second = await SeedAsync(output);

        Assert.NotEmpty(first);
        Assert.Empty(second);
        Assert.Equal("", output.ToString());
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        Assert.Equal(DemoCity.Units.Count, await db.Organisations.CountAsync());
        Assert.Equal(first.Count, await db.Users.CountAsync());
        Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var gongguanban = await users.FindByNameAsync("gongguanban");
        Assert.True(await users.CheckPasswordAsync(gongguanban!, first.Single(a => a.UserName == "gongguanban").Password));
    }

    [Fact]
    public async Task SeedAsync_Passwords_SatisfyThePolicyAndDifferPerDatabase()
    {
        var accounts = await SeedAsync(new StringWriter());
        Assert.All(accounts, a => Assert.True(DemoCity.SatisfiesPolicy(a.Password), a.Password));
        Assert.Equal(accounts.Count, accounts.Select(a => a.Password).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void GeneratePassword_ManyDraws_AlwaysSatisfyThePolicy()
    {
        for (var i = 0; i < 500; i++)
        {
            var password = Jianguan.Platform.Auth.PasswordRules.Generate();
            Assert.Equal(16, password.Length);
            Assert.True(DemoCity.SatisfiesPolicy(password), password);
            Assert.Contains(password, char.IsAsciiLetterUpper);
            Assert.Contains(password, char.IsAsciiLetterLower);
            Assert.Contains(password, char.IsAsciiDigit);
            Assert.Contains(password, c => !char.IsAsciiLetterOrDigit(c));
        }

        Assert.False(DemoCity.SatisfiesPolicy("short1A!"));
        Assert.False(DemoCity.SatisfiesPolicy("alllowercaseletters"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Jianguan.Platform.Auth.PasswordRules.Generate(8));
    }

    private async Task<IReadOnlyList<DemoAccount>> SeedAsync(TextWriter output)
    {
        await using var scope = _services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        return await DemoCity.SeedAsync(
            provider.GetRequiredService<JianguanDbContext>(),
            provider.GetRequiredService<UserManager<AppUser>>(),
            provider.GetRequiredService<RoleManager<IdentityRole>>(),
            output,
            provider.GetRequiredService<TimeProvider>());
    }
}
