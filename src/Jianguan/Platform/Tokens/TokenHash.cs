using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Jianguan.Platform.Tokens;

/// <summary>SM3 (GB/T 32905) of a high-entropy secret: what is stored instead of the secret itself.</summary>
public static class TokenHash
{
    public static string Sm3Hex(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var digest = new SM3Digest();
        var bytes = Encoding.UTF8.GetBytes(secret);
        digest.BlockUpdate(bytes, 0, bytes.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }
}
