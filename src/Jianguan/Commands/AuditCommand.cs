using System.CommandLine;

namespace Jianguan.Commands;

/// <summary><c>jianguan audit verify [--db CONN]</c>: walks the SM3 audit chain.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var db = Cli.DbOption();
        var verify = new Command("verify",
            "校验审计链：任何条目被修改、删除、插入或调序都会被发现 / verify the audit chain: detects any altered, removed, inserted or reordered entry")
        {
            db,
        };
        verify.SetAction(async (parse, ct) =>
        {
            var conn = Database.Resolve(parse.GetValue(db));
            await using var cli = CliHost.Open(conn);
            var context = cli.Db;
            if (!await context.Database.CanConnectAsync(ct))
            {
                throw new CliException($"无法连接数据库 / cannot open the database: {conn}", Cli.Usage);
            }

            var result = await cli.Get<AuditTrail>().VerifyAsync(context, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(result.ToString());
            return result.Ok ? Cli.Ok : Cli.Rejected;
        });
        return new Command("audit", "审计链 / audit chain") { verify };
    }
}
