using System.Text;
using System.Text.Json;
using Jianguan.Platform.Jobs;
using Microsoft.Extensions.Options;

namespace Jianguan.Platform.Audit;

/// <summary>The <c>Jianguan:Audit</c> configuration section (docs/security.md, audit chain).</summary>
public sealed class AuditOptions
{
    public const string Section = "Jianguan:Audit";

    /// <summary>
    /// Where checkpoints of the chain head are appended, one JSON line each: a file outside the database (another
    /// volume, a write-once or remotely shipped log). Without it no checkpoint is written.
    /// </summary>
    public string? CheckpointFile { get; set; }

    /// <summary>Set by <c>serve --demo</c>: an unkeyed chain is then accepted even in production.</summary>
    public bool Demo { get; set; }

    /// <summary>
    /// An unkeyed chain (no <see cref="AuditChain.KeyVariable"/>) can be rebuilt by anyone with write access to the
    /// database: refused when the environment is Production, unless the host runs the demo.
    /// </summary>
    internal sealed class Validator(IConfiguration configuration) : IValidateOptions<AuditOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuditOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var environment = configuration["JIANGUAN_ENVIRONMENT"] ?? configuration["ASPNETCORE_ENVIRONMENT"] ?? configuration["DOTNET_ENVIRONMENT"];
            return !options.Demo && configuration[AuditChain.KeyVariable] is not { Length: > 0 }
                && string.Equals(environment?.Trim(), "Production", StringComparison.OrdinalIgnoreCase)
                ? ValidateOptionsResult.Fail(
                    $"生产环境必须配置审计密钥 {AuditChain.KeyVariable}（见 docs/security.md），否则有数据库写权限者可重建整条审计链 / production requires {AuditChain.KeyVariable} (see docs/security.md): an unkeyed audit chain can be rebuilt by anyone who can write to the database")
                : ValidateOptionsResult.Success;
        }
    }
}

/// <summary>One checkpoint line: the chain head at a time, authenticated under the audit key.</summary>
public sealed record AuditCheckpoint(long Count, long Seq, string Hash, DateTimeOffset At, string Mac);

/// <summary>
/// Anchors the audit chain head outside the database (issue 17): the chain's own links cannot show that its last
/// entries were deleted and the head row rewritten to match. A checkpoint {count, last seq, last hash, time} with an
/// HMAC-SM3 under the audit key is appended to <see cref="AuditOptions.CheckpointFile"/>; verification against the
/// file fails when the database chain is shorter than, or diverges from, the last checkpoint.
/// </summary>
public sealed class AuditCheckpoints(AuditTrail trail, AuditChain chain, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Verifies the chain, then appends its head as a checkpoint; a broken chain is not checkpointed.</summary>
    public async Task<AuditCheckpoint> WriteAsync(JianguanDbContext db, string file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var verified = await trail.VerifyAsync(db, ct);
        if (!verified.Ok)
        {
            throw new InvalidOperationException($"审计链校验失败，未写检查点 / the audit chain does not verify, no checkpoint written: {verified}");
        }

        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == AuditHead.SingletonId, ct);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var checkpoint = new AuditCheckpoint(verified.Entries, head.Seq, head.Hash, at, "");
        checkpoint = checkpoint with { Mac = chain.Authenticate(Canonical(checkpoint)) };
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await File.AppendAllTextAsync(file, JsonSerializer.Serialize(checkpoint, Json) + "\n", ct);
        return checkpoint;
    }

    /// <summary>
    /// The chain's own verification, then the last checkpoint of <paramref name="file"/>: its HMAC must hold, the
    /// database must hold at least its entries, and the entry at its sequence number must carry its hash.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(JianguanDbContext db, string file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        string? last;
        try
        {
            last = (await File.ReadAllLinesAsync(file, ct)).LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AuditVerification.Broken(1, $"无法读取检查点文件 / cannot read the checkpoint file {file}: {e.Message}");
        }

        AuditCheckpoint? checkpoint = null;
        try
        {
            checkpoint = last is null ? null : JsonSerializer.Deserialize<AuditCheckpoint>(last, Json);
        }
        catch (JsonException)
        {
        }

        if (checkpoint is null || checkpoint.Hash is null || checkpoint.Mac is null)
        {
            return AuditVerification.Broken(1, $"检查点文件为空或最后一行无法解析 / the checkpoint file {file} is empty or its last line is unreadable");
        }

        if (!CryptographicEquals(chain.Authenticate(Canonical(checkpoint)), checkpoint.Mac))
        {
            return AuditVerification.Broken(1,
                "检查点签名不符（文件被改动，或审计密钥不同）/ the checkpoint's HMAC does not match (the file was altered, or a different audit key)");
        }

        var result = await trail.VerifyAsync(db, ct);
        if (!result.Ok)
        {
            return result;
        }

        if (result.Entries < checkpoint.Count || result.Entries < checkpoint.Seq)
        {
            return AuditVerification.Broken(result.Entries + 1, string.Create(CultureInfo.InvariantCulture,
                $"审计链比检查点短：检查点（{checkpoint.At:yyyy-MM-dd HH:mm:ss}Z）记录 {checkpoint.Count} 条，数据库仅 {result.Entries} 条，第 {result.Entries + 1}–{checkpoint.Seq} 条缺失（链尾被截断）/ the chain is shorter than the checkpoint: entries {result.Entries + 1}-{checkpoint.Seq} are missing (tail truncated)"));
        }

        var hash = await db.AuditEntries.AsNoTracking().Where(e => e.Seq == checkpoint.Seq).Select(e => e.Hash).SingleOrDefaultAsync(ct);
        return hash != checkpoint.Hash
            ? AuditVerification.Broken(checkpoint.Seq, string.Create(CultureInfo.InvariantCulture,
                $"第 {checkpoint.Seq} 条与检查点（{checkpoint.At:yyyy-MM-dd HH:mm:ss}Z）记录的哈希不符，第 1–{checkpoint.Seq} 条已被改写 / entry {checkpoint.Seq} diverges from the checkpoint: entries 1-{checkpoint.Seq} were rewritten"))
            : result;
    }

    private static string Canonical(AuditCheckpoint c) => string.Create(CultureInfo.InvariantCulture,
        $"jianguan-audit-checkpoint/1\n{c.Count}\n{c.Seq}\n{c.Hash}\n{c.At.ToUnixTimeMilliseconds()}");

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}

/// <summary>Appends a checkpoint of the chain head to the configured file, when one is configured.</summary>
public sealed class AuditCheckpointJob(JianguanDbContext db, AuditCheckpoints checkpoints, IOptions<AuditOptions> options) : IScheduledJob
{
    public const string Name = "audit-checkpoint";

    /// <summary>Every 15 minutes: what a truncation can erase unnoticed is at most the entries since the last one.</summary>
    public const string Cron = "0 */15 * * * ?";

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        if (options.Value.CheckpointFile is not { Length: > 0 } file)
        {
            return "no checkpoint file configured (Jianguan:Audit:CheckpointFile)";
        }

        var checkpoint = await checkpoints.WriteAsync(db, file, ct);
        return string.Create(CultureInfo.InvariantCulture, $"checkpoint at entry {checkpoint.Seq} written to {file}");
    }
}
