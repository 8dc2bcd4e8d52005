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
            Console.WriteLine($"数据库已就绪 / database ready ({Database.ProviderOf(conn)})");
            return Cli.Ok;
        });
        return new Command("db", "数据库管理 / database administration") { migrate };
    }
}
