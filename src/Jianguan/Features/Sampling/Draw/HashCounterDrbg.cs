using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Jianguan.Features.Sampling.Draw;

/// <summary>
/// The deterministic generator of draw algorithm <c>jianguan-draw/1</c>: SHA-256 in counter mode.
/// Block i (i = 0, 1, 2 …) is <c>SHA-256(seed ‖ "jianguan-drbg/1" ‖ uint64-big-endian(i))</c>; the output is
/// the concatenation of the blocks, read as unsigned 64-bit big-endian words (4 words per block, in order).
/// A uniform integer in [0, n) takes words until one is below <c>2^64 − (2^64 mod n)</c> and returns it mod n
/// (rejection, so no modulo bias). Anyone holding the revealed seed can replay every choice of a draw.
/// </summary>
public sealed class HashCounterDrbg
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("jianguan-drbg/1");

    private readonly byte[] _input;
    private readonly byte[] _block = new byte[32];
    private ulong _counter;
    private int _offset = 32;

    public HashCounterDrbg(ReadOnlySpan<byte> seed)
    {
        if (seed.Length == 0)
        {
            throw new ArgumentException("the seed is empty", nameof(seed));
        }

        _input = new byte[seed.Length + Label.Length + 8];
        seed.CopyTo(_input);
        Label.CopyTo(_input.AsSpan(seed.Length));
    }

    /// <summary>How many words have been read: recorded nowhere, useful to tests.</summary>
    public long WordsRead { get; private set; }

    public ulong NextUInt64()
    {
        if (_offset == 32)
        {
            BinaryPrimitives.WriteUInt64BigEndian(_input.AsSpan(_input.Length - 8), _counter++);
            SHA256.HashData(_input, _block);
            _offset = 0;
        }

        var word = BinaryPrimitives.ReadUInt64BigEndian(_block.AsSpan(_offset, 8));
        _offset += 8;
        WordsRead++;
        return word;
    }

    /// <summary>A uniform integer in [0, n), by rejection.</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var bound = (ulong)n;
        // 2^64 mod n, computed without overflow: (2^64 − n) mod n.
        var rejectFrom = ulong.MaxValue - ((ulong.MaxValue - bound + 1) % bound) + 1;
        while (true)
        {
            var x = NextUInt64();
            if (rejectFrom == 0 || x < rejectFrom)
            {
                return (int)(x % bound);
            }
        }
    }

    /// <summary>True with probability exactly <paramref name="p"/> (to 2^-64): one word compared with p·2^64.</summary>
    public bool NextBernoulli(decimal p)
    {
        if (p <= 0m)
        {
            return false;
        }

        if (p >= 1m)
        {
            return true;
        }

        var threshold = decimal.Floor(p * 18446744073709551616m);
        return NextUInt64() < threshold;
    }
}
