using System.Text;

namespace Jianguan.Platform.Tabular;

/// <summary>The file cannot be read further as CSV (unterminated quote, absurd field); stops the file.</summary>
internal sealed class CsvFormatException(long line, string message) : Exception(message)
{
    public long Line { get; } = line;
}

/// <summary>
/// A streaming RFC 4180 reader: quoted fields with doubled quotes and line breaks, CRLF/LF/CR endings, a chosen
/// delimiter. Lenient where portals are sloppy (text after a closing quote is kept); bounded so that a hostile
/// file cannot exhaust memory.
/// </summary>
internal sealed class CsvParser
{
    public const int MaxFieldLength = 1 << 20;
    public const int MaxFields = 4096;

    private readonly TextReader reader;
    private readonly char delimiter;
    private readonly char[] buffer = new char[1 << 16];
    private char[] field = new char[256];
    private int pos;
    private int len;
    private long line = 1;

    public CsvParser(TextReader reader, char delimiter)
    {
        this.reader = reader;
        this.delimiter = delimiter;
    }

    /// <summary>Physical line where the next record starts (1-based).</summary>
    public long Line => line;

    /// <summary>Every remaining record with the line where it starts.</summary>
    public IEnumerable<(long Line, string[] Fields)> Records()
    {
        var fields = new List<string>();
        while (TryRead(fields, out var line))
        {
            yield return (line, fields.ToArray());
        }
    }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the file.</summary>
    public bool TryRead(List<string> fields, out long startLine)
    {
        fields.Clear();
        startLine = line;
        if (pos >= len && !Fill())
        {
            return false;
        }

        var n = 0;
        var quoted = false;
        var afterQuote = false;
        var atStart = true;
        var quoteLine = line;
        while (true)
        {
            if (pos >= len && !Fill())
            {
                if (quoted && !afterQuote)
                {
                    throw new CsvFormatException(quoteLine, string.Create(CultureInfo.InvariantCulture,
                        $"第 {quoteLine} 行开始的引号未闭合 / the quoted field starting at line {quoteLine} is never closed"));
                }

                fields.Add(new string(field, 0, n));
                return true;
            }

            var c = buffer[pos++];
            if (quoted)
            {
                if (!afterQuote)
                {
                    if (c == '"')
                    {
                        afterQuote = true;
                        continue;
                    }

                    if (c == '\n')
                    {
                        line++;
                    }

                    Append(ref n, c, startLine);
                    continue;
                }

                if (c == '"')
                {
                    Append(ref n, '"', startLine);
                    afterQuote = false;
                    continue;
                }

                quoted = false;
                afterQuote = false;
            }

            if (c == delimiter)
            {
                fields.Add(new string(field, 0, n));
                n = 0;
                atStart = true;
                if (fields.Count >= MaxFields)
                {
                    throw new CsvFormatException(startLine, string.Create(CultureInfo.InvariantCulture,
                        $"第 {startLine} 行的列数超过 {MaxFields} / line {startLine} has more than {MaxFields} columns"));
                }

                continue;
            }

            if (c == '\n' || c == '\r')
            {
                line++;
                if (c == '\r' && (pos < len || Fill()) && buffer[pos] == '\n')
                {
                    pos++;
                }

                fields.Add(new string(field, 0, n));
                return true;
            }

            if (c == '"' && atStart)
            {
                quoted = true;
                quoteLine = line;
                atStart = false;
                continue;
            }

            atStart = false;
            Append(ref n, c, startLine);
        }
    }

    private void Append(ref int n, char c, long startLine)
    {
        if (n == field.Length)
        {
            if (n >= MaxFieldLength)
            {
                throw new CsvFormatException(startLine, string.Create(CultureInfo.InvariantCulture,
                    $"第 {startLine} 行有超过 {MaxFieldLength} 字符的字段 / line {startLine} has a field longer than {MaxFieldLength} characters"));
            }

            Array.Resize(ref field, Math.Min(field.Length * 2, MaxFieldLength));
        }

        field[n++] = c;
    }

    private bool Fill()
    {
        len = reader.Read(buffer, 0, buffer.Length);
        pos = 0;
        return len > 0;
    }
}

/// <summary>How a text file is encoded and delimited, found from its first bytes.</summary>
internal static class TextSniffer
{
    private const int SampleSize = 1 << 20;

    static TextSniffer() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>GB18030, the superset of GBK/GB2312 that Chinese portals export.</summary>
    public static Encoding Gb18030 => Encoding.GetEncoding(54936);

    /// <summary>Opens the file as text: encoding from the BOM, else UTF-8 when a sample decodes strictly, else GB18030.</summary>
    public static (TextReader Reader, Encoding Encoding, char Delimiter)? Open(Stream stream, out string? problem)
    {
        var sample = new byte[SampleSize];
        var count = 0;
        int read;
        while (count < sample.Length && (read = stream.Read(sample, count, sample.Length - count)) > 0)
        {
            count += read;
        }

        var bytes = sample.AsSpan(0, count);
        var eof = count < sample.Length;
        var (encoding, bom) = Detect(bytes, eof);
        if (encoding is null)
        {
            problem = "不是文本文件（含二进制内容）/ not a text file (binary content)";
            return null;
        }

        if (count == bom)
        {
            problem = "文件为空 / the file is empty";
            return null;
        }

        if (bom == 4 && LooksUtf8(bytes[bom..], eof))
        {
            // GB18030 text is almost never valid UTF-8 once it holds Chinese: read as GB18030 it would be mojibake.
            problem = "文件开头是 GB18030 字节序标记，但内容是 UTF-8 编码，按 GB18030 读取会成为乱码；请另存为 UTF-8 或 GB18030 后重试 / the file starts with a GB18030 byte-order mark but its text is UTF-8 (it would import as mojibake); save it as UTF-8 or GB18030 and try again";
            return null;
        }

        var text = encoding.GetString(TrimIncomplete(bytes[bom..], encoding, eof));
        stream.Position = bom;
        // The strict decoder turns a stray invalid byte later in a UTF-8 file into an error, not into mojibake.
        var strict = encoding is UTF8Encoding ? new UTF8Encoding(false, throwOnInvalidBytes: true) : encoding;
        problem = null;
        return (new StreamReader(stream, strict, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16), encoding, SniffDelimiter(text));
    }

    /// <summary>Non-ASCII bytes that decode strictly as UTF-8 (the sample may end inside a character).</summary>
    private static bool LooksUtf8(ReadOnlySpan<byte> bytes, bool eof)
    {
        if (bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0)
        {
            return false;
        }

        for (var cut = 0; cut <= (eof ? 0 : 3) && cut < bytes.Length; cut++)
        {
            if (System.Text.Unicode.Utf8.IsValid(bytes[..^cut]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The encoding and the BOM length; a null encoding for binary content.</summary>
    internal static (Encoding? Encoding, int Bom) Detect(ReadOnlySpan<byte> bytes, bool eof)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x84, 0x31, 0x95, 0x33]))
        {
            return (Gb18030, 4);
        }

        var controls = 0;
        foreach (var b in bytes)
        {
            if (b == 0)
            {
                return (null, 0);
            }

            if (b < 0x09 || b is > 0x0D and < 0x20 and not 0x1B)
            {
                controls++;
            }
        }

        if (controls > 8 && controls * 100 > bytes.Length)
        {
            return (null, 0);
        }

        var utf8 = System.Text.Unicode.Utf8.IsValid(bytes);
        for (var cut = 1; !utf8 && !eof && cut <= 3 && cut < bytes.Length; cut++)
        {
            // The sample may end inside a multi-byte character.
            utf8 = System.Text.Unicode.Utf8.IsValid(bytes[..^cut]);
        }

        return (utf8 ? Encoding.UTF8 : Gb18030, 0);
    }

    /// <summary>Comma, tab or semicolon: the one that occurs most often outside quotes in the first line.</summary>
    internal static char SniffDelimiter(string text)
    {
        int commas = 0, tabs = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                switch (c)
                {
                    case ',':
                        commas++;
                        break;
                    case '\t':
                        tabs++;
                        break;
                    case ';':
                        semicolons++;
                        break;
                }
            }
        }

        return tabs > commas && tabs >= semicolons ? '\t' : semicolons > commas && semicolons > tabs ? ';' : ',';
    }

    private static ReadOnlySpan<byte> TrimIncomplete(ReadOnlySpan<byte> bytes, Encoding encoding, bool eof)
    {
        if (eof || encoding is not UTF8Encoding)
        {
            return bytes;
        }

        for (var cut = 0; cut <= 3 && cut < bytes.Length; cut++)
        {
            if (System.Text.Unicode.Utf8.IsValid(bytes[..^cut]))
            {
                return bytes[..^cut];
            }
        }

        return bytes;
    }
}
