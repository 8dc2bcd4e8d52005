using System.CommandLine;
using Microsoft.Extensions.Options;

namespace Jianguan.Commands;

/// <summary>
/// <c>jianguan audit verify [--db CONN] [--checkpoint FILE]</c>: walks the SM3 audit chain, and checks it against the
/// last checkpoint of FILE; <c>jianguan audit checkpoint [--db CONN] [--file FILE]</c>: appends a checkpoint.
/// </summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var db = Cli.DbOption();
        var checkpointFile = new Option<string?>("--checkpoint")
        {
            Description = "同时对照检查点文件：链比最后一个检查点短或与之不符即失败 / also check against the last checkpoint of this file (fails when the chain is shorter or diverges)",
        };
        var verify = new Command("verify",
            "校验审计链：任何条目被修改、删除、插入或调序都会被发现 / verify the audit chain: detects any altered, removed, inserted or reordered entry")
        {
            db, checkpointFile,
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

            var result = parse.GetValue(checkpointFile) is { Length: > 0 } file
                ? await cli.Get<AuditCheckpoints>().VerifyAsync(context, file, ct)
                : await cli.Get<AuditTrail>().VerifyAsync(context, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(result.ToString());
            return result.Ok ? Cli.Ok : Cli.Rejected;
        });

        var db2 = Cli.DbOption();
        var file = new Option<string?>("--file")
        {
            Description = "检查点文件（默认取配置 Jianguan:Audit:CheckpointFile）/ the checkpoint file (default: Jianguan:Audit:CheckpointFile)",
        };
        var checkpoint = new Command("checkpoint",
            "校验审计链并把链头（条数、最后序号与哈希、时间，以审计密钥 HMAC-SM3 签名）追加到库外的检查点文件 / verify the chain and append its head, signed, to a checkpoint file outside the database")
        {
            db2, file,
        };
        checkpoint.SetAction(async (parse, ct) =>
        {
            var conn = Database.Resolve(parse.GetValue(db2));
            await using var cli = CliHost.Open(conn);
            var target = parse.GetValue(file) ?? cli.Get<IOptions<AuditOptions>>().Value.CheckpointFile;
            if (string.IsNullOrWhiteSpace(target))
            {
                throw new CliException("未指定检查点文件：用 --file 或配置 Jianguan:Audit:CheckpointFile / no checkpoint file: pass --file or set Jianguan:Audit:CheckpointFile");
            }

            try
            {
                var written = await cli.Get<AuditCheckpoints>().WriteAsync(cli.Db, target, ct);
                await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"checkpoint: {written.Count} entries, last {written.Seq} {written.Hash} → {target}"));
                return Cli.Ok;
            }
            catch (InvalidOperationException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return Cli.Rejected;
            }
        });
        return new Command("audit", "审计链 / audit chain") { verify, checkpoint };
    }
}
