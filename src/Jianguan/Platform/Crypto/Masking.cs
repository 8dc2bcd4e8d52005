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

    /// <summary>张*、欧阳** : the first character of a name, the rest hidden (issue 17, item 10).</summary>
    public static string Name(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var first = text.EnumerateRunes().FirstOrDefault();
        return text.Length == 0 ? "*" : first.ToString() + new string('*', Math.Clamp(text.Length - first.Utf16SequenceLength, 1, 4));
    }

    /// <summary>****1234: the last four digits of an account number, enough to tell accounts apart.</summary>
    public static string Account(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        return text.Length > 4 ? "****" + text[^4..] : new string('*', Math.Max(text.Length, 1));
    }
}
