using System.Buffers;
using System.Runtime.CompilerServices;

namespace Jianguan.Analytics.Input;

/// <summary>
/// A forward-only RFC 4180 reader over UTF-8 bytes: fields are spans into one reusable buffer, found with the
/// vectorised <see cref="MemoryExtensions.IndexOfAny{T}(ReadOnlySpan{T}, SearchValues{T})"/>, so reading allocates
/// nothing per row. Quoted fields may hold delimiters, doubled quotes and line breaks. Each record's byte offset in
/// the stream is kept so that a value can be read back later (evidence) without keeping every string in memory.
/// </summary>
public sealed class Utf8CsvReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly SearchValues<byte> _stops;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private bool[] _inScratch = new bool[64];
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;

    public Utf8CsvReader(Stream stream, byte delimiter = (byte)',', bool ownsStream = true, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        Delimiter = delimiter;
        _stops = SearchValues.Create([delimiter, (byte)'\n', (byte)'"']);
        _buffer = new byte[bufferSize];
        _bufferOffset = stream.CanSeek ? stream.Position : 0;
        Fill();
        if (_end - _pos >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _pos = 3;
        }
    }

    public byte Delimiter { get; }

    /// <summary>
    /// Fields of each record the caller needs (from the left): once they are read, the rest of an unquoted line is
    /// skipped with one vectorised search for its end instead of being split. Later fields read as empty.
    /// </summary>
    public int MaxFields { get; set; } = int.MaxValue;

    public int FieldCount { get; private set; }

    /// <summary>Byte offset of the current record in the stream.</summary>
    public long RecordOffset { get; private set; }

    public ReadOnlySpan<byte> this[int i] =>
        i >= FieldCount ? default : _inScratch[i] ? _scratch.AsSpan(_starts[i], _lengths[i]) : _buffer.AsSpan(_starts[i], _lengths[i]);

    /// <summary>The first bytes of the stream, for encoding and delimiter detection before reading.</summary>
    public ReadOnlySpan<byte> Peek(int max) => _buffer.AsSpan(_pos, Math.Min(max, _end - _pos));

    /// <summary>
    /// Goes to byte <paramref name="offset"/> of a seekable stream and reads on from there with the same buffers (a
    /// record read back by its <see cref="RecordOffset"/>, e.g. evidence, without a new reader per record).
    /// </summary>
    public void Seek(long offset)
    {
        _stream.Position = offset;
        _bufferOffset = offset;
        _pos = 0;
        _end = 0;
        _eof = false;
        FieldCount = 0;
        Fill();
    }

    public bool Read()
    {
        while (true)
        {
            if (_pos >= _end && !Fill())
            {
                FieldCount = 0;
                return false;
            }

            if (TryParseRecord())
            {
                if (FieldCount == 1 && _lengths[0] == 0 && !_inScratch[0])
                {
                    continue; // blank line
                }

                return true;
            }

            // The record runs past the buffer: keep its start and read more.
            if (_eof)
            {
                // Unterminated quote at the end of the input: take what there is.
                ForceFinal();
                return true;
            }

            Compact();
            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            Fill();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryParseRecord()
    {
        var p = _pos;
        var span = _buffer.AsSpan(0, _end);
        FieldCount = 0;
        _scratchUsed = 0;
        while (true)
        {
            if (p < _end && span[p] == (byte)'"')
            {
                // Quoted field.
                var q = p + 1;
                var escaped = false;
                while (true)
                {
                    var rel = span[q..].IndexOf((byte)'"');
                    if (rel < 0)
                    {
                        return false;
                    }

                    q += rel;
                    if (q + 1 < _end && span[q + 1] == (byte)'"')
                    {
                        escaped = true;
                        q += 2;
                        continue;
                    }

                    if (q + 1 >= _end && !_eof)
                    {
                        return false; // cannot yet tell a closing quote from a doubled one
                    }

                    break;
                }

                AddField(p + 1, q - p - 1, escaped);
                p = q + 1;
                // Skip anything between the closing quote and the delimiter (lenient).
                var after = span[p..].IndexOfAny(Delimiter, (byte)'\n');
                if (after < 0)
                {
                    if (!_eof)
                    {
                        return false;
                    }

                    p = _end;
                    return Finish(p);
                }

                p += after;
                if (span[p] == (byte)'\n')
                {
                    return Finish(p + 1);
                }

                p++;
                if (FieldCount >= MaxFields && SkipRest(span, p) is var skippedQuoted && skippedQuoted != 0)
                {
                    return skippedQuoted > 0 && Finish(skippedQuoted);
                }

                continue;
            }

            var idx = span[p..].IndexOfAny(_stops);
            if (idx >= 0 && span[p + idx] == (byte)'"')
            {
                // A quote inside an unquoted field is taken literally: find the real end.
                idx = span[p..].IndexOfAny(Delimiter, (byte)'\n');
            }

            if (idx < 0)
            {
                if (!_eof)
                {
                    return false;
                }

                AddField(p, TrimCr(span, p, _end), false);
                return Finish(_end);
            }

            var stop = p + idx;
            if (span[stop] == (byte)'\n')
            {
                AddField(p, TrimCr(span, p, stop), false);
                return Finish(stop + 1);
            }

            AddField(p, stop - p, false);
            p = stop + 1;
            if (FieldCount >= MaxFields && SkipRest(span, p) is var skipped && skipped != 0)
            {
                return skipped > 0 && Finish(skipped);
            }
        }
    }

    /// <summary>
    /// After the needed fields: the position after the line end when the rest of the line has no quote; 0 to go on
    /// field by field (a quote may hide a line break); −1 when the line runs past the buffer.
    /// </summary>
    private int SkipRest(Span<byte> span, int p)
    {
        var rel = span[p.._end].IndexOfAny((byte)'\n', (byte)'"');
        if (rel < 0)
        {
            if (!_eof)
            {
                return -1;
            }

            return _end;
        }

        return span[p + rel] == (byte)'"' ? 0 : p + rel + 1;
    }

    private static int TrimCr(Span<byte> span, int from, int to) => to > from && span[to - 1] == (byte)'\r' ? to - from - 1 : to - from;

    private bool Finish(int next)
    {
        RecordOffset = _bufferOffset + _pos;
        _pos = next;
        return true;
    }

    private void ForceFinal()
    {
        FieldCount = 0;
        AddField(_pos, _end - _pos, false);
        RecordOffset = _bufferOffset + _pos;
        _pos = _end;
    }

    private void AddField(int start, int length, bool escaped)
    {
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, FieldCount * 2);
            Array.Resize(ref _lengths, FieldCount * 2);
            Array.Resize(ref _inScratch, FieldCount * 2);
        }

        if (escaped)
        {
            if (_scratch.Length < _scratchUsed + length)
            {
                Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + length));
            }

            var src = _buffer.AsSpan(start, length);
            var w = _scratchUsed;
            for (var i = 0; i < src.Length; i++)
            {
                _scratch[w++] = src[i];
                if (src[i] == (byte)'"' && i + 1 < src.Length && src[i + 1] == (byte)'"')
                {
                    i++;
                }
            }

            _starts[FieldCount] = _scratchUsed;
            _lengths[FieldCount] = w - _scratchUsed;
            _inScratch[FieldCount] = true;
            _scratchUsed = w;
        }
        else
        {
            _starts[FieldCount] = start;
            _lengths[FieldCount] = length;
            _inScratch[FieldCount] = false;
        }

        FieldCount++;
    }

    private void Compact()
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _bufferOffset += _pos;
            _end -= _pos;
            _pos = 0;
        }
    }

    private bool Fill()
    {
        if (_eof)
        {
            return _pos < _end;
        }

        if (_pos >= _end)
        {
            _bufferOffset += _end;
            _pos = 0;
            _end = 0;
        }

        while (_end < _buffer.Length)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            _end += n;
        }

        return _pos < _end;
    }

    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
