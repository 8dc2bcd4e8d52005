using System.Text.Encodings.Web;
using System.Text.Json;

namespace Jianguan.Platform.Audit;

/// <summary>Appending to and verifying the audit chain. There is deliberately no method that changes an entry.</summary>
public sealed class AuditTrail(TimeProvider time, AuditChain chain)
{
    private static readonly JsonSerializerOptions DetailJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Appends one entry. Saves the context's pending changes in the same transaction, so a write and its entry
    /// commit together (or neither does): build the change, then call this instead of SaveChanges. Inside a
    /// transaction the caller opened, the entry commits with it.
    /// </summary>
    public async Task<AuditEntry> RecordAsync(JianguanDbContext db, AuditActor actor, string action, string target,
        object? detail = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            // The head row serialises appenders, also across processes (the CLI importing while the server runs).
            AuditHead head;
            if (db.Database.IsNpgsql())
            {
                head = await db.AuditHeads.FromSql($"SELECT * FROM \"AuditHead\" WHERE \"Id\" = 1 FOR UPDATE")
                    .AsNoTracking().SingleAsync(ct);
            }
            else
            {
                // SQLite: writing first takes the database's write lock before the head is read.
                await db.Database.ExecuteSqlAsync($"UPDATE \"AuditHead\" SET \"Seq\" = \"Seq\" WHERE \"Id\" = 1", ct);
                head = await db.AuditHeads.AsNoTracking().SingleAsync(ct);
            }

            var now = time.GetUtcNow();
            var entry = new AuditEntry
            {
                Seq = head.Seq + 1,
                At = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
                UserId = actor.UserId,
                UserName = Clip(actor.UserName, 256),
                Roles = Clip(actor.Roles, 512),
                Action = Clip(action, 64),
                Target = Clip(target, 1024),
                Detail = detail switch
                {
                    null => "{}",
                    string s => s,
                    _ => JsonSerializer.Serialize(detail, DetailJson),
                },
                Source = Clip(actor.Source, 256),
                PrevHash = head.Hash,
            };
            entry.Hash = chain.Compute(entry);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(ct);
            await db.AuditHeads.Where(h => h.Id == AuditHead.SingletonId)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.Seq, entry.Seq).SetProperty(h => h.Hash, entry.Hash), ct);
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }

            return entry;
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>
    /// Walks the whole chain in order. Returns the number of entries, or the first broken position and why.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == AuditHead.SingletonId, ct);
        if (head is null)
        {
            return AuditVerification.Broken(1, "审计链头缺失 / the chain head row is missing");
        }

        long expected = 1;
        var previous = AuditChain.Genesis;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (entry.Seq != expected)
            {
                return AuditVerification.Broken(expected,
                    $"条目缺失 / entry missing (the next entry present is {entry.Seq})");
            }

            if (entry.PrevHash != previous)
            {
                return AuditVerification.Broken(expected,
                    "与前一条目的哈希链接不符 / previous-hash link broken (an entry was inserted, removed or reordered)");
            }

            if (chain.Compute(entry) != entry.Hash)
            {
                return AuditVerification.Broken(expected,
                    "内容与哈希不符 / content does not match its hash (entry altered, or a different audit key)");
            }

            previous = entry.Hash;
            expected++;
        }

        var count = expected - 1;
        if (head.Seq > count)
        {
            return AuditVerification.Broken(count + 1,
                $"条目缺失 / entry missing (the chain head records {head.Seq} entries, {count} present)");
        }

        if (head.Seq < count)
        {
            return AuditVerification.Broken(head.Seq + 1,
                "条目不在链头记录中 / entry appended outside the application (not recorded in the chain head)");
        }

        return head.Hash != previous
            ? AuditVerification.Broken(Math.Max(count, 1), "链头哈希不符 / the chain head's hash differs from the last entry")
            : new AuditVerification(count, null, null);
    }
}

/// <summary>Outcome of <see cref="AuditTrail.VerifyAsync"/>: all entries verified, or the first broken one.</summary>
public sealed record AuditVerification(long Entries, long? BrokenAt, string? Reason)
{
    public bool Ok => BrokenAt is null;

    public static AuditVerification Broken(long at, string reason) => new(0, at, reason);

    public override string ToString() => Ok ? $"verified {Entries} entries" : $"broken at entry {BrokenAt}: {Reason}";
}
