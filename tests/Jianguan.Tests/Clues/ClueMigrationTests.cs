using Jianguan.Features.Clues;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Time;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Jianguan.Tests.Clues;

/// <summary>The CluesAndReferrals migration carries the placeholder clues (XS numbers, alert links) over.</summary>
[Trait("Category", "Database")]
public class ClueMigrationTests
{
    private const string Before = "MachineTokenRequests";

    [Fact]
    public async Task Migration_OldClueRows_KeepNumberTitleAlertAndCreator_BecomeRegisteredAlertClues()
    {
        await using var t = await Import.ImportTestDb.CreateAsync();
        var migrator = t.Db.GetService<IMigrator>();
        var previous = t.Db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal));
        await migrator.MigrateAsync(previous);
        var year = ChinaTime.ToChina(t.Clock.GetUtcNow()).Year;
        var number = $"XS-{year}-000041";
        var created = new DateTimeOffset(year, 3, 2, 1, 0, 0, TimeSpan.Zero);
        object at = t.Db.Database.IsNpgsql() ? created : created.ToUnixTimeMilliseconds();
        await t.Db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "Clues" ("Number", "Title", "AlertId", "CreatedAt", "CreatedBy") VALUES ({0}, {1}, {2}, {3}, {4})""",
            number, "串通投标（标段 S1）", 77L, at, "zhujianju");

        await migrator.MigrateAsync();
        t.Db.ChangeTracker.Clear();
        var clue = await t.Db.Set<Clue>().AsNoTracking().SingleAsync(c => c.Number == number);
        var next = await ClueService.CreateAsync(t.Db, t.Services.GetRequiredService<AuditTrail>(), AuditActor.System, ClueSource.Transfer, null,
            "新线索", t.Clock.GetUtcNow());

        Assert.Equal("串通投标（标段 S1）", clue.Title);
        Assert.Equal(77L, clue.AlertId);
        Assert.Equal("zhujianju", clue.CreatedBy);
        Assert.Equal(created, clue.CreatedAt);
        Assert.Equal(ClueSource.Alert, clue.Source);
        Assert.Equal(ClueState.Registered, clue.State);
        Assert.Equal("77", clue.SourceId);
        Assert.Equal("/Alerts/77", clue.SourceLink);
        Assert.Equal(created, clue.StateChangedAt);
        Assert.Equal($"XS-{year}-000042", next.Number);
    }
}
