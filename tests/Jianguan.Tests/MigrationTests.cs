using Jianguan.Data;
using Microsoft.EntityFrameworkCore;

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
