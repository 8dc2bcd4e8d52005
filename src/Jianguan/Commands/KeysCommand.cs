using System.CommandLine;
using Jianguan.Platform.Crypto;

namespace Jianguan.Commands;

/// <summary>
/// <c>jianguan keys rotate [--db CONN]</c>: re-encrypts every encrypted field with the newest configured key;
/// <c>jianguan keys generate [--id ID]</c>: prints a new random key entry for JIANGUAN_FIELD_KEYS (docs/security.md).
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var db = Cli.DbOption();
        var batch = new Option<int>("--batch")
        {
            Description = "每批（每个事务）的行数 / rows per batch (one transaction each)",
            DefaultValueFactory = _ => 2000,
        };
        var reindex = new Option<bool>("--reindex")
        {
            Description = "重写所有行（更换盲索引密钥后使用）/ rewrite every row, also those under the newest key (after changing the blind-index key)",
        };
        var rotate = new Command("rotate",
            "用最新密钥重新加密所有加密字段（分批、可中断续跑、写审计）/ re-encrypt every encrypted field with the newest key (batched, resumable, audited)")
        {
            db, batch, reindex,
        };
        rotate.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(batch) < 1)
            {
                throw new CliException("--batch 必须大于 0 / --batch must be positive");
            }

            var conn = Database.Resolve(parse.GetValue(db));
            await using var cli = CliHost.Open(conn);
            var cipher = cli.Get<FieldCipher>();
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (cipher.Development)
            {
                await error.WriteLineAsync(
                    $"警告：未配置 {FieldKeyRing.KeysVariable}，使用公开的开发密钥 / warning: {FieldKeyRing.KeysVariable} is not set, using the public development key");
            }

            var context = cli.Db;
            if (!await context.Database.CanConnectAsync(ct))
            {
                throw new CliException($"无法连接数据库 / cannot open the database: {conn}", Cli.Usage);
            }

            try
            {
                var results = await FieldKeyRotation.RunAsync(context, cipher, cli.Get<AuditTrail>(), AuditActor.CommandLine,
                    parse.GetValue(batch), parse.GetValue(reindex), output, ct);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"完成 done: {results.Sum(r => r.Rows)} 行 rows re-encrypted with key {cipher.Current.Id}"));
                return Cli.Ok;
            }
            catch (FieldDecryptionException e)
            {
                await error.WriteLineAsync(e.Message);
                await error.WriteLineAsync("已完成的批次已提交；修正密钥配置后重新运行即可续跑 / completed batches are committed; fix the key configuration and run again to resume");
                return Cli.Rejected;
            }
        });

        var id = new Option<string>("--id")
        {
            Description = "密钥编号（字母、数字、-）/ key id (letters, digits, '-')",
            DefaultValueFactory = _ => "k1",
        };
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "sm4-gcm（默认）或 aes-gcm / sm4-gcm (default) or aes-gcm",
            DefaultValueFactory = _ => "sm4-gcm",
        };
        var generate = new Command("generate", "生成一个随机密钥项 / print a new random key entry id:base64") { id, algorithm };
        generate.SetAction(async (parse, ct) =>
        {
            var alg = parse.GetValue(algorithm)?.Trim().ToLowerInvariant() switch
            {
                "sm4-gcm" or "sm4" => FieldAlgorithm.Sm4Gcm,
                "aes-gcm" or "aes" => FieldAlgorithm.AesGcm,
                var other => throw new CliException($"未知算法 / unknown algorithm: {other}"),
            };
            await parse.InvocationConfiguration.Output.WriteLineAsync(FieldKeyRing.NewEntry(parse.GetValue(id)!, alg));
            return Cli.Ok;
        });
        return new Command("keys", "字段加密密钥 / field encryption keys") { rotate, generate };
    }
}
