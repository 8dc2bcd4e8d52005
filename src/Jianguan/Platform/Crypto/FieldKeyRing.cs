using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Digests;

namespace Jianguan.Platform.Crypto;

/// <summary>A configuration that cannot give keys: printed as is, the process stops.</summary>
public sealed class FieldKeyException(string message) : Exception(message);

/// <summary>
/// Field keys from configuration (docs/security.md):
/// <list type="bullet">
/// <item><c>JIANGUAN_FIELD_KEYS</c> (or the file named by <c>JIANGUAN_FIELD_KEYS_FILE</c>): comma-separated
/// <c>id:base64</c> entries, newest first; the first encrypts, all decrypt.</item>
/// <item><c>JIANGUAN_FIELD_INDEX_KEY</c>: base64, at least 16 bytes, the blind-index key (kept apart from the
/// encryption keys).</item>
/// <item><c>JIANGUAN_FIELD_CIPHER</c>: <c>sm4-gcm</c> (default) or <c>aes-gcm</c>.</item>
/// </list>
/// Without keys a fixed development key is used only when the environment (<c>JIANGUAN_ENVIRONMENT</c>,
/// <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c>) is Development or the host runs the demo
/// (<c>serve --demo</c>); anywhere else — including a host that names no environment, which .NET treats as
/// Production — it is refused (issue 17, item 10).
/// </summary>
public static partial class FieldKeyRing
{
    public const string KeysVariable = "JIANGUAN_FIELD_KEYS";
    public const string KeysFileVariable = "JIANGUAN_FIELD_KEYS_FILE";
    public const string IndexKeyVariable = "JIANGUAN_FIELD_INDEX_KEY";
    public const string CipherVariable = "JIANGUAN_FIELD_CIPHER";
    public const string DevelopmentKeyId = "dev";

    /// <summary>Reads the configuration through <paramref name="variable"/> (tests pass a dictionary).</summary>
    public static FieldCipher From(Func<string, string?> variable) => From(variable, demo: false);

    /// <summary>Like <see cref="From(Func{string, string?})"/>; <paramref name="demo"/> admits the development key.</summary>
    public static FieldCipher From(Func<string, string?> variable, bool demo)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var algorithm = variable(CipherVariable)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sm4-gcm" or "sm4" => FieldAlgorithm.Sm4Gcm,
            "aes-gcm" or "aes" => FieldAlgorithm.AesGcm,
            var other => throw new FieldKeyException(
                $"{CipherVariable} 只能是 sm4-gcm 或 aes-gcm / {CipherVariable} must be sm4-gcm or aes-gcm, not '{other}'"),
        };
        var text = variable(KeysVariable);
        if (string.IsNullOrWhiteSpace(text) && variable(KeysFileVariable) is { Length: > 0 } file)
        {
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException e)
            {
                throw new FieldKeyException($"无法读取字段密钥文件 / cannot read the field key file {file}: {e.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            var environment = variable("JIANGUAN_ENVIRONMENT") ?? variable("ASPNETCORE_ENVIRONMENT") ?? variable("DOTNET_ENVIRONMENT");
            if (!demo && !string.Equals(environment?.Trim(), "Development", StringComparison.OrdinalIgnoreCase))
            {
                throw new FieldKeyException(
                    $"未配置字段加密密钥 {KeysVariable} 与 {IndexKeyVariable}：公开的开发密钥只用于开发环境（ASPNETCORE_ENVIRONMENT=Development）或 serve --demo（见 docs/security.md）/ {KeysVariable} and {IndexKeyVariable} are required (see docs/security.md); the published development key is refused outside Development and serve --demo (environment: {environment ?? "none, i.e. Production"})");
            }

            return Development(algorithm);
        }

        var keys = new List<FieldKey>();
        foreach (var entry in text.Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FieldKeyException($"{KeysVariable} 的每一项应为 编号:base64 / each entry of {KeysVariable} must be id:base64");
            }

            var key = new FieldKey(entry[..colon], algorithm, Base64(entry[(colon + 1)..], KeysVariable));
            CheckKey(key);
            keys.Add(key);
        }

        var index = variable(IndexKeyVariable);
        if (string.IsNullOrWhiteSpace(index))
        {
            throw new FieldKeyException(
                $"配置了 {KeysVariable} 时也必须配置 {IndexKeyVariable} / {IndexKeyVariable} is required with {KeysVariable}");
        }

        try
        {
            return new FieldCipher(keys, Base64(index, IndexKeyVariable));
        }
        catch (ArgumentException e)
        {
            throw new FieldKeyException(e.Message);
        }
    }

    /// <summary>
    /// The published development cipher, whatever the environment: for the model alone (design-time tools, model
    /// snapshots), never for data.
    /// </summary>
    public static FieldCipher Development(FieldAlgorithm algorithm = FieldAlgorithm.Sm4Gcm) =>
        new([new FieldKey(DevelopmentKeyId, algorithm, Derive("jianguan-development-field-key", algorithm))],
            Derive("jianguan-development-index-key", FieldAlgorithm.AesGcm), development: true);

    /// <summary>Key ids go into ciphertexts and SQL prefixes: letters, digits and '-', at most 16.</summary>
    public static void CheckKey(FieldKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!KeyId().IsMatch(key.Id))
        {
            throw new FieldKeyException($"字段密钥编号只能含字母、数字和 -（最多 16 个）/ a field key id is 1–16 letters, digits or '-': '{key.Id}'");
        }

        var valid = key.Algorithm == FieldAlgorithm.Sm4Gcm ? key.Bytes.Length == 16 : key.Bytes.Length is 16 or 24 or 32;
        if (!valid)
        {
            throw new FieldKeyException(key.Algorithm == FieldAlgorithm.Sm4Gcm
                ? $"SM4 密钥必须是 16 字节（密钥 {key.Id} 为 {key.Bytes.Length} 字节）/ an SM4 key has 16 bytes; key '{key.Id}' has {key.Bytes.Length}"
                : $"AES 密钥必须是 16、24 或 32 字节（密钥 {key.Id}）/ an AES key has 16, 24 or 32 bytes; key '{key.Id}' has {key.Bytes.Length}");
        }
    }

    /// <summary>A new random key entry <c>id:base64</c> for the configuration.</summary>
    public static string NewEntry(string id, FieldAlgorithm algorithm = FieldAlgorithm.Sm4Gcm)
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(algorithm == FieldAlgorithm.Sm4Gcm ? 16 : 32);
        var entry = new FieldKey(id, algorithm, bytes);
        CheckKey(entry);
        return $"{id}:{Convert.ToBase64String(bytes)}";
    }

    private static byte[] Base64(string value, string variable)
    {
        try
        {
            return Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new FieldKeyException($"{variable} 中的密钥不是有效的 base64 / a key in {variable} is not valid base64");
        }
    }

    /// <summary>The published development keys: SM3 of a fixed label. Public knowledge, hence refused in production.</summary>
    private static byte[] Derive(string label, FieldAlgorithm algorithm)
    {
        var digest = new SM3Digest();
        var input = Encoding.UTF8.GetBytes(label);
        digest.BlockUpdate(input, 0, input.Length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return algorithm == FieldAlgorithm.Sm4Gcm ? output[..16] : output;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,16}$")]
    private static partial Regex KeyId();
}
