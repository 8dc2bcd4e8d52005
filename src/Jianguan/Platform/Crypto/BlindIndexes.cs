namespace Jianguan.Platform.Crypto;

/// <summary>How a value is normalised before its blind index is computed: equal after normalising, equal index.</summary>
public enum BlindNormalisation
{
    /// <summary>Whitespace collapsed.</summary>
    Plain,

    /// <summary>Digits only (phone numbers written as 138-0000-1111 or +86 138 0000 1111); letters kept if no digit.</summary>
    Digits,

    /// <summary>Letters and digits only, upper case (certificate and ID numbers written with varying separators and case).</summary>
    Identifier,
}

/// <summary>The normalisations of <see cref="Features.Trading.Fingerprints"/>, so the index groups what the pages group.</summary>
public static class BlindIndexes
{
    public static string? Normalise(string? value, BlindNormalisation normalisation)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var result = normalisation switch
        {
            BlindNormalisation.Digits => DigitsOf(value),
            BlindNormalisation.Identifier => new string([.. value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]),
            _ => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
        };
        return result.Length == 0 ? null : result;
    }

    private static string DigitsOf(string value)
    {
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        return digits.Length > 0 ? digits : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
