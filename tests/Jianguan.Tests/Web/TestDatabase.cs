using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jianguan.Tests.Web;

/// <summary>
/// A database of its own for one test class: a temporary SQLite file by default, or a fresh PostgreSQL database
/// (created here, dropped on dispose) when JIANGUAN_TEST_POSTGRES holds a server connection string.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "JIANGUAN_TEST_POSTGRES";

    private readonly string? _adminConnection;
    private readonly string? _databaseName;
    private readonly string? _sqlitePath;

    private TestDatabase(string connectionString, string? adminConnection, string? databaseName, string? sqlitePath)
    {
        ConnectionString = connectionString;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
        _sqlitePath = sqlitePath;
    }

    public string ConnectionString { get; }

    public bool IsPostgres => _databaseName is not null;

    public static async Task<TestDatabase> CreateAsync()
    {
        DatabaseGuard.Check(nameof(TestDatabase));
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            var path = Path.Combine(Path.GetTempPath(), $"jianguan-test-{Guid.NewGuid():N}.db");
            return new TestDatabase($"Data Source={path}", null, null, path);
        }

        var name = $"jianguan_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(builder.ConnectionString, admin, name, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqlitePath + suffix);
            }
        }

        if (_adminConnection is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
