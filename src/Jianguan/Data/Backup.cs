using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jianguan.Data;

/// <summary>
/// <c>db backup</c> and <c>db restore</c>. SQLite: the online backup API (a consistent copy while the server runs,
/// WAL included), and a restore copies the file back page by page into the live database. PostgreSQL: pg_dump's
/// custom format and pg_restore (<c>--clean --if-exists --single-transaction</c>: all or nothing), found on PATH or
/// in the Debian/Ubuntu server folders; without them the command says so and changes nothing.
/// </summary>
public static class Backup
{
    public static async Task BackupAsync(string connectionString, string file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (Database.ProviderOf(connectionString) == DbProvider.Postgres)
        {
            var pg = new NpgsqlConnectionStringBuilder(connectionString);
            await RunAsync("pg_dump", pg, ["--format=custom", "--no-owner", "--file", full, "--dbname", pg.Database ?? "postgres"], ct);
            return;
        }

        var source = SqliteSource(connectionString);
        if (File.Exists(full))
        {
            File.Delete(full);
        }

        await using var from = new SqliteConnection(source);
        await from.OpenAsync(ct);
        await using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        await to.OpenAsync(ct);
        from.BackupDatabase(to);
    }

    public static async Task RestoreAsync(string connectionString, string file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
        {
            throw new CliException($"备份文件不存在 / no such backup file: {full}");
        }

        if (Database.ProviderOf(connectionString) == DbProvider.Postgres)
        {
            var pg = new NpgsqlConnectionStringBuilder(connectionString);
            NpgsqlConnection.ClearAllPools();
            await RunAsync("pg_restore", pg,
                ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname", pg.Database ?? "postgres", full], ct);
            return;
        }

        await using (var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await check.OpenAsync(ct);
            await using var cmd = check.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'";
            try
            {
                if (Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
                {
                    throw new CliException($"不是本系统的数据库备份 / not a Jianguan database backup: {full}");
                }
            }
            catch (SqliteException e)
            {
                throw new CliException($"不是 SQLite 数据库文件 / not an SQLite database: {full} ({e.Message})");
            }
        }

        SqliteConnection.ClearAllPools();
        await using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await from.OpenAsync(ct);
        await using var to = new SqliteConnection(SqliteSource(connectionString));
        await to.OpenAsync(ct);
        from.BackupDatabase(to);
        SqliteConnection.ClearAllPools();
    }

    private static string SqliteSource(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    /// <summary>pg_dump or pg_restore: on PATH, else the newest in /usr/lib/postgresql/*/bin.</summary>
    public static string? FindPgTool(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string Debian = "/usr/lib/postgresql";
        return Directory.Exists(Debian)
            ? Directory.GetDirectories(Debian).Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static async Task RunAsync(string tool, NpgsqlConnectionStringBuilder pg, IReadOnlyList<string> args, CancellationToken ct)
    {
        var path = FindPgTool(tool)
            ?? throw new CliException($"找不到 {tool}：请安装 PostgreSQL 客户端（如 apt-get install postgresql-client）/ {tool} not found on PATH: install the PostgreSQL client tools");
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--host");
        start.ArgumentList.Add(pg.Host ?? "localhost");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(pg.Port.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(pg.Username))
        {
            start.ArgumentList.Add("--username");
            start.ArgumentList.Add(pg.Username);
        }

        start.ArgumentList.Add("--no-password");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The password in the environment, never on the command line (visible to every user in ps).
        if (!string.IsNullOrEmpty(pg.Password))
        {
            start.Environment["PGPASSWORD"] = pg.Password;
        }

        using var process = Process.Start(start) ?? throw new CliException($"无法启动 {tool} / could not start {tool}");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new CliException($"{tool} 失败（退出码 {process.ExitCode}）/ {tool} failed: {(await stderr).Trim()} {(await stdout).Trim()}", Cli.Rejected);
        }
    }
}
