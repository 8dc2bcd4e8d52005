namespace Jianguan.Tests;

public class MigrationTests
{
    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Host=127.0.0.1;Database=model_check")]
    public void Migrations_EachProvider_MatchTheModel(string connectionString)
    {
        // A model change without regenerated migrations for both providers would break one of them in production.
        using var db = Database.Open(connectionString, Database.ModelOnlyCipher());
        Assert.False(db.Database.HasPendingModelChanges(), $"{Database.ProviderOf(connectionString)} migrations are behind the model");
    }
}

[Trait("Category", "Database")]
public class MigrationHistoryTests
{
    [Fact]
    public async Task MigrateAsync_HistoryFromASquashedBuild_RefusedWithAClearMessage()
    {
        await using var t = await Import.ImportTestDb.CreateAsync();
        await t.Db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20261127091220_Initial', '10.0.0')""");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Database.MigrateAsync(t.Db));
        Assert.Contains("20261127091220_Initial", e.Message, StringComparison.Ordinal);
        Assert.Contains("删除", e.Message, StringComparison.Ordinal);
    }
}
