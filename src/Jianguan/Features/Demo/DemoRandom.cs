using System.Numerics;

namespace Jianguan.Features.Demo;

/// <summary>
/// xoshiro256** seeded through SplitMix64. A published, fixed algorithm rather than System.Random, whose algorithm
/// is unspecified and may change between runtimes: the same seed must give byte-identical demo files everywhere.
/// </summary>
internal struct DemoRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DemoRandom(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix(ref sm);
        _s1 = SplitMix(ref sm);
        _s2 = SplitMix(ref sm);
        _s3 = SplitMix(ref sm);
    }

    /// <summary>A generator for one stream of a seed (the market, project p, …): independent of the order of use.</summary>
    public static DemoRandom For(ulong seed, ulong stream, ulong index) =>
        new(Mix(seed ^ Mix(stream * 0x9E3779B97F4A7C15 + Mix(index + 0x632BE59BD9B4E019))));

    public static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15;
        return Mix(state);
    }

    /// <summary>The SplitMix64 finaliser: a bijection of 64-bit values, so distinct inputs give distinct outputs.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n) (multiply-shift; the bias is below 2^-32 for the small n used here).</summary>
    public int Next(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>Uniform in [lo, hi] inclusive.</summary>
    public int Between(int lo, int hi) => lo + Next(hi - lo + 1);

    public double Uniform(double lo, double hi) => lo + ((hi - lo) * NextDouble());

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Marsaglia's polar method over <see cref="DetMath.Log"/>).</summary>
    public double Gaussian()
    {
        while (true)
        {
            var u = (2.0 * NextDouble()) - 1.0;
            var v = (2.0 * NextDouble()) - 1.0;
            var s = (u * u) + (v * v);
            if (s > 0.0 && s < 1.0)
            {
                return u * Math.Sqrt(-2.0 * DetMath.Log(s) / s);
            }
        }
    }

    public double Normal(double mean, double sd) => mean + (sd * Gaussian());

    /// <summary>Index drawn from cumulative weights (the last entry is the total).</summary>
    public int Pick(ReadOnlySpan<double> cumulative)
    {
        var x = NextDouble() * cumulative[^1];
        for (var i = 0; i < cumulative.Length - 1; i++)
        {
            if (x < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }
}

/// <summary>
/// exp and log from IEEE basic operations only. Math.Exp/Math.Log come from the platform's C library and may differ
/// in the last bit between machines, which would change a rounded price and break byte-identical output.
/// </summary>
internal static class DetMath
{
    private const double Ln2 = 0.6931471805599453094;
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;

    public static double Log(double x)
    {
        if (!(x > 0.0) || double.IsInfinity(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x));
        }

        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        if (exponent == 0)
        {
            // Subnormal: scale into the normal range first (exact).
            return Log(x * 18014398509481984.0) - (54 * Ln2);
        }

        var e = exponent - 1023;
        var m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }

        // ln m = 2 atanh(f), f = (m-1)/(m+1), |f| <= 0.172: eleven odd terms reach double precision.
        var f = (m - 1.0) / (m + 1.0);
        var f2 = f * f;
        var sum = 0.0;
        for (var k = 21; k >= 1; k -= 2)
        {
            sum = (sum * f2) + (1.0 / k);
        }

        return (e * Ln2) + (2.0 * f * sum);
    }

    public static double Exp(double x)
    {
        if (x > 709.0)
        {
            return double.PositiveInfinity;
        }

        if (x < -745.0)
        {
            return 0.0;
        }

        // Cody–Waite reduction: n·Ln2Hi is exact, so r keeps full precision even for large |x|.
        var n = Math.Round(x / Ln2, MidpointRounding.ToEven);
        var r = (x - (n * Ln2Hi)) - (n * Ln2Lo);
        var term = 1.0;
        var sum = 1.0;
        for (var k = 1; k <= 20; k++)
        {
            term = term * r / k;
            sum += term;
        }

        return Math.ScaleB(sum, (int)n);
    }
}
