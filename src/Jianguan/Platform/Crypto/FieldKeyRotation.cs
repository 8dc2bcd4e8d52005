using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jianguan.Platform.Crypto;

/// <summary>What a rotation did to one column.</summary>
public sealed record RotatedColumn(string Table, string Column, int Rows);

/// <summary>
/// Re-encrypts every encrypted column with the current key, in batches of one transaction each, together with an
/// audit entry per batch. Idempotent and resumable: a row already under the current key is skipped, so an
/// interrupted run continues where it stopped and a second run changes nothing. Plaintext left from before
/// encryption was enabled is encrypted on the way. With <c>reindex</c> every row is rewritten, which also recomputes
/// the blind indexes after the index key changed.
/// </summary>
public static class FieldKeyRotation
{
    public static async Task<IReadOnlyList<RotatedColumn>> RunAsync(
        JianguanDbContext db, FieldCipher cipher, AuditTrail audit, AuditActor actor, int batchSize = 2000, bool reindex = false,
        TextWriter? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var results = new List<RotatedColumn>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var column in FieldEncryption.Columns(db.Model))
            {
                var rows = await RotateColumnAsync(db, cipher, audit, actor, column, batchSize, reindex, ct);
                progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{column.Table}.{column.Column}: 重新加密 re-encrypted {rows} 行 rows → {cipher.Current.Id}"));
                results.Add(new RotatedColumn(column.Table, column.Column, rows));
            }

            // The TOTP secrets live in Identity's token table, not in an [Encrypted] property (docs/security.md §2).
            var keys = await Auth.AuthenticatorKeys.RotateAsync(db, cipher, audit, actor, batchSize, reindex, ct);
            progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Auth.AuthenticatorKeys.Label}: 重新加密 re-encrypted {keys} 行 rows → {cipher.Current.Id}"));
            results.Add(new RotatedColumn("AspNetUserTokens", Auth.AuthenticatorKeys.TokenName, keys));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return results;
    }

    private static async Task<int> RotateColumnAsync(
        JianguanDbContext db, FieldCipher cipher, AuditTrail audit, AuditActor actor, EncryptedColumn column, int batchSize,
        bool reindex, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var table = Quote(column.Table);
        var key = Quote(column.KeyColumn);
        var value = Quote(column.Column);
        var pending = reindex ? "" : $" AND substr({value}, 1, {cipher.CurrentPrefix.Length}) <> @prefix";
        var select = $"SELECT {key}, {value} FROM {table} WHERE {key} > @last AND {value} IS NOT NULL{pending} ORDER BY {key} LIMIT {batchSize}";
        var setIndex = column.BlindIndexColumn is { } index ? $", {Quote(index)} = @hash" : "";
        // Only if unchanged since it was read: a concurrent writer's new value is never overwritten with an old one.
        var update = $"UPDATE {table} SET {value} = @value{setIndex} WHERE {key} = @id AND {value} = @old";
        long last = 0;
        var total = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = new List<(long Id, string Stored)>(batchSize);
            await using (var read = Command(connection, transaction, select))
            {
                Add(read, "@last", last);
                Add(read, "@prefix", cipher.CurrentPrefix);
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    batch.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1)));
                }
            }

            if (batch.Count == 0)
            {
                return total;
            }

            var written = 0;
            foreach (var (id, stored) in batch)
            {
                string plain;
                try
                {
                    plain = cipher.Decrypt(stored, column.Purpose);
                }
                catch (FieldDecryptionException e)
                {
                    throw new FieldDecryptionException(
                        string.Create(CultureInfo.InvariantCulture, $"{column.Table}.{column.Column} {column.KeyColumn}={id}: {e.Message}"), e);
                }

                await using var write = Command(connection, transaction, update);
                Add(write, "@value", cipher.Encrypt(plain, column.Purpose));
                Add(write, "@hash", (object?)cipher.BlindIndex(plain, column.Normalisation) ?? DBNull.Value);
                Add(write, "@id", id);
                Add(write, "@old", stored);
                written += await write.ExecuteNonQueryAsync(ct);
            }

            last = batch[^1].Id;
            total += written;
            await audit.RecordAsync(db, actor, "keys.rotate", $"{column.Table}.{column.Column}",
                new { key = cipher.Current.Id, rows = written, fromId = batch[0].Id, toId = last, reindex }, ct);
            await transaction.CommitAsync(ct);
        }
    }

    internal static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static DbCommand Command(DbConnection connection, IDbContextTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
#pragma warning disable CA2100 // Table and column names come from the EF model, values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    internal static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
