using Jianguan.Features.Focus;
using Jianguan.Features.Sampling;
using Jianguan.Features.Trading;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Time;

namespace Jianguan.Tests.Web;

/// <summary>
/// Every paged list opens page 3 from the pager's own query name (rows 101–150), keeps its filter in the pager
/// links, and says how many rows there are. One database for the class; rows are seeded in one save per list.
/// </summary>
[Trait("Category", "Database")]
public class PagingWebTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private const int Rows = 160; // four pages of 50: page 3 holds rows 101–150

    private static readonly DateTimeOffset Opened = new DateTimeOffset(2026, 3, 2, 9, 30, 0, ChinaTime.Offset).ToUniversalTime();

    private static string NewPrefix() => "P" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    /// <summary>Rows 101–150 (0-based 100..149, in list order) are on the page, rows 100 and 151 are not.</summary>
    private static void AssertPageThree(string html, Func<int, string> row, string path, string filter)
    {
        Assert.Contains("第 3 / 4 页", html, StringComparison.Ordinal);
        Assert.Contains(row(100), html, StringComparison.Ordinal);
        Assert.Contains(row(149), html, StringComparison.Ordinal);
        Assert.DoesNotContain(row(99), html, StringComparison.Ordinal);
        Assert.DoesNotContain(row(150), html, StringComparison.Ordinal);
        // The pager keeps the filter and moves by its own query name.
        Assert.Contains($"href=\"{path}?{filter}&amp;p=4\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("日期格式应为", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TradingProjects_PageThree_ShowsRows101To150WithoutDateWarning()
    {
        var prefix = NewPrefix();
        await factory.SeedAsync(db =>
        {
            for (var i = 0; i < Rows; i++)
            {
                db.Projects.Add(new TradingProject { Code = $"{prefix}-{i:D3}", Category = TradingCategory.Construction, PublishedAt = Opened.AddDays(-i) });
            }

            return Task.CompletedTask;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Trading/Projects?q={prefix}&p=3");

        AssertPageThree(html, i => $"{prefix}-{i:D3}", "/Trading/Projects", $"q={prefix}");
        Assert.Contains($"共 <strong>{Rows}</strong> 个项目", html, StringComparison.Ordinal);
        // Old links with ?page= still open the page asked for.
        Assert.Contains("第 2 / 4 页", await client.GetStringAsync($"/Trading/Projects?q={prefix}&page=2"), StringComparison.Ordinal);
        // The first page carries no false date warning; a real bad date still gets one.
        Assert.DoesNotContain("日期格式应为", await client.GetStringAsync("/Trading/Projects"), StringComparison.Ordinal);
        Assert.Contains("日期格式应为", await client.GetStringAsync("/Trading/Projects?from=2026-13-45"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TradingSections_PageThree_ShowsRows101To150()
    {
        var prefix = NewPrefix();
        await factory.SeedAsync(db =>
        {
            var project = new TradingProject { Code = prefix, Category = TradingCategory.Construction, PublishedAt = Opened };
            for (var i = 0; i < Rows; i++)
            {
                project.Sections.Add(new Section { Code = $"S{prefix}-{i:D3}", BidOpenAt = Opened.AddDays(-i) });
            }

            db.Projects.Add(project);
            return Task.CompletedTask;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Trading/Sections?q={prefix}&p=3");

        AssertPageThree(html, i => $"S{prefix}-{i:D3}<", "/Trading/Sections", $"q={prefix}");
        Assert.Contains($"共 <strong>{Rows}</strong> 个标段", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminAudit_PageThree_ShowsRows101To150()
    {
        var prefix = NewPrefix();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < Rows; i++)
            {
                await audit.RecordAsync(db, AuditActor.System, "test.paging", $"{prefix}-{i:D3}");
            }

            await transaction.CommitAsync();
        }

        var client = await factory.CreateUserAndLoginAsync(Roles.AuditAdmin);

        var html = await client.GetStringAsync($"/Admin/Audit?q={prefix}&p=3");

        // Newest first: list row k is the entry recorded as number Rows - 1 - k.
        AssertPageThree(html, i => $"{prefix}-{Rows - 1 - i:D3}", "/Admin/Audit", $"q={prefix}");
        Assert.Contains($"共 <strong>{Rows}</strong> 条记录", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamplingObjects_PageThree_ShowsRows101To150NotCutAt200()
    {
        var prefix = NewPrefix();
        await factory.SeedAsync(db =>
        {
            for (var i = 0; i < Rows; i++)
            {
                db.SamplingObjects.Add(new SamplingObject { Key = $"{prefix}-{i:D3}", Kind = "entity", Name = "检查对象" + i, UpdatedAt = Opened });
            }

            return Task.CompletedTask;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Sampling/Objects?q={prefix}&p=3");

        AssertPageThree(html, i => $"{prefix}-{i:D3}<", "/Sampling/Objects", $"q={prefix}");
        Assert.Contains($"共 <strong>{Rows}</strong> 个对象", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FocusList_PageThree_ShowsRows101To150()
    {
        var prefix = NewPrefix();
        await factory.SeedAsync(db =>
        {
            for (var i = 0; i < Rows; i++)
            {
                var entity = new MarketEntity { Key = $"{prefix}-{i:D3}", Name = $"{prefix}单位{i:D3}" };
                db.MarketEntities.Add(entity);
                db.Set<FocusEntry>().Add(new FocusEntry { Entity = entity, Origin = FocusOrigin.Manual, Reason = "测试", AddedAt = Opened, AddedBy = "test" });
            }

            return Task.CompletedTask;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Focus?q={prefix}&p=3");

        AssertPageThree(html, i => $"{prefix}单位{i:D3}<", "/Focus", $"q={prefix}");
        Assert.Contains($"共 <strong>{Rows}</strong> 家", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamplingInspectors_PageThree_ShowsRows101To150()
    {
        var prefix = NewPrefix();
        await factory.SeedAsync(db =>
        {
            for (var i = 0; i < Rows; i++)
            {
                db.Inspectors.Add(new Inspector { Code = $"{prefix}-{i:D3}", Name = "执法人员" + i, Department = "住建局", UpdatedAt = Opened });
            }

            return Task.CompletedTask;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.Justice);

        var html = await client.GetStringAsync($"/Sampling/Inspectors?q={prefix}&p=3");

        AssertPageThree(html, i => $"{prefix}-{i:D3}<", "/Sampling/Inspectors", $"q={prefix}");
        Assert.Contains($"共 {Rows} 名", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamplingResults_PageThree_ShowsRows101To150()
    {
        var prefix = NewPrefix();
        await factory.SeedAsync(db =>
        {
            var plan = new SamplingPlan { Year = 2026, Title = prefix };
            var batch = new SamplingBatch { Name = "第一批", Month = 3 };
            plan.Batches.Add(batch);
            var draw = new SamplingDraw
            {
                Batch = batch,
                PoolJson = "[]",
                ParametersJson = "{}",
                ServerSeed = "s",
                PoolHash = "h",
                ParametersHash = "h",
                ServerSeedHash = "h",
                Commitment = "c",
                Status = SamplingDraw.Drawn,
            };
            for (var i = 0; i < Rows; i++)
            {
                draw.Assignments.Add(new SamplingAssignment { Order = i, ObjectKey = $"{prefix}-{i:D3}", ObjectName = $"{prefix}对象{i:D3}", Status = Jianguan.Features.Sampling.Draw.Selection.Assigned });
            }

            db.SamplingPlans.Add(plan);
            db.Set<SamplingDraw>().Add(draw);
            return Task.CompletedTask;
        });
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);

        var html = await client.GetStringAsync($"/Sampling/Results?q={prefix}&p=3");

        AssertPageThree(html, i => $"{prefix}对象{i:D3}<", "/Sampling/Results", $"q={prefix}");
        Assert.Contains($"共 <strong>{Rows}</strong> 个检查对象", html, StringComparison.Ordinal);
    }
}
