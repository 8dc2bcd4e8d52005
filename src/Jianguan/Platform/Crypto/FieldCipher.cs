using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Jianguan.Platform.Crypto;

/// <summary>The authenticated ciphers a field may be encrypted with.</summary>
public enum FieldAlgorithm
{
    /// <summary>SM4 (GB/T 32907) in GCM mode: the default, for the commercial-cryptography review (密评).</summary>
    Sm4Gcm,

    /// <summary>AES in GCM mode, where configured.</summary>
    AesGcm,
}

/// <summary>A data-encryption key: an id written into every ciphertext, the algorithm and the key bytes.</summary>
public sealed record FieldKey(string Id, FieldAlgorithm Algorithm, byte[] Bytes);

/// <summary>A ciphertext that cannot be decrypted: unknown key, wrong key, tampered or malformed.</summary>
public sealed class FieldDecryptionException(string message, Exception? inner = null) : CryptographicException(message, inner);

/// <summary>
/// Encrypts personal data for storage: <c>sm4g:v1:&lt;key id&gt;:&lt;base64(nonce ‖ ciphertext ‖ tag)&gt;</c>
/// (<c>aesg:</c> for AES-GCM), a fresh 96-bit nonce per value, a 128-bit tag, and the column's name as associated
/// data so a ciphertext copied into another column is refused. The key id lets old and new keys coexist during a
/// rotation. Values without a cipher prefix are plaintext written before encryption was enabled; they read as they
/// are until <c>jianguan keys rotate</c> encrypts them. Thread-safe.
/// </summary>
public sealed class FieldCipher
{
    public const string Version = "v1";
    private const int NonceBytes = 12;
    private const int TagBits = 128;

    private readonly Dictionary<string, FieldKey> keys;
    private readonly byte[] indexKey;

    // GCM set-up (the hash subkey and its tables) is the costly part of a short value: one initialised cipher per
    // thread and key, re-initialised with a null key and a new nonce for each value. Keyed by the key object, so
    // two rings with the same key id never share a cipher.
    [ThreadStatic]
    private static Dictionary<FieldKey, GcmBlockCipher>? t_ciphers;

    [ThreadStatic]
    private static Dictionary<byte[], HMac>? t_macs;

    public FieldCipher(IReadOnlyList<FieldKey> keys, byte[] indexKey, bool development = false)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(indexKey);
        if (keys.Count == 0)
        {
            throw new ArgumentException("至少需要一个字段密钥 / at least one field key is required", nameof(keys));
        }

        foreach (var key in keys)
        {
            FieldKeyRing.CheckKey(key);
        }

        this.keys = keys.ToDictionary(k => k.Id, StringComparer.Ordinal);
        if (this.keys.Count != keys.Count)
        {
            throw new ArgumentException("字段密钥编号重复 / duplicate field key id", nameof(keys));
        }

        if (indexKey.Length < 16)
        {
            throw new ArgumentException("盲索引密钥至少 16 字节 / the blind-index key needs at least 16 bytes", nameof(indexKey));
        }

        Current = keys[0];
        this.indexKey = indexKey;
        Development = development;
    }

    /// <summary>The key new values are encrypted with (the first configured).</summary>
    public FieldKey Current { get; }

    /// <summary>True when running on the documented development key (never in production).</summary>
    public bool Development { get; }

    public IReadOnlyCollection<string> KeyIds => keys.Keys;

    /// <summary>
    /// A digest of the whole configuration (algorithms, key ids and bytes, blind-index key): equal for two rings that
    /// encrypt, decrypt and index alike. The EF model captures its cipher in the value converters, so the model is
    /// cached per fingerprint (<see cref="FieldEncryption"/>); the digest never reveals the keys.
    /// </summary>
    public string Fingerprint => fingerprint ??= ComputeFingerprint();

    private string? fingerprint;

    private string ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var key in new[] { Current }.Concat(keys.Values.Where(k => k != Current).OrderBy(k => k.Id, StringComparer.Ordinal)))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key.Id}\u0000{key.Algorithm}\u0000{key.Bytes.Length}\u0000")));
            hash.AppendData(key.Bytes);
        }

        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\u0000index\u0000{indexKey.Length}\u0000")));
        hash.AppendData(indexKey);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The same current key and blind-index key, also able to decrypt with older keys.</summary>
    public FieldCipher WithRetiredKeys(params FieldKey[] older) =>
        new([Current, .. keys.Values.Where(k => k != Current), .. older], indexKey, Development);

    /// <summary>The prefix every value encrypted with the current key starts with.</summary>
    public string CurrentPrefix => Prefix(Current);

    public static bool IsCiphertext(string? value) =>
        value is not null && (value.StartsWith("sm4g:", StringComparison.Ordinal) || value.StartsWith("aesg:", StringComparison.Ordinal));

    public string Encrypt(string plaintext, string purpose)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(purpose);
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceBytes + input.Length + TagBits / 8];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceBytes));
        var gcm = Cipher(Current, forEncryption: true, output[..NonceBytes], purpose);
        var n = gcm.ProcessBytes(input, 0, input.Length, output, NonceBytes);
        gcm.DoFinal(output, NonceBytes + n);
        return Prefix(Current) + Convert.ToBase64String(output);
    }

    public string Decrypt(string stored, string purpose)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(purpose);
        if (!IsCiphertext(stored))
        {
            return stored;
        }

        var parts = stored.Split(':', 4);
        if (parts.Length != 4 || parts[1] != Version)
        {
            throw new FieldDecryptionException($"字段密文格式无效（{purpose}）/ malformed field ciphertext in {purpose}");
        }

        if (!keys.TryGetValue(parts[2], out var key))
        {
            throw new FieldDecryptionException(
                $"字段密钥“{parts[2]}”未配置，无法解密 {purpose}（检查 JIANGUAN_FIELD_KEYS）/ field key '{parts[2]}' is not configured, cannot decrypt {purpose} (check JIANGUAN_FIELD_KEYS)");
        }

        if (parts[0] != Tag(key.Algorithm))
        {
            throw new FieldDecryptionException(
                $"字段密钥“{key.Id}”的算法与密文不符（{purpose}）/ key '{key.Id}' is configured for another algorithm than the ciphertext of {purpose}");
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException e)
        {
            throw new FieldDecryptionException($"字段密文格式无效（{purpose}）/ malformed field ciphertext in {purpose}", e);
        }

        if (data.Length < NonceBytes + TagBits / 8)
        {
            throw new FieldDecryptionException($"字段密文过短（{purpose}）/ truncated field ciphertext in {purpose}");
        }

        try
        {
            var gcm = Cipher(key, forEncryption: false, data[..NonceBytes], purpose);
            var plain = new byte[gcm.GetOutputSize(data.Length - NonceBytes)];
            var n = gcm.ProcessBytes(data, NonceBytes, data.Length - NonceBytes, plain, 0);
            n += gcm.DoFinal(plain, n);
            return Encoding.UTF8.GetString(plain, 0, n);
        }
        catch (InvalidCipherTextException e)
        {
            throw new FieldDecryptionException(
                $"字段密文校验失败：密钥“{key.Id}”不对或密文被篡改（{purpose}）/ field ciphertext of {purpose} failed authentication: wrong key '{key.Id}' or tampered data", e);
        }
    }

    /// <summary>
    /// Blind index: HMAC-SM3 of the normalised value under the separate index key, first 16 bytes in hex. Equal
    /// values give equal indexes, so equality can be searched in SQL without decrypting; without the index key
    /// nobody can test a guess against it.
    /// </summary>
    public string? BlindIndex(string? value, BlindNormalisation normalisation)
    {
        var normalised = BlindIndexes.Normalise(value, normalisation);
        if (normalised is null)
        {
            return null;
        }

        var macs = t_macs ??= new Dictionary<byte[], HMac>(ReferenceEqualityComparer.Instance);
        if (!macs.TryGetValue(indexKey, out var mac))
        {
            mac = new HMac(new SM3Digest());
            mac.Init(new KeyParameter(indexKey));
            macs[indexKey] = mac;
        }

        var input = Encoding.UTF8.GetBytes(normalised);
        mac.BlockUpdate(input, 0, input.Length);
        var output = new byte[mac.GetMacSize()];
        mac.DoFinal(output, 0);
        return Convert.ToHexStringLower(output, 0, 16);
    }

    private static string Tag(FieldAlgorithm algorithm) => algorithm == FieldAlgorithm.AesGcm ? "aesg" : "sm4g";

    private static string Prefix(FieldKey key) => $"{Tag(key.Algorithm)}:{Version}:{key.Id}:";

    private GcmBlockCipher Cipher(FieldKey key, bool forEncryption, byte[] nonce, string purpose)
    {
        var cache = t_ciphers ??= new Dictionary<FieldKey, GcmBlockCipher>(ReferenceEqualityComparer.Instance);
        var ad = Encoding.UTF8.GetBytes(purpose);
        if (cache.TryGetValue(key, out var gcm))
        {
            gcm.Init(forEncryption, new AeadParameters(null, TagBits, nonce, ad));
            return gcm;
        }

        gcm = new GcmBlockCipher(key.Algorithm == FieldAlgorithm.AesGcm ? new AesEngine() : new SM4Engine());
        gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key.Bytes), TagBits, nonce, ad));
        cache[key] = gcm;
        return gcm;
    }
}
