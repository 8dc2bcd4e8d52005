namespace Jianguan.Platform.Crypto;

/// <summary>Personal data as shown to roles that need to compare it but not to read it (docs/security.md).</summary>
public static class Masking
{
    /// <summary>138****1234: the carrier prefix and the last four digits, enough to tell numbers apart.</summary>
    public static string Phone(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        return digits.Length >= 7 ? digits[..3] + "****" + digits[^4..]
            : Identifier(value);
    }

    /// <summary>琼1****0123: the first two and last two characters of a certificate or ID number, the rest hidden.</summary>
    public static string Identifier(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        return text.Length > 6 ? text[..2] + new string('*', Math.Min(8, text.Length - 4)) + text[^2..] : new string('*', Math.Max(text.Length, 1));
    }
}
