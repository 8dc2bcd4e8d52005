using System.Net.Sockets;
using Jianguan.Platform.Web;
using Npgsql;

namespace Jianguan.Tests.Cluster;

/// <summary>A database that cannot be reached (PostgreSQL restarting) is a 503 with a Chinese message, not a 500.</summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public void Classify_ConnectionFailures_Are503()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");
        var starting = new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03");

        foreach (var e in new Exception[] { refused, shutdown, starting, new InvalidOperationException("wrapped", refused), new DbUpdateException("save", shutdown) })
        {
            var (status, title) = ProblemDetailsExceptionHandler.Classify(e);
            Assert.Equal(503, status);
            Assert.Contains("数据库暂时无法连接", title, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Classify_OtherDatabaseErrors_KeepTheirStatus()
    {
        var unique = new PostgresException("duplicate key", "ERROR", "ERROR", "23505");

        Assert.Equal(409, ProblemDetailsExceptionHandler.Classify(new DbUpdateException("save", unique)).Status);
        Assert.Equal(500, ProblemDetailsExceptionHandler.Classify(new InvalidOperationException("bug")).Status);
    }
}
