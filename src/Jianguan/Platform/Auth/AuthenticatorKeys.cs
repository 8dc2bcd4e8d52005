using Jianguan.Platform.Crypto;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jianguan.Platform.Auth;

/// <summary>
/// Where Identity keeps the TOTP shared secret (one row of <c>AspNetUserTokens</c> per user) and how
/// <c>jianguan keys rotate</c> re-encrypts it. The user id is part of the associated data, so a ciphertext copied
/// onto another account does not decrypt there.
/// </summary>
public static class AuthenticatorKeys
{
    /// <summary>The login provider and token name Identity's UserStoreBase uses for the authenticator key.</summary>
    public const string LoginProvider = "[AspNetUserStore]";

    public const string TokenName = "AuthenticatorKey";

    /// <summary>The token name under which Identity's UserStoreBase keeps the (here hashed) recovery codes.</summary>
    public const string RecoveryCodesTokenName = "RecoveryCodes";

    /// <summary>The label written into rotation output and audit entries.</summary>
    public const string Label = "AspNetUserTokens.AuthenticatorKey";

    public static string Purpose(string userId) => Label + ":" + userId;

    /// <summary>
    /// Re-encrypts every stored authenticator key not yet under the current key (all of them with
    /// <paramref name="reindex"/>), legacy plaintext included, in batches of one transaction each with a
    /// <c>keys.rotate</c> audit entry. Same guarantees as the encrypted columns: resumable, idempotent, and a row
    /// changed since it was read is left alone. The caller opens the connection.
    /// </summary>
    public static async Task<int> RotateAsync(
        JianguanDbContext db, FieldCipher cipher, AuditTrail audit, AuditActor actor, int batchSize, bool reindex, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(audit);
        var entity = db.Model.FindEntityType(typeof(IdentityUserToken<string>))
            ?? throw new InvalidOperationException("the model has no user tokens");
        var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => FieldKeyRotation.Quote(entity.FindProperty(property)!.GetColumnName(store)!);
        var table = FieldKeyRotation.Quote(entity.GetTableName()!);
        var user = Column(nameof(IdentityUserToken<string>.UserId));
        var provider = Column(nameof(IdentityUserToken<string>.LoginProvider));
        var name = Column(nameof(IdentityUserToken<string>.Name));
        var value = Column(nameof(IdentityUserToken<string>.Value));
        var pending = reindex ? "" : $" AND substr({value}, 1, {cipher.CurrentPrefix.Length}) <> @prefix";
        var where = $"{provider} = @provider AND {name} = @name";
        var select = $"SELECT {user}, {value} FROM {table} WHERE {where} AND {user} > @last AND {value} IS NOT NULL{pending} ORDER BY {user} LIMIT {batchSize}";
        var update = $"UPDATE {table} SET {value} = @value WHERE {where} AND {user} = @user AND {value} = @old";
        var connection = db.Database.GetDbConnection();
        var last = "";
        var total = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = new List<(string UserId, string Stored)>(batchSize);
            await using (var read = FieldKeyRotation.Command(connection, transaction, select))
            {
                FieldKeyRotation.Add(read, "@provider", LoginProvider);
                FieldKeyRotation.Add(read, "@name", TokenName);
                FieldKeyRotation.Add(read, "@last", last);
                FieldKeyRotation.Add(read, "@prefix", cipher.CurrentPrefix);
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    batch.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            if (batch.Count == 0)
            {
                return total;
            }

            var written = 0;
            foreach (var (userId, stored) in batch)
            {
                string plain;
                try
                {
                    plain = cipher.Decrypt(stored, Purpose(userId));
                }
                catch (FieldDecryptionException e)
                {
                    throw new FieldDecryptionException($"{Label} UserId={userId}: {e.Message}", e);
                }

                await using var write = FieldKeyRotation.Command(connection, transaction, update);
                FieldKeyRotation.Add(write, "@value", cipher.Encrypt(plain, Purpose(userId)));
                FieldKeyRotation.Add(write, "@provider", LoginProvider);
                FieldKeyRotation.Add(write, "@name", TokenName);
                FieldKeyRotation.Add(write, "@user", userId);
                FieldKeyRotation.Add(write, "@old", stored);
                written += await write.ExecuteNonQueryAsync(ct);
            }

            last = batch[^1].UserId;
            total += written;
            // User ids, not key material: the audit entry says which accounts were touched.
            await audit.RecordAsync(db, actor, "keys.rotate", Label,
                new { key = cipher.Current.Id, rows = written, fromUser = batch[0].UserId, toUser = last, reindex }, ct);
            await transaction.CommitAsync(ct);
        }
    }
}
