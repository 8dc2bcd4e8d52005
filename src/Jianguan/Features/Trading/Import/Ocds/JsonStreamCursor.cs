using System.Text;
using System.Text.Json;

namespace Jianguan.Features.Trading.Import.Ocds;

/// <summary>The input is not valid UTF-8 at a known place.</summary>
internal sealed class InvalidUtf8Exception(long offset, long line) : Exception("invalid UTF-8")
{
    public long Offset { get; } = offset;

    public long Line { get; } = line;
}

/// <summary>One JSON value is larger than the reader agrees to hold in memory.</summary>
internal sealed class ValueTooLargeException(long line, int limit) : Exception("JSON value too large")
{
    public long Line { get; } = line;

    public int Limit { get; } = limit;
}

/// <summary>
/// Pulls JSON tokens, or whole values, from a stream through a growing buffer, so that a multi-gigabyte package is
/// read one release at a time. Several top-level values (JSON Lines, concatenated packages) are allowed. Every
/// consumed byte is checked to be UTF-8; line numbers are physical lines of the file.
/// </summary>
internal sealed class JsonStreamCursor : IDisposable
{
    private static readonly JsonReaderOptions Options = new() { AllowMultipleValues = true, MaxDepth = 256 };
    private static readonly System.Buffers.SearchValues<byte> Blanks = System.Buffers.SearchValues.Create(" \t\r\n"u8);

    private readonly Stream stream;
    private readonly int maxValueBytes;
    private byte[] buffer;
    private int start;
    private int end;
    private bool eof;
    private JsonReaderState state = new(Options);
    private long bufferOffset;
    private long line = 1;

    // The reader counts lines from where its state began: the file start, or the last recovery point.
    private long stateLine = 1;

    public JsonStreamCursor(Stream stream, int maxValueBytes, int initialBuffer = 64 * 1024)
    {
        this.stream = stream;
        this.maxValueBytes = maxValueBytes;
        buffer = new byte[Math.Min(initialBuffer, maxValueBytes)];
    }

    /// <summary>Physical line (1-based) of the next unread byte.</summary>
    public long Line => line;

    /// <summary>Absolute byte offset of the next unread byte (after any byte-order mark the caller skipped).</summary>
    public long Offset => bufferOffset + start;

    /// <summary>The next token's type without consuming it; null at the end of input.</summary>
    public JsonTokenType? Peek()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, state);
            if (reader.Read())
            {
                return reader.TokenType;
            }

            if (eof)
            {
                return null;
            }

            Fill();
        }
    }

    /// <summary>Consumes one token. <paramref name="text"/> holds property names and string values.</summary>
    public bool Read(out JsonTokenType type, out string? text, out long tokenLine)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, state);
            if (reader.Read())
            {
                type = reader.TokenType;
                tokenLine = Commit(ref reader, (int)reader.TokenStartIndex);
                text = type is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                return true;
            }

            if (eof)
            {
                type = JsonTokenType.None;
                text = null;
                tokenLine = line;
                return false;
            }

            Fill();
        }
    }

    /// <summary>
    /// Consumes the next whole value (object, array or scalar) and returns its bytes. Returns false when the next
    /// token closes the enclosing array or object (that token is consumed) or when the input ends.
    /// </summary>
    public bool TryReadValue(out byte[] raw, out JsonTokenType first, out long valueLine)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, state);
            if (!reader.Read())
            {
                if (eof)
                {
                    break;
                }

                Fill();
                continue;
            }

            first = reader.TokenType;
            if (first is JsonTokenType.EndArray or JsonTokenType.EndObject)
            {
                valueLine = Commit(ref reader, (int)reader.TokenStartIndex);
                raw = [];
                return false;
            }

            var tokenStart = (int)reader.TokenStartIndex;
            if (first is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                if (eof)
                {
                    // Throws the reader's own "truncated" error with its line and column.
                    reader.Skip();
                }

                Fill();
                continue;
            }

            raw = buffer.AsSpan(start + tokenStart, (int)reader.BytesConsumed - tokenStart).ToArray();
            valueLine = Commit(ref reader, tokenStart);
            return true;
        }

        raw = [];
        first = JsonTokenType.None;
        valueLine = line;
        return false;
    }

    /// <summary>Consumes blanks and line breaks up to the next significant byte (JSON Lines recovery).</summary>
    public void SkipWhitespace()
    {
        while (true)
        {
            var rest = buffer.AsSpan(start, end - start);
            var blank = rest.IndexOfAnyExcept(Blanks);
            var skipped = blank < 0 ? rest.Length : blank;
            line += rest[..skipped].Count((byte)'\n');
            start += skipped;
            if (blank >= 0 || eof)
            {
                return;
            }

            Fill();
        }
    }

    /// <summary>Forgets the parser state, as at the start of a file.</summary>
    public void ResetState()
    {
        state = new JsonReaderState(Options);
        stateLine = line;
    }

    /// <summary>The file line of a reader error, whose own line number counts from the last state reset.</summary>
    public long FileLine(long readerLine) => stateLine + readerLine;

    /// <summary>
    /// Consumes the next value whole if it ends within <paramref name="limit"/> bytes (a JSON Lines record, a small
    /// file); otherwise consumes nothing and returns false, so that the caller can stream it member by member.
    /// </summary>
    public bool TryReadSmallValue(int limit, out byte[] raw, out long valueLine)
    {
        raw = [];
        valueLine = line;
        while (true)
        {
            // Never a final block here: an unfinished value returns false instead of throwing, and the
            // member-by-member path then reports exactly where it breaks.
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), isFinalBlock: false, state);
            var complete = reader.Read();
            var tokenStart = complete ? (int)reader.TokenStartIndex : 0;
            if (complete && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                complete = reader.TrySkip();
            }

            if (complete)
            {
                raw = buffer.AsSpan(start + tokenStart, (int)reader.BytesConsumed - tokenStart).ToArray();
                valueLine = Commit(ref reader, tokenStart);
                return true;
            }

            if (eof || end - start >= limit)
            {
                return false;
            }

            Fill();
        }
    }

    /// <summary>Drops the rest of the current physical line and forgets the parser state (JSON Lines recovery).</summary>
    public void SkipLine()
    {
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                start += newline + 1;
                line++;
                break;
            }

            start = end;
            if (eof)
            {
                break;
            }

            Fill();
        }

        ResetState();
    }

    /// <summary>The first invalid UTF-8 byte among those buffered but not yet read, if any.</summary>
    public (long Line, long Offset)? FindInvalidUtf8()
    {
        var pendingBytes = buffer.AsSpan(start, end - start);
        if (System.Text.Unicode.Utf8.IsValid(pendingBytes))
        {
            return null;
        }

        var bad = FirstInvalid(pendingBytes);

        // A character cut by the end of the buffer is not an error yet.
        if (!eof && pendingBytes.Length - bad < 4)
        {
            return null;
        }

        return (line + pendingBytes[..bad].Count((byte)'\n'), Offset + bad);
    }

    public void Dispose() => stream.Dispose();

    private long Commit(ref Utf8JsonReader reader, int tokenStart)
    {
        var consumed = buffer.AsSpan(start, (int)reader.BytesConsumed);
        if (!System.Text.Unicode.Utf8.IsValid(consumed))
        {
            var bad = FirstInvalid(consumed);
            throw new InvalidUtf8Exception(Offset + bad, line + consumed[..bad].Count((byte)'\n'));
        }

        var tokenLine = line + consumed[..tokenStart].Count((byte)'\n');
        line += consumed.Count((byte)'\n');
        start += consumed.Length;
        state = reader.CurrentState;
        return tokenLine;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[index..], out _, out var length) != System.Buffers.OperationStatus.Done)
            {
                return index;
            }

            index += length;
        }

        return index;
    }

    private void Fill()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            bufferOffset += start;
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            if (buffer.Length >= maxValueBytes)
            {
                throw new ValueTooLargeException(line, maxValueBytes);
            }

            Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxValueBytes));
        }

        var read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            eof = true;
        }
        else
        {
            end += read;
        }
    }
}
