using System.Text;

namespace Jianguan.Features.Trading.Import.Ocds;

/// <summary>
/// Reads Open Contracting Data Standard files into import fragments. Accepted, detected from the content: release
/// packages, record packages, a bare release or record, an array of them, and JSON Lines (or concatenated JSON)
/// of releases, compiled releases, release packages, records or record packages; OCDS 1.0 and 1.1, with the bids
/// extension. Releases of one ocid are compiled with the OCDS merge routine before mapping (see
/// <see cref="OcdsMerger"/> and the mapping notes on OcdsMapper); records use their compiledRelease.
/// Line numbers: in JSON Lines the physical line; inside a package the 1-based position of the release or record
/// in its array. The field of an error is a JSON path.
/// </summary>
public static class OcdsReader
{
    private const int SniffBytes = 64 * 1024;

    private static readonly string[] Markers =
        ["\"releases\"", "\"records\"", "\"ocid\"", "\"compiledRelease\"", "\"versionedRelease\""];

    /// <summary>True when the file looks like OCDS JSON / JSON Lines (sniffs the first 64 KB, never reads all).</summary>
    public static bool CanRead(string path)
    {
        byte[] head;
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            head = new byte[SniffBytes];
            length = stream.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }

        var bytes = head.AsSpan(0, length);
        var (bomEncoding, bomLength) = TextEncodings.DetectBom(bytes);
        var source = bomEncoding ?? TextEncodings.GuessUtf16(bytes);
        string text;
        if (source is not null && source is not UTF8Encoding)
        {
            // An odd byte count cuts the last UTF-16 unit: decoding just replaces it.
            text = source.GetString(bytes[bomLength..]);
        }
        else
        {
            text = Encoding.Latin1.GetString(bytes[bomLength..]);
        }

        var first = text.AsSpan().TrimStart();
        if (first.IsEmpty || (first[0] != '{' && first[0] != '['))
        {
            return false;
        }

        return Markers.Any(marker => text.Contains(marker, StringComparison.Ordinal));
    }

    /// <summary>
    /// Streams the file's content as project fragments. Never throws on bad input: problems come back as items
    /// with an <see cref="ImportError"/> (file = <paramref name="displayName"/>).
    /// </summary>
    public static IEnumerable<ReadItem> Read(string path, string displayName) => Read(path, displayName, encoding: null);

    /// <summary>
    /// As <see cref="Read(string, string)"/>, decoding the file from <paramref name="encoding"/> (for example
    /// ISO-8859-1 or GB18030) when it is not UTF-8. A byte-order mark, when present, always wins. Without an
    /// encoding, a file that is not UTF-8 is refused with an error naming the first bad byte: guessing between
    /// legacy encodings would silently corrupt names.
    /// </summary>
    public static IEnumerable<ReadItem> Read(string path, string displayName, Encoding? encoding)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(displayName);
        return ReadIterator(path, displayName, encoding);
    }

    /// <summary>The compiled releases the reader maps, with the items it yields (for tests and diagnostics).</summary>
    internal static (List<System.Text.Json.Nodes.JsonObject> Compiled, List<ReadItem> Items) ReadCompiled(
        string path, Encoding? encoding = null)
    {
        var compiled = new List<System.Text.Json.Nodes.JsonObject>();
        var items = ReadIterator(path, Path.GetFileName(path), encoding, compiled.Add).ToList();
        return (compiled, items);
    }

    private static IEnumerable<ReadItem> ReadIterator(
        string path, string displayName, Encoding? encoding, Action<System.Text.Json.Nodes.JsonObject>? onCompiled = null)
    {
        OcdsFileParser? parser = null;
        string? failure = null;
        try
        {
            parser = OcdsFileParser.Open(path, displayName, encoding);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            failure = e.Message;
        }

        if (parser is null)
        {
            yield return new ReadItem(0, null, new ImportError(displayName, 0, string.Empty,
                $"无法打开文件 / cannot open the file: {failure}"));
            yield break;
        }

        parser.OnCompiled = onCompiled;
        using (parser)
        {
            var batch = new List<ReadItem>();
            bool more;
            do
            {
                batch.Clear();
                more = parser.Step(batch);
                foreach (var item in batch)
                {
                    yield return item;
                }
            }
            while (more);
        }
    }
}

/// <summary>Byte-order marks and the UTF-16 shape of JSON ("{\0" or "\0{").</summary>
internal static class TextEncodings
{
    public static (Encoding? Encoding, int Length) DetectBom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (new UTF8Encoding(false), 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        }

        return (null, 0);
    }

    /// <summary>JSON starts with an ASCII character, so UTF-16 without a mark shows a zero byte beside it.</summary>
    public static Encoding? GuessUtf16(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
        {
            return null;
        }

        if (bytes[0] != 0 && bytes[1] == 0)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
        }

        return bytes[0] == 0 && bytes[1] != 0 ? new UnicodeEncoding(bigEndian: true, byteOrderMark: false) : null;
    }
}
