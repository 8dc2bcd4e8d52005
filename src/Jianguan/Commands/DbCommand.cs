using System.CommandLine;

namespace Jianguan.Commands;

public static class DbCommand
{
    public static Command Create()
    {
        var db = Cli.DbOption();
        var migrate = new Command("migrate", "创建或升级数据库结构 / create or migrate the database schema") { db };
        migrate.SetAction(async (parse, ct) =>
        {
            var conn = Database.Resolve(parse.GetValue(db));
            await using var cli = CliHost.Open(conn);
            await Database.MigrateAsync(cli.Db, ct);
            parse.InvocationConfiguration.Output.WriteLine($"数据库已就绪 / database ready ({Database.ProviderOf(conn)})");
            return Cli.Ok;
        });
        var backupDb = Cli.DbOption();
        var output = new Option<string>("--out")
        {
            Description = "备份文件 / the backup file (SQLite: a database file; PostgreSQL: pg_dump custom format)",
            Required = true,
        };
        var backup = new Command("backup", "在线备份数据库 / back up the database while it is in use") { backupDb, output };
        backup.SetAction(async (parse, ct) =>
        {
            var conn = Database.Resolve(parse.GetValue(backupDb));
            var file = parse.GetValue(output)!;
            await Backup.BackupAsync(conn, file, ct);
            await RecordAsync(conn, "db.backup", file, ct);
            parse.InvocationConfiguration.Output.WriteLine($"已备份 / backed up to {Path.GetFullPath(file)} ({new FileInfo(file).Length:N0} bytes)");
            return Cli.Ok;
        });

        var restoreDb = Cli.DbOption();
        var input = new Argument<string>("FILE") { Description = "db backup 写出的备份文件 / a file written by db backup" };
        var restore = new Command("restore", "用备份替换数据库的全部内容（先停止服务）/ replace the database's whole content with a backup (stop the servers first)")
        {
            input, restoreDb,
        };
        restore.SetAction(async (parse, ct) =>
        {
            var conn = Database.Resolve(parse.GetValue(restoreDb));
            var file = parse.GetValue(input)!;
            await Backup.RestoreAsync(conn, file, ct);
            // On the restored chain: who put this state back, and from which file.
            await RecordAsync(conn, "db.restore", file, ct);
            parse.InvocationConfiguration.Output.WriteLine($"已恢复 / restored from {Path.GetFullPath(file)} ({Database.ProviderOf(conn)})");
            return Cli.Ok;
        });
        return new Command("db", "数据库管理 / database administration") { migrate, backup, restore };
    }

    private static async Task RecordAsync(string conn, string action, string file, CancellationToken ct)
    {
        await using var cli = CliHost.Open(conn);
        await cli.Get<AuditTrail>().RecordAsync(cli.Db, AuditActor.System, action, "db:" + Database.ProviderOf(conn).ToString().ToLowerInvariant(),
            new { file = Path.GetFileName(file) }, ct);
    }
}
