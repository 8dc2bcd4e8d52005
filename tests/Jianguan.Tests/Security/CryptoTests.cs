using System.Data.Common;
using System.Security.Cryptography;
using Jianguan.Features.Trading;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Crypto;
using Jianguan.Tests.Import;
using Microsoft.Extensions.Time.Testing;

namespace Jianguan.Tests.Security;

/// <summary>Field encryption at rest: cipher, key configuration, blind index, raw columns and key rotation.</summary>
public class CryptoTests
{
    private const string Purpose = "Bid.ContactPhone";
    private static readonly byte[] IndexKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static FieldKey Key(string id, FieldAlgorithm algorithm = FieldAlgorithm.Sm4Gcm, byte seed = 7) =>
        new(id, algorithm, [.. Enumerable.Range(seed, algorithm == FieldAlgorithm.Sm4Gcm ? 16 : 32).Select(i => (byte)i)]);

    private static FieldCipher Cipher(params FieldKey[] keys) => new(keys, IndexKey);

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData(FieldAlgorithm.Sm4Gcm, "sm4g:v1:k1:")]
    [InlineData(FieldAlgorithm.AesGcm, "aesg:v1:k1:")]
    public void Encrypt_RoundTrip_PrefixedAndRandomised(FieldAlgorithm algorithm, string prefix)
    {
        var cipher = Cipher(Key("k1", algorithm));

        var a = cipher.Encrypt("13812341234", Purpose);
        var b = cipher.Encrypt("13812341234", Purpose);

        Assert.StartsWith(prefix, a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.DoesNotContain("13812341234", a, StringComparison.Ordinal);
        Assert.Equal("13812341234", cipher.Decrypt(a, Purpose));
        Assert.Equal("琼1462023000123 张三", cipher.Decrypt(cipher.Encrypt("琼1462023000123 张三", Purpose), Purpose));
        Assert.Equal("", cipher.Decrypt(cipher.Encrypt("", Purpose), Purpose));
    }

    [Fact]
    public void Decrypt_WrongKeyBytes_ClearError()
    {
        var stored = Cipher(Key("k1", seed: 1)).Encrypt("13812341234", Purpose);

        var e = Assert.Throws<FieldDecryptionException>(() => Cipher(Key("k1", seed: 2)).Decrypt(stored, Purpose));

        Assert.Contains("k1", e.Message, StringComparison.Ordinal);
        Assert.Contains("wrong key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_UnknownKeyId_NamesTheKeyAndTheVariable()
    {
        var stored = Cipher(Key("k1")).Encrypt("13812341234", Purpose);

        var e = Assert.Throws<FieldDecryptionException>(() => Cipher(Key("k2")).Decrypt(stored, Purpose));

        Assert.Contains("'k1' is not configured", e.Message, StringComparison.Ordinal);
        Assert.Contains(FieldKeyRing.KeysVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_TamperedCiphertextOrOtherColumn_Refused()
    {
        var cipher = Cipher(Key("k1"));
        var stored = cipher.Encrypt("13812341234", Purpose);
        var prefix = stored[..stored.LastIndexOf(':')];
        var bytes = Convert.FromBase64String(stored[(prefix.Length + 1)..]);
        bytes[14] ^= 0x01;
        var flipped = $"{prefix}:{Convert.ToBase64String(bytes)}";

        Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt(flipped, Purpose));
        Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt(stored[..^8], Purpose));
        Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt(prefix + ":!!notbase64!!", Purpose));
        Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt("sm4g:v9:k1:AAAA", Purpose));
        // The column name is associated data: a ciphertext moved into another column does not decrypt.
        Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt(stored, "Bid.PmCertificate"));
        // The algorithm is part of the prefix: an SM4 ciphertext relabelled as AES is refused.
        Assert.Throws<FieldDecryptionException>(() => cipher.Decrypt("aesg" + stored[4..], Purpose));
    }

    [Fact]
    public void Decrypt_PlaintextFromBeforeEncryption_ReadsAsIs() =>
        Assert.Equal("13812341234", Cipher(Key("k1")).Decrypt("13812341234", Purpose));

    [Fact]
    public void WithRetiredKeys_OldCiphertext_DecryptsAndNewUsesCurrent()
    {
        var old = Key("k1", seed: 1);
        var stored = Cipher(old).Encrypt("13812341234", Purpose);
        var ring = Cipher(Key("k2", seed: 2)).WithRetiredKeys(old);

        Assert.Equal("13812341234", ring.Decrypt(stored, Purpose));
        Assert.StartsWith("sm4g:v1:k2:", ring.Encrypt("x", Purpose), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_ProductionWithoutKeys_Refused()
    {
        var e = Assert.Throws<FieldKeyException>(() => FieldKeyRing.From(Env(("ASPNETCORE_ENVIRONMENT", "Production"))));
        Assert.Contains(FieldKeyRing.KeysVariable, e.Message, StringComparison.Ordinal);
        Assert.Throws<FieldKeyException>(() => FieldKeyRing.From(Env(("JIANGUAN_ENVIRONMENT", "production"))));
    }

    [Fact]
    public void FromEnvironment_NoKeysOutsideProduction_DevelopmentKey()
    {
        var cipher = FieldKeyRing.From(Env(("ASPNETCORE_ENVIRONMENT", "Development")));

        Assert.True(cipher.Development);
        Assert.Equal(FieldKeyRing.DevelopmentKeyId, cipher.Current.Id);
        Assert.Equal(FieldAlgorithm.Sm4Gcm, cipher.Current.Algorithm);
    }

    [Fact]
    public void FromEnvironment_ConfiguredKeys_FirstEncryptsAllDecrypt()
    {
        var k1 = Convert.ToBase64String(Key("k1", seed: 1).Bytes);
        var k2 = Convert.ToBase64String(Key("k2", seed: 2).Bytes);
        var index = Convert.ToBase64String(IndexKey);
        var oldRing = FieldKeyRing.From(Env((FieldKeyRing.KeysVariable, $"k1:{k1}"), (FieldKeyRing.IndexKeyVariable, index)));
        var ring = FieldKeyRing.From(Env(
            (FieldKeyRing.KeysVariable, $"k2:{k2}, k1:{k1}"), (FieldKeyRing.IndexKeyVariable, index), ("ASPNETCORE_ENVIRONMENT", "Production")));

        Assert.False(ring.Development);
        Assert.Equal("k2", ring.Current.Id);
        Assert.Equal("x", ring.Decrypt(oldRing.Encrypt("x", Purpose), Purpose));
        Assert.Equal(oldRing.BlindIndex("13812341234", BlindNormalisation.Digits), ring.BlindIndex("13812341234", BlindNormalisation.Digits));
    }

    [Theory]
    [InlineData("k1:AAAA", "16")]
    [InlineData("k1:not-base64!", "base64")]
    [InlineData("bad_id:AAAAAAAAAAAAAAAAAAAAAA==", "id")]
    [InlineData("nocolon", "id:base64")]
    public void FromEnvironment_BadKeys_ClearError(string keys, string expected)
    {
        var e = Assert.Throws<FieldKeyException>(() => FieldKeyRing.From(Env(
            (FieldKeyRing.KeysVariable, keys), (FieldKeyRing.IndexKeyVariable, Convert.ToBase64String(IndexKey)))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_KeysWithoutIndexKey_Refused() =>
        Assert.Throws<FieldKeyException>(() => FieldKeyRing.From(Env((FieldKeyRing.KeysVariable, "k1:" + Convert.ToBase64String(new byte[16])))));

    [Fact]
    public void BlindIndex_SameNumberWrittenDifferently_Equal()
    {
        var cipher = Cipher(Key("k1"));
        var other = new FieldCipher([Key("k1")], [.. IndexKey.Select(b => (byte)(b + 1))]);

        var a = cipher.BlindIndex("138-1234-1234", BlindNormalisation.Digits);

        Assert.Equal(32, a!.Length);
        Assert.Equal(a, cipher.BlindIndex(" 138 1234 1234 ", BlindNormalisation.Digits));
        Assert.NotEqual(a, cipher.BlindIndex("13812341235", BlindNormalisation.Digits));
        Assert.NotEqual(a, other.BlindIndex("13812341234", BlindNormalisation.Digits));
        Assert.Equal(cipher.BlindIndex("琼146-2023-000123", BlindNormalisation.Identifier), cipher.BlindIndex("琼1462023000123", BlindNormalisation.Identifier));
        Assert.Null(cipher.BlindIndex("  ", BlindNormalisation.Digits));
    }

    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("138-1234-1234", "138****1234")]
    [InlineData("0898-66123456", "089****3456")]
    public void MaskPhone_ShowsPrefixAndLastFour(string value, string expected) => Assert.Equal(expected, Masking.Phone(value));

    [Fact]
    public void MaskIdentifier_HidesTheMiddle()
    {
        Assert.Equal("琼1********23", Masking.Identifier("琼1462023000123"));
        Assert.Equal("***", Masking.Identifier("abc"));
    }

    // ---- database: raw columns, EF path, importer path, rotation (SQLite; PostgreSQL with JIANGUAN_TEST_POSTGRES) ----

    private const string Header = "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE,PM_CERTIFICATES,CONTACT_PHONE\n";

    private static async Task<List<(long Id, string? Cert, string? CertHash, string? Phone, string? PhoneHash)>> RawBidsAsync(JianguanDbContext db)
    {
        var rows = new List<(long, string?, string?, string?, string?)>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "Id", "PmCertificate", "PmCertificateHash", "ContactPhone", "ContactPhoneHash" FROM "Bids" ORDER BY "Id" """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                    Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return rows;

        static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    }

    private static async Task ExecAsync(JianguanDbContext db, string sql, params object?[] values)
    {
        await db.Database.ExecuteSqlRawAsync(sql, values.Select(v => v ?? DBNull.Value));
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Import_PersonalFields_RawColumnsHoldNoPlaintextAndReadBack()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("bids.csv", Header
            + "P1,S1,甲建设有限公司,100,琼1462023000123,138-1234-1234\n"
            + "P1,S1,乙建设有限公司,101,琼1462023000123,13812341234\n"
            + "P1,S1,丙建设有限公司,102,,\n");

        var summary = await t.ImportAsync(path);
        var raw = await RawBidsAsync(t.Db);

        Assert.Empty(summary.Errors);
        Assert.Equal(3, raw.Count);
        foreach (var row in raw.Take(2))
        {
            Assert.StartsWith("sm4g:v1:dev:", row.Cert, StringComparison.Ordinal);
            Assert.StartsWith("sm4g:v1:dev:", row.Phone, StringComparison.Ordinal);
            Assert.DoesNotContain("1462023000123", row.Cert, StringComparison.Ordinal);
            Assert.DoesNotContain("1234", row.Phone![12..], StringComparison.Ordinal);
        }

        // Equal after normalising → equal blind index, searchable in SQL without decrypting.
        Assert.Equal(raw[0].PhoneHash, raw[1].PhoneHash);
        Assert.Equal(raw[0].CertHash, raw[1].CertHash);
        Assert.Equal((null, null, null, null), (raw[2].Cert, raw[2].CertHash, raw[2].Phone, raw[2].PhoneHash));
        var hash = t.Cipher.BlindIndex("13812341234", BlindNormalisation.Digits);
        Assert.Equal(2, await t.Db.Bids.CountAsync(b => b.ContactPhoneHash == hash));
        var bids = await t.Db.Bids.AsNoTracking().OrderBy(b => b.Id).ToListAsync();
        Assert.Equal(["138-1234-1234", "13812341234", null], bids.Select(b => b.ContactPhone));
        Assert.Equal("琼1462023000123", bids[0].PmCertificate);

        // Importing the same file again keeps the stored ciphertexts (change is judged on the blind index).
        await t.ImportAsync(t.File("again.csv", await File.ReadAllTextAsync(path)));
        Assert.Equal(raw, await RawBidsAsync(t.Db));
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task SaveChanges_EfWrite_EncryptsAndStampsBlindIndex()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var project = new TradingProject { Code = "EF1" };
        var section = new Section { Code = "01" };
        section.Bids.Add(new Bid { Bidder = new MarketEntity { Key = "ef-b", Name = "甲公司" }, ContactPhone = "13900001111", PmCertificate = "ZJ-001" });
        project.Sections.Add(section);
        t.Db.Projects.Add(project);
        await t.Db.SaveChangesAsync();

        var raw = Assert.Single(await RawBidsAsync(t.Db));
        Assert.StartsWith("sm4g:v1:dev:", raw.Phone, StringComparison.Ordinal);
        Assert.Equal(t.Cipher.BlindIndex("13900001111", BlindNormalisation.Digits), raw.PhoneHash);
        Assert.Equal(t.Cipher.BlindIndex("zj001", BlindNormalisation.Identifier), raw.CertHash);
        t.Db.ChangeTracker.Clear();
        Assert.Equal("13900001111", (await t.Db.Bids.SingleAsync()).ContactPhone);
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Rotate_OldKeyAndPlaintextRows_AllUnderNewestKeyDataReadsAuditedIdempotent()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var rows = Enumerable.Range(0, 7).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"P1,S1,公司{i},{100 + i},CERT-{i:D3},1380000{i:D4}\n"));
        await t.ImportAsync(t.File("bids.csv", Header + string.Concat(rows)));
        var expected = await t.Db.Bids.AsNoTracking().OrderBy(b => b.Id).Select(b => new { b.ContactPhone, b.PmCertificate }).ToListAsync();

        // Bring the table to a mixed state: rows under a retired key, one row still in plaintext.
        var old = Key("old", seed: 9);
        var oldCipher = new FieldCipher([old], IndexKey);
        var raw = await RawBidsAsync(t.Db);
        foreach (var row in raw.Skip(1))
        {
            await ExecAsync(t.Db, """UPDATE "Bids" SET "ContactPhone" = {0}, "PmCertificate" = {1} WHERE "Id" = {2}""",
                oldCipher.Encrypt(t.Cipher.Decrypt(row.Phone!, "Bid.ContactPhone"), "Bid.ContactPhone"),
                oldCipher.Encrypt(t.Cipher.Decrypt(row.Cert!, "Bid.PmCertificate"), "Bid.PmCertificate"),
                row.Id);
        }

        await ExecAsync(t.Db, """UPDATE "Bids" SET "ContactPhone" = {0}, "ContactPhoneHash" = NULL WHERE "Id" = {1}""",
            expected[0].ContactPhone, raw[0].Id);
        var audit = new AuditTrail(new FakeTimeProvider(t.Clock.GetUtcNow()), new AuditChain(null));

        // Without the retired key the rotation stops with the row it cannot read, after committing earlier batches.
        var refused = await Assert.ThrowsAsync<FieldDecryptionException>(() =>
            FieldKeyRotation.RunAsync(t.Db, t.Cipher, audit, AuditActor.System, batchSize: 3));
        Assert.Contains("Bids.ContactPhone", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'old' is not configured", refused.Message, StringComparison.Ordinal);

        var ring = t.Cipher.WithRetiredKeys(old);
        var first = await FieldKeyRotation.RunAsync(t.Db, ring, audit, AuditActor.System, batchSize: 3);
        var second = await FieldKeyRotation.RunAsync(t.Db, ring, audit, AuditActor.System, batchSize: 3);

        Assert.Equal(7, first.Single(c => c.Column == "ContactPhone").Rows);
        Assert.Equal(6, first.Single(c => c.Column == "PmCertificate").Rows);
        Assert.All(second, c => Assert.Equal(0, c.Rows));
        Assert.All(await RawBidsAsync(t.Db), r =>
        {
            Assert.StartsWith(ring.CurrentPrefix, r.Phone, StringComparison.Ordinal);
            Assert.StartsWith(ring.CurrentPrefix, r.Cert, StringComparison.Ordinal);
            Assert.NotNull(r.PhoneHash);
        });
        t.Db.ChangeTracker.Clear();
        var after = await t.Db.Bids.AsNoTracking().OrderBy(b => b.Id).Select(b => new { b.ContactPhone, b.PmCertificate }).ToListAsync();
        Assert.Equal(expected, after);
        Assert.True(await t.Db.AuditEntries.CountAsync(e => e.Action == "keys.rotate") >= 5);
        Assert.True((await audit.VerifyAsync(t.Db)).Ok);
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task KeysRotateCommand_FreshDatabase_ExitsZero()
    {
        await using var t = await ImportTestDb.CreateAsync();
        Assert.Equal(Cli.Ok, await Cli.RunAsync(["keys", "rotate", "--db", t.ConnectionString]));
        Assert.Equal(Cli.Usage, await Cli.RunAsync(["keys", "rotate", "--db", t.ConnectionString, "--batch", "0"]));
    }

    [Fact]
    public void KeysGenerate_NewEntry_IsUsableConfiguration()
    {
        var entry = FieldKeyRing.NewEntry("k7");
        var cipher = FieldKeyRing.From(Env((FieldKeyRing.KeysVariable, entry), (FieldKeyRing.IndexKeyVariable, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))));
        Assert.Equal("k7", cipher.Current.Id);
    }
}
