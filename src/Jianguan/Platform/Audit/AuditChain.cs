using System.Buffers.Binary;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Jianguan.Platform.Audit;

/// <summary>
/// The hash of an audit entry: SM3 (GB/T 32905) over a canonical encoding of the entry and the previous entry's hash;
/// HMAC-SM3 when a key is configured (JIANGUAN_AUDIT_KEY), so that someone with write access to the database alone
/// cannot rebuild a consistent chain after an edit.
/// </summary>
public sealed class AuditChain(byte[]? key)
{
    /// <summary>The previous-hash of entry 1.</summary>
    public static readonly string Genesis = new('0', 64);

    public const string KeyVariable = "JIANGUAN_AUDIT_KEY";

    public bool Keyed => key is { Length: > 0 };

    /// <summary>The chain as configured (<see cref="KeyVariable"/> in the environment or any configuration source).</summary>
    public static AuditChain From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(configuration[KeyVariable] is { Length: > 0 } k ? Encoding.UTF8.GetBytes(k) : null);
    }

    /// <summary>
    /// HMAC-SM3 of <paramref name="text"/> under the audit key (plain SM3 when the chain is unkeyed, which then only
    /// detects accidents): what authenticates an <see cref="AuditCheckpoint"/>.
    /// </summary>
    public string Authenticate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var output = new byte[32];
        if (Keyed)
        {
            var mac = new HMac(new SM3Digest());
            mac.Init(new KeyParameter(key));
            mac.BlockUpdate(bytes, 0, bytes.Length);
            mac.DoFinal(output, 0);
        }
        else
        {
            var digest = new SM3Digest();
            digest.BlockUpdate(bytes, 0, bytes.Length);
            digest.DoFinal(output, 0);
        }

        return Convert.ToHexStringLower(output);
    }

    /// <summary>
    /// Canonical encoding: every field as a 4-byte big-endian length and its UTF-8 bytes (a null field has length
    /// 0xFFFFFFFF), in a fixed order, the time as Unix milliseconds. Any change of any field changes the bytes.
    /// </summary>
    public string Compute(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var fields = new[]
        {
            entry.Seq.ToString(CultureInfo.InvariantCulture),
            entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            entry.UserId, entry.UserName, entry.Roles, entry.Action, entry.Target, entry.Detail, entry.Source,
            entry.PrevHash,
        };
        HMac? mac = null;
        var digest = new SM3Digest();
        if (Keyed)
        {
            mac = new HMac(new SM3Digest());
            mac.Init(new KeyParameter(key));
        }

        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = field is null ? [] : Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteUInt32BigEndian(length, field is null ? uint.MaxValue : (uint)bytes.Length);
            Update(length.ToArray());
            Update(bytes);
        }

        var output = new byte[32];
        if (mac is not null)
        {
            mac.DoFinal(output, 0);
        }
        else
        {
            digest.DoFinal(output, 0);
        }

        return Convert.ToHexStringLower(output);

        void Update(byte[] bytes)
        {
            if (mac is not null)
            {
                mac.BlockUpdate(bytes, 0, bytes.Length);
            }
            else
            {
                digest.BlockUpdate(bytes, 0, bytes.Length);
            }
        }
    }
}
