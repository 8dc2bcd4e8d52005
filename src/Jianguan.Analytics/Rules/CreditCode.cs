namespace Jianguan.Analytics.Rules;

/// <summary>统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet with a mod-31 check character.</summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string code)
    {
        var c = code.Trim().ToUpperInvariant();
        if (c.Length != 18)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(c[i], StringComparison.Ordinal);
            if (v < 0)
            {
                return false;
            }

            sum += v * Weights[i];
        }

        var check = 31 - (sum % 31);
        if (check == 31)
        {
            check = 0;
        }

        return Alphabet[check] == c[17];
    }

    /// <summary>Appends the check character to 17 characters (for test fixtures and demo data).</summary>
    public static string Complete(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        var check = 31 - (sum % 31);
        return first17 + Alphabet[check == 31 ? 0 : check];
    }
}
