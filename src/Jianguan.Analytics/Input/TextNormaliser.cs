using System.Text;

namespace Jianguan.Analytics.Input;

/// <summary>Text clean-up shared by the importer's readers and writer and the engine's inputs, so that names match across sources.</summary>
public static class TextNormaliser
{
    /// <summary>Full-width ASCII forms (ＡＢＣ１２３（）) and the ideographic space become their half-width forms.</summary>
    public static string ToHalfWidth(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = text.AsSpan().IndexOfAnyInRange('\u3000', '\uFF5E');
        while (i >= 0 && i < text.Length && !IsFullWidth(text[i]))
        {
            i++;
        }

        if (i < 0 || i == text.Length)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            sb.Append(c == '\u3000' ? ' ' : IsFullWidth(c) ? (char)(c - 0xFEE0) : c);
        }

        return sb.ToString();
    }

    /// <summary>An entity or project name as a key: trimmed, half-width, runs of white space collapsed to one space.</summary>
    public static string NormaliseName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var half = ToHalfWidth(name);
        var sb = new StringBuilder(half.Length);
        var pendingSpace = false;
        foreach (var c in half)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>True when the text holds a control character that databases or reports cannot carry (NUL and kin).</summary>
    public static bool HasControlCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny(Controls) >= 0;
    }

    private static readonly System.Buffers.SearchValues<char> Controls = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private static bool IsFullWidth(char c) => c is >= '\uFF01' and <= '\uFF5E' or '\u3000';
}
