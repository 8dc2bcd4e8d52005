using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jianguan.Features.Trading.Import.Ocds;

/// <summary>
/// The state machine behind <see cref="OcdsReader.Read(string, string)"/>: one small step at a time (a property,
/// a release, a record), so that the iterator can yield between steps and catch errors inside them.
/// Releases are kept as raw bytes grouped by ocid until the end of the file (or until
/// <see cref="MaxBufferedBytes"/>), because the releases of one process may be anywhere in the file; records and
/// compiled releases are mapped as soon as they are read.
/// </summary>
internal sealed class OcdsFileParser : IDisposable
{
    /// <summary>Largest single JSON value (one release, record or package property) held in memory.</summary>
    internal const int MaxValueBytes = 256 * 1024 * 1024;

    /// <summary>
    /// Releases waiting for the rest of their process. Beyond this the groups are compiled early; a later release
    /// of the same ocid then yields a second fragment, which the writer merges by project code.
    /// </summary>
    internal const long MaxBufferedBytes = 512L * 1024 * 1024;

    internal const int MaxErrors = 1000;

    /// <summary>Top-level objects up to this size are read whole; larger ones are streamed member by member.</summary>
    private const int WholeValueBytes = 1024 * 1024;

    private static readonly JsonReaderOptions SplitOptions = new() { MaxDepth = 256 };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    private readonly JsonStreamCursor cursor;
    private readonly string displayName;
    private readonly Stack<Frame> frames = new();
    private readonly Queue<Pending> pending = new();
    private readonly OrderedDictionary<string, ReleaseGroup> groups = new(StringComparer.Ordinal);
    private long bufferedBytes;
    private int topCount;
    private bool? multiValue;
    private int completedSingleLine;
    private int completedMultiLine;
    private int errorCount;
    private bool stopped;
    private bool finished;

    // Index of the next group to compile once the input is done; -1 while reading.
    private int flushIndex = -1;

    // Line of the top-level value being started, for errors raised before it has a frame.
    private long? attemptLine;

    private OcdsFileParser(JsonStreamCursor cursor, string displayName)
    {
        this.cursor = cursor;
        this.displayName = displayName;
    }

    /// <summary>Sees every compiled release before it is mapped (golden tests of the merge through the reader).</summary>
    internal Action<JsonObject>? OnCompiled { get; set; }

    public static OcdsFileParser Open(
        string path, string displayName, Encoding? encoding, int maxValueBytes = MaxValueBytes, int initialBuffer = 64 * 1024)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> head = stackalloc byte[4];
            var count = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
            var (bomEncoding, bomLength) = TextEncodings.DetectBom(head[..count]);
            file.Position = bomLength;
            var source = bomEncoding ?? encoding ?? TextEncodings.GuessUtf16(head[..count]);
            Stream stream = source is null || source is UTF8Encoding || source.CodePage == Encoding.UTF8.CodePage
                ? file
                : Encoding.CreateTranscodingStream(file, source, new UTF8Encoding(false), leaveOpen: false);
            return new OcdsFileParser(new JsonStreamCursor(stream, maxValueBytes, initialBuffer), displayName);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose() => cursor.Dispose();

    /// <summary>Does one step and appends what it produced; false once the file is done.</summary>
    public bool Step(List<ReadItem> output)
    {
        if (finished)
        {
            return false;
        }

        try
        {
            if (flushIndex >= 0)
            {
                FlushNextGroup();
            }
            else if (stopped || !Advance())
            {
                BeginFinish();
            }
            else if (bufferedBytes > MaxBufferedBytes)
            {
                FlushGroups();
            }
        }
        catch (JsonException e)
        {
            OnMalformed(e);
        }
        catch (InvalidUtf8Exception e)
        {
            OnInvalidUtf8(e.Line, e.Offset);
        }
        catch (ValueTooLargeException e)
        {
            var limit = FormattableString.Invariant($"{e.Limit / 1048576.0:0.###} MB");
            Emit(Position.At(e.Line), CurrentPath(), $"单个 JSON 值超过 {limit}，无法读取 / a single JSON value is larger than {limit}");
            stopped = true;
        }
        catch (IOException e)
        {
            Emit(Position.At(cursor.Line), CurrentPath(), $"读取文件失败 / reading the file failed: {e.Message}");
            stopped = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The contract is to report, never to throw: an unforeseen shape of input ends this file only.
            Emit(Position.At(cursor.Line), CurrentPath(), $"无法继续读取本文件 / cannot read this file further: {e.Message}");
            stopped = true;
        }

        if (stopped && flushIndex < 0 && !finished)
        {
            BeginFinish();
        }

        Drain(output, all: finished);
        return !finished;
    }

    /// <summary>The input is done: the waiting groups are compiled one per step, so items flow out as they come.</summary>
    private void BeginFinish()
    {
        // A package cut short (truncated file, too many errors): keep the releases read before the break.
        if (frames.Count > 0 && frames.Last().Top is { Completed: false, ReleasesStreamed: true } open)
        {
            var parts = new Parts { HasReleasesArray = true };
            parts.Props.AddRange(open.Props);
            parts.Releases.AddRange(open.Releases);
            ProcessParts(parts, new Position(open.StartLine, 0, string.Empty, open), null, null);
        }

        frames.Clear();
        multiValue ??= topCount > 1;
        flushIndex = 0;
        if (groups.Count == 0)
        {
            finished = true;
        }
    }

    private void FlushNextGroup()
    {
        if (flushIndex < groups.Count)
        {
            var group = groups.GetAt(flushIndex++).Value;
            CompileAndMap(group);
            group.Releases.Clear();
        }

        if (flushIndex >= groups.Count)
        {
            groups.Clear();
            bufferedBytes = 0;
            finished = true;
        }
    }

    private bool Advance()
    {
        if (frames.Count == 0)
        {
            var more = StartTopValue();
            attemptLine = null;
            return more;
        }

        var frame = frames.Peek();
        switch (frame.Kind)
        {
            case FrameKind.Object:
                ReadObjectMember(frame);
                break;
            case FrameKind.PackageArray:
                ReadPackageElement(frame);
                break;
            case FrameKind.TopArray:
                ReadTopArrayElement(frame);
                break;
        }

        Track(frame.Top);
        return true;
    }

    private bool StartTopValue()
    {
        cursor.SkipWhitespace();
        attemptLine = cursor.Line;
        var next = cursor.Peek();
        if (next is null)
        {
            return false;
        }

        topCount++;
        if (topCount > 1)
        {
            multiValue = true;
        }

        if (next == JsonTokenType.StartObject && cursor.TryReadSmallValue(WholeValueBytes, out var whole, out var wholeLine))
        {
            // The common JSON Lines case: the record or release is already in the buffer.
            var small = new TopValue(topCount, wholeLine) { SingleLine = !whole.AsSpan().Contains((byte)'\n') };
            var position = new Position(wholeLine, 0, string.Empty, small);
            ProcessParts(Split(whole, position, topLevel: true), position, null, null, whole);
            EndTopValue(small);
            return true;
        }

        if (next is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            cursor.Read(out _, out _, out var line);
            var top = new TopValue(topCount, line);
            frames.Push(new Frame(next == JsonTokenType.StartObject ? FrameKind.Object : FrameKind.TopArray, top, null));
            return true;
        }

        cursor.TryReadValue(out _, out _, out var scalarLine);
        Emit(Position.At(scalarLine), string.Empty, "顶层值不是 JSON 对象或数组 / a top-level value is not a JSON object or array");
        EndTopValue(new TopValue(topCount, scalarLine));
        return true;
    }

    private void ReadObjectMember(Frame frame)
    {
        var top = frame.Top;
        cursor.Read(out var type, out var name, out _);
        if (type == JsonTokenType.EndObject)
        {
            frames.Pop();
            Track(top);
            var parts = new Parts();
            parts.Props.AddRange(top.Props);
            parts.Releases.AddRange(top.Releases);
            parts.HasReleasesArray = top.ReleasesStreamed;
            parts.HasRecordsArray = top.RecordsStreamed;
            ProcessParts(parts, new Position(top.StartLine, 0, string.Empty, top), null, null);
            EndTopValue(top);
            return;
        }

        if (name is "releases" or "records" && cursor.Peek() == JsonTokenType.StartArray)
        {
            cursor.Read(out _, out _, out _);
            if (name == "records")
            {
                top.RecordsStreamed = true;
            }
            else
            {
                top.ReleasesStreamed = true;
            }

            frames.Push(new Frame(FrameKind.PackageArray, top, name));
            return;
        }

        cursor.TryReadValue(out var raw, out _, out _);
        top.Props.Add(new KeyValuePair<string, byte[]>(name ?? string.Empty, raw));
    }

    private void ReadPackageElement(Frame frame)
    {
        var top = frame.Top;
        if (!cursor.TryReadValue(out var raw, out var first, out var line))
        {
            frames.Pop();
            return;
        }

        frame.Count++;
        var position = new Position(line, frame.Count, $"{frame.ArrayName}[{frame.Count - 1}]", top);
        if (frame.ArrayName == "records")
        {
            // Records stand alone: map them now, with the package fields read so far.
            var version = StringOf(Get(top.Props, "version"));
            var uri = StringOf(Get(top.Props, "uri"));
            ProcessRecordElement(raw, first, position, version ?? "1.0", uri);
        }
        else
        {
            top.Releases.Add((raw, position));
        }
    }

    private void ReadTopArrayElement(Frame frame)
    {
        var top = frame.Top;
        if (!cursor.TryReadValue(out var raw, out var first, out var line))
        {
            frames.Pop();
            Track(top);
            EndTopValue(top);
            return;
        }

        frame.Count++;
        var position = new Position(line, frame.Count, $"[{frame.Count - 1}]", top);
        if (first != JsonTokenType.StartObject)
        {
            Emit(position, position.Path, "数组元素不是 JSON 对象 / an array element is not a JSON object");
            return;
        }

        ProcessParts(Split(raw, position), position, null, null, raw);
    }

    private void EndTopValue(TopValue top)
    {
        top.Completed = true;
        if (top.SingleLine)
        {
            completedSingleLine++;
        }
        else
        {
            completedMultiLine++;
        }

        multiValue ??= cursor.Peek() is not null;
    }

    private void Track(TopValue top)
    {
        if (!top.Completed && cursor.Line != top.StartLine)
        {
            top.SingleLine = false;
        }
    }

    /// <summary>Decides what an object is (package, record, release) once all its members are known.</summary>
    private void ProcessParts(Parts parts, Position position, string? packageVersion, string? packageUri, byte[]? whole = null)
    {
        var version = StringOf(parts.Get("version"));
        var uri = StringOf(parts.Get("uri")) ?? packageUri;
        var isRecord = parts.Has("compiledRelease") || parts.Has("versionedRelease")
            || (parts.Has("ocid") && parts.HasReleasesArray);
        if (isRecord)
        {
            ProcessRecord(parts, position, packageVersion, uri);
            return;
        }

        if (parts.HasRecordsArray)
        {
            foreach (var (raw, recordPosition) in parts.Records)
            {
                ProcessRecordElement(raw, FirstToken(raw), recordPosition, version ?? "1.0", uri);
            }

            return;
        }

        if (parts.HasReleasesArray)
        {
            // A package without a version is OCDS 1.0 (the field arrived with 1.1).
            foreach (var (raw, releasePosition) in parts.Releases)
            {
                AddRelease(raw, releasePosition, version ?? "1.0", uri);
            }

            return;
        }

        if (!parts.Has("date") && !parts.Has("tag") && parts.Props.Exists(p => p.Key != "ocid" && IsVersionHistory(p.Value)))
        {
            // A versioned release on its own: its last values are the compiled release.
            if (ParseObject(whole ?? Rebuild(parts), position, position.Path) is { } versioned)
            {
                MapAndEmit(OcdsMerger.CompiledFromVersioned(versioned), position, new MapHints(null, IsHttp(packageUri) ? packageUri : null));
            }

            return;
        }

        if (ReleaseFields.Any(parts.Has))
        {
            AddRelease(whole ?? Rebuild(parts), position, version ?? packageVersion, packageUri);
            return;
        }

        Emit(position, position.Path, "不是 OCDS 发布、记录或数据包 / not an OCDS release, record or package");
    }

    private static readonly string[] ReleaseFields =
        ["ocid", "tag", "date", "tender", "awards", "contracts", "buyer", "parties", "planning", "bids"];

    private void ProcessRecordElement(byte[] raw, JsonTokenType first, Position position, string? version, string? uri)
    {
        if (first != JsonTokenType.StartObject)
        {
            Emit(position, position.Path, "记录不是 JSON 对象 / a record is not a JSON object");
            return;
        }

        var parts = Split(raw, position);
        if (!parts.Has("compiledRelease") && !parts.Has("versionedRelease") && !parts.HasReleasesArray)
        {
            Emit(position, position.Path, "记录既没有 compiledRelease 也没有 releases / the record has neither compiledRelease nor releases");
            return;
        }

        ProcessRecord(parts, position, version, uri);
    }

    private void ProcessRecord(Parts parts, Position position, string? version, string? uri)
    {
        var ocid = StringOf(parts.Get("ocid"));
        DateTimeOffset? firstDate = null;
        string? linkedUrl = null;
        var embedded = new List<(byte[] Raw, Position Position)>();
        foreach (var (raw, releasePosition) in parts.Releases)
        {
            var scan = Scan(raw);
            if (scan.Date is { } date && (firstDate is null || date < firstDate))
            {
                firstDate = date;
            }

            linkedUrl ??= scan.Url;
            if (scan.IsObject && !scan.LinkedOnly)
            {
                embedded.Add((raw, releasePosition));
            }
        }

        var hints = new MapHints(firstDate, IsHttp(uri) ? uri : linkedUrl);
        JsonObject? compiled = null;
        if (parts.Get("compiledRelease") is { } compiledRaw)
        {
            compiled = ParseObject(compiledRaw, position, JoinPath(position.Path, "compiledRelease"));
        }

        if (compiled is null && embedded.Count > 0)
        {
            var releases = embedded.Select(e => ParseObject(e.Raw, e.Position, e.Position.Path)).OfType<JsonObject>().ToList();
            compiled = releases.Count > 0 ? OcdsMerger.Compile(releases, version) : null;
        }

        if (compiled is null && parts.Get("versionedRelease") is { } versionedRaw
            && ParseObject(versionedRaw, position, JoinPath(position.Path, "versionedRelease")) is { } versioned)
        {
            compiled = OcdsMerger.CompiledFromVersioned(versioned);
        }

        if (compiled is null)
        {
            Emit(position, position.Path, "记录没有 compiledRelease，其 releases 也只是链接 / the record has no compiledRelease and its releases are only links");
            return;
        }

        if (OcdsValues.IsNull(compiled["ocid"]) && ocid is not null)
        {
            compiled["ocid"] = ocid;
        }

        MapAndEmit(compiled, position, hints);
    }

    private void AddRelease(byte[] raw, Position position, string? version, string? uri)
    {
        var scan = Scan(raw);
        if (!scan.IsObject)
        {
            Emit(position, position.Path, "发布（release）不是 JSON 对象 / a release is not a JSON object");
            return;
        }

        if (string.IsNullOrWhiteSpace(scan.Ocid))
        {
            Emit(position, JoinPath(position.Path, "ocid"), "发布缺少 ocid / the release has no ocid");
            return;
        }

        if (scan.Compiled)
        {
            if (ParseObject(raw, position, position.Path) is { } compiled)
            {
                MapAndEmit(compiled, position, new MapHints(null, IsHttp(uri) ? uri : null));
            }

            return;
        }

        var ocid = scan.Ocid.Trim();
        if (!groups.TryGetValue(ocid, out var group))
        {
            group = new ReleaseGroup(ocid, position, IsHttp(uri) ? uri : null);
            groups[ocid] = group;
        }

        group.Releases.Add((raw, position, version));
        if (scan.Date is { } date && (group.FirstDate is null || date < group.FirstDate))
        {
            group.FirstDate = date;
        }

        bufferedBytes += raw.Length;
    }

    private void FlushGroups()
    {
        foreach (var group in groups.Values)
        {
            CompileAndMap(group);
        }

        groups.Clear();
        bufferedBytes = 0;
    }

    private void CompileAndMap(ReleaseGroup group)
    {
        try
        {
            var releases = new List<JsonObject>();
            foreach (var (raw, position, _) in group.Releases)
            {
                if (ParseObject(raw, position, position.Path) is { } release)
                {
                    releases.Add(release);
                }
            }

            if (releases.Count == 0)
            {
                return;
            }

            var versions = group.Releases.Select(r => r.Version).OfType<string>().ToList();
            var version = versions.Count == 0 ? null
                : versions.Any(v => OcdsMergeRules.For(v) == OcdsMergeRules.V11) ? "1.1" : "1.0";
            MapAndEmit(OcdsMerger.Compile(releases, version), group.Position, new MapHints(group.FirstDate, group.Uri));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Emit(group.Position, group.Position.Path, $"无法合并该招标过程的发布 / could not compile the releases of this process: {e.Message}");
        }
    }

    private void MapAndEmit(JsonObject compiled, Position position, MapHints hints)
    {
        OnCompiled?.Invoke(compiled);
        ProjectData? project;
        IReadOnlyList<FieldError> errors;
        try
        {
            (project, errors) = OcdsMapper.Map(compiled, hints);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            Emit(position, position.Path, $"无法读取该发布 / could not read this release: {e.Message}");
            return;
        }

        foreach (var error in errors)
        {
            Emit(position, error.Field, error.Reason);
        }

        if (project is not null)
        {
            pending.Enqueue(new Pending(position, project, null, null));
        }
    }

    private JsonObject? ParseObject(byte[] raw, Position position, string path)
    {
        try
        {
            if (JsonNode.Parse(raw, documentOptions: DocumentOptions) is JsonObject obj)
            {
                // Materialise now: duplicate keys surface here rather than in the mapper.
                _ = obj.Count;
                return obj;
            }

            Emit(position, path, "应为 JSON 对象 / must be a JSON object");
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            Emit(position, path, $"JSON 对象无法读取（可能有重复的键） / the JSON object cannot be read (duplicate keys?): {e.Message}");
        }

        return null;
    }

    private void OnMalformed(JsonException e)
    {
        var line = e.LineNumber is { } l ? cursor.FileLine(l) : cursor.Line;
        var column = e.BytePositionInLine is { } c ? c + 1 : 0;
        if (cursor.FindInvalidUtf8() is { } bad)
        {
            OnInvalidUtf8(bad.Line, bad.Offset);
            return;
        }

        // The reader reports too deep a nesting as a JsonException too; it is not a truncated file (issue 17, low).
        var reason = e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
            ? $"JSON 嵌套超过 {SplitOptions.MaxDepth} 层（第 {line} 行第 {column} 字节处），已拒绝 / JSON nested deeper than {SplitOptions.MaxDepth} levels at line {line}, byte {column}; refused"
            : $"JSON 格式错误或文件不完整（第 {line} 行第 {column} 字节处） / malformed or truncated JSON at line {line}, byte {column}";

        // JSON Lines: one broken line must not lose the others. Anything else cannot be resynchronised.
        if (completedSingleLine > 0 && completedMultiLine == 0)
        {
            var valueLine = frames.Count > 0 ? frames.Last().Top.StartLine : attemptLine;
            Emit(Position.At(valueLine ?? line), CurrentPath(), reason);
            frames.Clear();
            cursor.SkipWhitespace();

            // When the error shows only on a later line, that line starts a new record: keep it.
            if (valueLine is null || cursor.Line <= valueLine)
            {
                cursor.SkipLine();
            }

            cursor.ResetState();
            return;
        }

        Emit(Position.At(line), CurrentPath(), reason);
        stopped = true;
    }

    private void OnInvalidUtf8(long line, long offset)
    {
        Emit(Position.At(line), string.Empty,
            $"文件不是 UTF-8 编码（第 {line} 行，字节偏移 {offset} 处）。请另存为 UTF-8，或导入时指明原编码（如 GB18030、ISO-8859-1） / "
            + $"the file is not UTF-8 (line {line}, byte offset {offset}); save it as UTF-8 or name its encoding (e.g. GB18030, ISO-8859-1)");
        stopped = true;
    }

    private string CurrentPath()
    {
        foreach (var frame in frames)
        {
            if (frame.Kind == FrameKind.PackageArray)
            {
                return $"{frame.ArrayName}[{frame.Count}]";
            }

            if (frame.Kind == FrameKind.TopArray)
            {
                return $"[{frame.Count}]";
            }
        }

        return string.Empty;
    }

    private void Emit(Position position, string field, string reason)
    {
        if (errorCount >= MaxErrors)
        {
            if (errorCount == MaxErrors)
            {
                errorCount++;
                pending.Enqueue(new Pending(position, null, string.Empty,
                    $"错误超过 {MaxErrors} 条，停止读取本文件 / more than {MaxErrors} errors: reading stopped"));
            }

            stopped = true;
            return;
        }

        errorCount++;
        pending.Enqueue(new Pending(position, null, field, reason));
    }

    /// <summary>
    /// Emits queued items whose line number is settled. Inside a package the line is the element's position,
    /// except in JSON Lines (several one-line values), where it is the physical line: for the first value that is
    /// known only once it has ended.
    /// </summary>
    private void Drain(List<ReadItem> output, bool all)
    {
        while (pending.Count > 0)
        {
            var item = pending.Peek();
            var top = item.Position.Top;
            var settled = all || item.Position.Index == 0 || top is null || !top.SingleLine || (top.Completed && multiValue is not null);
            if (!settled)
            {
                return;
            }

            pending.Dequeue();
            var useIndex = item.Position.Index > 0 && top is not null && !(top.SingleLine && multiValue == true);
            var line = useIndex ? item.Position.Index : item.Position.Line;
            output.Add(item.Project is not null
                ? new ReadItem(line, item.Project, null)
                : new ReadItem(line, null, new ImportError(displayName, line, item.Field ?? string.Empty, item.Reason ?? string.Empty)));
        }
    }

    /// <summary>
    /// Splits a complete object into its members, with releases and records kept element by element. The elements
    /// of a top-level package get their own position; those of a nested object share their parent's.
    /// </summary>
    private static Parts Split(byte[] raw, Position position, bool topLevel = false)
    {
        var parts = new Parts();
        var reader = new Utf8JsonReader(raw, SplitOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return parts;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString() ?? string.Empty;
            reader.Read();
            if (name is "releases" or "records" && reader.TokenType == JsonTokenType.StartArray)
            {
                var list = name == "releases" ? parts.Releases : parts.Records;
                if (name == "releases")
                {
                    parts.HasReleasesArray = true;
                }
                else
                {
                    parts.HasRecordsArray = true;
                }

                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var elementStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    list.Add((raw[elementStart..(int)reader.BytesConsumed], position with
                    {
                        Index = topLevel ? index + 1 : position.Index,
                        Path = JoinPath(position.Path, $"{name}[{index}]"),
                    }));
                    index++;
                }

                continue;
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            parts.Props.Add(new KeyValuePair<string, byte[]>(name, raw[start..(int)reader.BytesConsumed]));
        }

        return parts;
    }

    /// <summary>A release object rebuilt from members read one at a time.</summary>
    private static byte[] Rebuild(Parts parts)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, raw) in parts.Props)
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(raw, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The top-level fields the grouping needs, read without building a tree.</summary>
    private static ReleaseScan Scan(byte[] raw)
    {
        var reader = new Utf8JsonReader(raw, SplitOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        string? ocid = null;
        string? url = null;
        DateTimeOffset? date = null;
        var compiled = false;
        var linkedOnly = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "ocid" when reader.TokenType == JsonTokenType.String:
                    ocid = reader.GetString();
                    linkedOnly = false;
                    break;
                case "date" when reader.TokenType == JsonTokenType.String:
                    date = OcdsValues.TryParseDate(reader.GetString() ?? string.Empty, out var parsed) ? parsed : null;
                    break;
                case "url" when reader.TokenType == JsonTokenType.String:
                    url = reader.GetString();
                    break;
                case "tag" when reader.TokenType == JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        compiled |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("compiled"u8);
                        reader.Skip();
                    }

                    break;
                case "tag" when reader.TokenType == JsonTokenType.String:
                    compiled = reader.ValueTextEquals("compiled"u8);
                    break;
                default:
                    if (name is not ("url" or "date" or "tag" or "id"))
                    {
                        linkedOnly = false;
                    }

                    reader.Skip();
                    break;
            }
        }

        return new ReleaseScan(true, ocid, date, url, compiled, linkedOnly && url is not null);
    }

    /// <summary>True when a member holds, at any depth, a versioned field: an array of {releaseID, releaseDate, …}.</summary>
    private static bool IsVersionHistory(byte[] raw)
    {
        var reader = new Utf8JsonReader(raw, SplitOptions);
        var before = JsonTokenType.None;
        var previous = JsonTokenType.None;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && previous == JsonTokenType.StartObject
                && before == JsonTokenType.StartArray
                && (reader.ValueTextEquals("releaseID"u8) || reader.ValueTextEquals("releaseDate"u8)))
            {
                return true;
            }

            before = previous;
            previous = reader.TokenType;
        }

        return false;
    }

    private static JsonTokenType FirstToken(byte[] raw)
    {
        var reader = new Utf8JsonReader(raw, SplitOptions);
        return reader.Read() ? reader.TokenType : JsonTokenType.None;
    }

    private static byte[]? Get(List<KeyValuePair<string, byte[]>> props, string name)
    {
        for (var i = props.Count - 1; i >= 0; i--)
        {
            if (props[i].Key == name)
            {
                return props[i].Value;
            }
        }

        return null;
    }

    private static string? StringOf(byte[]? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var reader = new Utf8JsonReader(raw, SplitOptions);
        return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    private static bool IsHttp(string? uri) =>
        uri is not null && (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static string JoinPath(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    private enum FrameKind
    {
        Object,
        PackageArray,
        TopArray,
    }

    private sealed class Frame(FrameKind kind, TopValue top, string? arrayName)
    {
        public FrameKind Kind { get; } = kind;

        public TopValue Top { get; } = top;

        public string? ArrayName { get; } = arrayName;

        public long Count { get; set; }
    }

    /// <summary>One top-level JSON value of the file (the whole file, or one line of JSON Lines).</summary>
    internal sealed class TopValue(int index, long startLine)
    {
        public int Index { get; } = index;

        public long StartLine { get; } = startLine;

        public bool SingleLine { get; set; } = true;

        public bool Completed { get; set; }

        public List<KeyValuePair<string, byte[]>> Props { get; } = [];

        public List<(byte[] Raw, Position Position)> Releases { get; } = [];

        public bool ReleasesStreamed { get; set; }

        public bool RecordsStreamed { get; set; }
    }

    /// <summary>Where an item comes from: a physical line, and its 1-based place in a package array (0: none).</summary>
    internal readonly record struct Position(long Line, long Index, string Path, TopValue? Top)
    {
        public static Position At(long line) => new(line, 0, string.Empty, null);
    }

    private sealed record Pending(Position Position, ProjectData? Project, string? Field, string? Reason);

    private sealed class ReleaseGroup(string ocid, Position position, string? uri)
    {
        public string Ocid { get; } = ocid;

        public Position Position { get; } = position;

        public string? Uri { get; } = uri;

        public DateTimeOffset? FirstDate { get; set; }

        public List<(byte[] Raw, Position Position, string? Version)> Releases { get; } = [];
    }

    private sealed class Parts
    {
        public List<KeyValuePair<string, byte[]>> Props { get; } = [];

        public List<(byte[] Raw, Position Position)> Releases { get; } = [];

        public List<(byte[] Raw, Position Position)> Records { get; } = [];

        public bool HasReleasesArray { get; set; }

        public bool HasRecordsArray { get; set; }

        public bool Has(string name) => Props.Exists(p => p.Key == name);

        public byte[]? Get(string name) => OcdsFileParser.Get(Props, name);
    }

    private readonly record struct ReleaseScan(
        bool IsObject, string? Ocid, DateTimeOffset? Date, string? Url, bool Compiled, bool LinkedOnly);
}
