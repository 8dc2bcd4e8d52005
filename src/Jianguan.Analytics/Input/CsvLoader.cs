using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Jianguan.Analytics.Data;

namespace Jianguan.Analytics.Input;

/// <summary>What the loader made of the input: files read, rows taken and rows rejected with reasons.</summary>
public sealed class LoadReport
{
    public List<string> Files { get; } = [];
    public List<string> Skipped { get; } = [];
    public List<string> Errors { get; } = [];
    public int BidRows { get; set; }
    public int RejectedRows { get; set; }
    public bool HasBidFile { get; set; }
}

/// <summary>
/// Reads the minimal CSV (<c>tender,bidder,bid[,winner,date,…]</c>, Chinese headers too) and the files that
/// <c>jianguan demo generate</c> writes (projects, sections, bids, awards in the trading-field names), joined on
/// the section code. A directory means every CSV in it. Each file's role is told by its header.
/// </summary>
public static class CsvLoader
{
    private const int MaxRejectMessages = 20;

    private enum Role
    {
        Unknown,
        Projects,
        Sections,
        Bids,
        Awards,
    }

    /// <summary>Columns a price-only load keeps: section, bid, and the section's estimate or control price.</summary>
    private static readonly Column[] PriceColumns = [Column.Tender, Column.Project, Column.Bid, Column.Estimate, Column.Control];

    public static BidTable Load(IEnumerable<string> inputs, LoadReport report) => Load(inputs, report, pricesOnly: false);

    /// <summary>
    /// Loads bids, sections, awards and projects. With <paramref name="pricesOnly"/> every column except the
    /// section, the bid and the estimate is ignored (no bidders, fingerprints, dates or awards): what the price
    /// screens need, e.g. to time them against another implementation reading the same two columns.
    /// </summary>
    public static BidTable Load(IEnumerable<string> inputs, LoadReport report, bool pricesOnly) =>
        Load(inputs, report, pricesOnly, more: null);

    /// <summary>
    /// As <see cref="Load(IEnumerable{string}, LoadReport, bool)"/>; <paramref name="more"/> then adds bids read by
    /// other means (the trading importer's readers) to the same table before it is built. Bids it adds must keep the
    /// text of their fingerprints (<see cref="BidTableBuilder.KeepRaw"/>): they have no row in the files read here.
    /// </summary>
    public static BidTable Load(IEnumerable<string> inputs, LoadReport report, bool pricesOnly, Action<BidTableBuilder>? more)
    {
        Column[] MapOf(string[] header) =>
            [.. header.Select(h => Columns.Of(h) is var c && (!pricesOnly || PriceColumns.Contains(c)) ? c : Column.Unknown)];

        var files = Expand(inputs, report);
        var builder = new BidTableBuilder(keepRaw: false);
        var sources = new List<FileSource>();
        var projectCategory = new Dictionary<string, string>(StringComparer.Ordinal);
        var projectMode = new Dictionary<string, string>(StringComparer.Ordinal);
        var sectionProject = new List<(int Section, string Project)>();

        // Projects first: sections name their category through the project code.
        var ordered = new List<(string Path, Role Role, string[] Header, byte Delimiter, bool Transcode)>();
        foreach (var path in files)
        {
            var (header, delimiter, transcode) = ReadHeader(path);
            var role = RoleOf(MapOf(header));
            if (role == Role.Unknown)
            {
                report.Skipped.Add(path);
                continue;
            }

            ordered.Add((path, role, header, delimiter, transcode));
        }

        ordered.Sort((a, b) => (a.Role == Role.Projects ? 0 : 1).CompareTo(b.Role == Role.Projects ? 0 : 1));

        // The bid files are parsed on every core; the other files (projects, sections, awards) are read meanwhile on
        // one more thread into plain records. Both are then applied to the builder in the order above, as if read
        // one after the other.
        var others = Engine.Beside(() =>
        {
            var records = new FileRecords?[ordered.Count];
            for (var i = 0; i < ordered.Count; i++)
            {
                var (path, role, header, delimiter, transcode) = ordered[i];
                if (role != Role.Bids)
                {
                    records[i] = ReadOther(path, role, MapOf(header), delimiter, transcode);
                }
            }

            return records;
        });
        var bidFiles = new BidFile?[ordered.Count];
        try
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                var (path, role, header, delimiter, transcode) = ordered[i];
                if (role == Role.Bids)
                {
                    var fileIndex = sources.Count;
                    var map = MapOf(header);
                    sources.Add(new FileSource(path, delimiter, transcode, map));
                    bidFiles[i] = ParseBids(path, delimiter, transcode, map, builder, fileIndex);
                }
            }
        }
        catch
        {
            // Not left reading behind the exception: the caller may delete or rewrite the files.
            ((IAsyncResult)others).AsyncWaitHandle.WaitOne();
            throw;
        }

        var otherRecords = others.GetAwaiter().GetResult();
        for (var i = 0; i < ordered.Count; i++)
        {
            report.Files.Add(ordered[i].Path);
            if (bidFiles[i] is { } bids)
            {
                report.HasBidFile = true;
                MergeBids(bids, builder, report);
            }
            else if (ordered[i].Role == Role.Bids)
            {
                // An empty bid file (a header only) still makes a bid file.
                report.HasBidFile = true;
            }
            else
            {
                otherRecords[i]!.Apply(builder, report, projectCategory, projectMode, sectionProject);
            }
        }

        foreach (var (section, project) in sectionProject)
        {
            if (projectCategory.TryGetValue(project, out var category))
            {
                builder.SetCategory(section, category);
            }

            if (projectMode.TryGetValue(project, out var mode))
            {
                builder.SetMode(section, mode);
            }
        }

        more?.Invoke(builder);
        // Each thread reads evidence through its own handles (the writer serialises alerts side by side).
        var readers = new ThreadLocal<Dictionary<int, Utf8CsvReader>>(() => []);
        builder.RowResolver = (rowRef, kind) => Resolve(sources, readers.Value!, rowRef, kind);
        return builder.Build();
    }

    /// <summary>
    /// True when the file's header gives it a role here (bids, sections, awards or projects). Amounts in 万元 are
    /// not: this loader reads numbers as they stand, so such a file is left to a reader that scales units.
    /// </summary>
    public static bool Recognises(string path)
    {
        var (header, _, _) = ReadHeader(path);
        return RoleOf([.. header.Select(Columns.Of)]) != Role.Unknown
            && !header.Any(FieldCatalog.NamesTenThousandYuan);
    }

    private static List<string> Expand(IEnumerable<string> inputs, LoadReport report)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var inDir = Directory.GetFiles(input, "*.csv", SearchOption.TopDirectoryOnly);
                Array.Sort(inDir, StringComparer.Ordinal);
                files.AddRange(inDir);
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                report.Errors.Add($"找不到输入 / input not found: {input}");
            }
        }

        return files;
    }

    private static Role RoleOf(Column[] map)
    {
        bool Has(Column c) => Array.IndexOf(map, c) >= 0;
        if (Has(Column.Bid) && (Has(Column.Tender) || Has(Column.Project)))
        {
            return Role.Bids;
        }

        if (Has(Column.WinnerName) && (Has(Column.Tender) || Has(Column.Project)))
        {
            return Role.Awards;
        }

        if (Has(Column.Tender) && (Has(Column.Control) || Has(Column.Estimate) || Has(Column.NoticeDate) || Has(Column.OpenDate)
            || Has(Column.Category)))
        {
            return Role.Sections;
        }

        if (Has(Column.Project) && Has(Column.Category) && !Has(Column.Tender))
        {
            return Role.Projects;
        }

        return Role.Unknown;
    }

    internal static (string[] Header, byte Delimiter, bool Transcode) ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[64 * 1024];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        var nl = span.IndexOf((byte)'\n');
        var line = nl >= 0 ? span[..nl] : span;
        var transcode = !Utf8.IsValid(line);
        string text;
        if (transcode)
        {
            text = Gb18030().GetString(line);
        }
        else
        {
            text = Encoding.UTF8.GetString(line);
        }

        text = text.TrimEnd('\r');
        var delimiter = (byte)SniffDelimiter(text);
        var header = text.Split((char)delimiter).Select(h => h.Trim().Trim('"')).ToArray();
        return (header, delimiter, transcode);
    }

    internal static Encoding Gb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    internal static Utf8CsvReader Open(string path, byte delimiter, bool transcode)
    {
        if (!transcode)
        {
            var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return new Utf8CsvReader(fs, delimiter);
        }

        // Portals export GB18030; the engine reads UTF-8.
        var text = File.ReadAllText(path, Gb18030());
        return new Utf8CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), delimiter);
    }

    private static int IndexOf(Column[] map, Column c) => Array.IndexOf(map, c);

    /// <summary>A projects, sections or awards file read into plain records, applied to the builder in file order.</summary>
    private sealed class FileRecords
    {
        public Dictionary<string, string> ProjectCategory { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> ProjectMode { get; } = new(StringComparer.Ordinal);
        public List<LocalSection> Sections { get; } = [];
        public List<(string Id, string Winner, double Amount)> Awards { get; } = [];
        public List<string> Errors { get; } = [];
        public int Rejected { get; set; }

        public void Reject(string path, Utf8CsvReader reader, string reason)
        {
            Rejected++;
            if (Errors.Count < MaxRejectMessages)
            {
                Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} @{reader.RecordOffset}: {reason}"));
            }
        }

        /// <summary>What reading the file straight into the builder would have done.</summary>
        public void Apply(BidTableBuilder builder, LoadReport report, Dictionary<string, string> projectCategory,
            Dictionary<string, string> projectMode, List<(int Section, string Project)> sectionProject)
        {
            foreach (var (p, c) in ProjectCategory)
            {
                projectCategory[p] = c;
            }

            foreach (var (p, m) in ProjectMode)
            {
                projectMode[p] = m;
            }

            foreach (var r in Sections)
            {
                var s = builder.Section(r.Id);
                if (r.Mode is not null)
                {
                    builder.SetMode(s, r.Mode);
                }

                if (!double.IsNaN(r.Control))
                {
                    builder.SetControlPrice(s, r.Control);
                }

                if (!double.IsNaN(r.Estimate))
                {
                    builder.SetEstimate(s, r.Estimate);
                }

                if (r.Notice != Timestamp.Missing)
                {
                    builder.SetNoticeTime(s, r.Notice);
                }

                if (r.Open != Timestamp.Missing)
                {
                    builder.SetOpenTime(s, r.Open);
                }

                if (r.Category is not null)
                {
                    builder.SetCategory(s, r.Category);
                }

                if (r.Project is not null)
                {
                    sectionProject.Add((s, r.Project));
                }
            }

            foreach (var (id, winner, amount) in Awards)
            {
                var s = builder.Section(id);
                if (winner.Length > 0)
                {
                    builder.SetAwardWinner(s, winner);
                }

                if (!double.IsNaN(amount))
                {
                    builder.SetAwardAmount(s, amount);
                }
            }

            report.RejectedRows += Rejected;
            foreach (var e in Errors)
            {
                if (report.Errors.Count < MaxRejectMessages)
                {
                    report.Errors.Add(e);
                }
            }
        }
    }

    private static FileRecords ReadOther(string path, Role role, Column[] map, byte delimiter, bool transcode)
    {
        var records = new FileRecords();
        using var reader = Open(path, delimiter, transcode);
        reader.MaxFields = Array.FindLastIndex(map, c => c != Column.Unknown) + 1;
        reader.Read(); // header
        switch (role)
        {
            case Role.Projects:
                ReadProjects(reader, map, records);
                break;
            case Role.Sections:
                ReadSections(reader, map, records, path);
                break;
            case Role.Awards:
                ReadAwards(reader, map, records, path);
                break;
            case Role.Bids:
            case Role.Unknown:
            default:
                break;
        }

        return records;
    }

    private static void ReadProjects(Utf8CsvReader reader, Column[] map, FileRecords records)
    {
        var project = IndexOf(map, Column.Project);
        var category = IndexOf(map, Column.Category);
        var mode = IndexOf(map, Column.Mode);
        while (reader.Read())
        {
            var p = Text(reader[project]);
            if (p.Length == 0)
            {
                continue;
            }

            if (Text(reader[category]) is { Length: > 0 } c)
            {
                records.ProjectCategory[p] = c;
            }

            if (mode >= 0 && Text(reader[mode]) is { Length: > 0 } m)
            {
                records.ProjectMode[p] = m;
            }
        }
    }

    private static void ReadSections(Utf8CsvReader reader, Column[] map, FileRecords records, string path)
    {
        var tender = IndexOf(map, Column.Tender);
        var project = IndexOf(map, Column.Project);
        var control = IndexOf(map, Column.Control);
        var estimate = IndexOf(map, Column.Estimate);
        var notice = IndexOf(map, Column.NoticeDate);
        var open = IndexOf(map, Column.OpenDate);
        var category = IndexOf(map, Column.Category);
        var mode = IndexOf(map, Column.Mode);
        Span<char> chars = stackalloc char[512];
        while (reader.Read())
        {
            var id = Decode(reader[tender], chars);
            if (id.IsEmpty)
            {
                records.Reject(path, reader, "标段编号为空 / empty section code");
                continue;
            }

            var r = new LocalSection(id.ToString());
            records.Sections.Add(r);
            if (mode >= 0 && Text(reader[mode]) is { Length: > 0 } md)
            {
                r.Mode = md;
            }

            if (control >= 0 && TryNumber(reader[control], out var v) && v > 0)
            {
                r.Control = v;
            }

            if (estimate >= 0 && TryNumber(reader[estimate], out v) && v > 0)
            {
                r.Estimate = v;
            }

            if (notice >= 0 && Timestamp.Parse(reader[notice]) is var t && t != Timestamp.Missing)
            {
                r.Notice = t;
            }

            if (open >= 0 && Timestamp.Parse(reader[open]) is var o && o != Timestamp.Missing)
            {
                r.Open = o;
            }

            if (category >= 0 && Text(reader[category]) is { Length: > 0 } c)
            {
                r.Category = c;
            }

            if (project >= 0 && Text(reader[project]) is { Length: > 0 } p)
            {
                r.Project = p;
            }
        }
    }

    private static void ReadAwards(Utf8CsvReader reader, Column[] map, FileRecords records, string path)
    {
        var tender = IndexOf(map, Column.Tender) is var t and >= 0 ? t : IndexOf(map, Column.Project);
        var winner = IndexOf(map, Column.WinnerName);
        var amount = IndexOf(map, Column.AwardAmount);
        Span<char> chars = stackalloc char[512];
        while (reader.Read())
        {
            var id = Decode(reader[tender], chars);
            if (id.IsEmpty)
            {
                records.Reject(path, reader, "标段编号为空 / empty section code");
                continue;
            }

            var amountValue = amount >= 0 && TryNumber(reader[amount], out var v) && v > 0 ? v : double.NaN;
            records.Awards.Add((id.ToString(), Text(reader[winner]), amountValue));
        }
    }

    /// <summary>Bid files above this size are parsed by several threads, each on its own byte range.</summary>
    private const long ParallelThreshold = 16L << 20;

    /// <summary>A bid file parsed into rows of the builder, with the thread-local ids still to remap.</summary>
    private sealed record BidFile(ChunkResult[] Chunks, int[] Bases, long[] Lines);

    /// <summary>Parses a bid file into reserved rows of the builder (null: no data rows).</summary>
    private static BidFile? ParseBids(string path, byte delimiter, bool transcode, Column[] map, BidTableBuilder builder, int fileIndex)
    {
        // The bytes to parse: the file itself, or its UTF-8 transcoding held in memory.
        byte[]? memory = transcode ? Encoding.UTF8.GetBytes(File.ReadAllText(path, Gb18030())) : null;
        Stream OpenAt(long offset)
        {
            Stream stream = memory is not null
                ? new MemoryStream(memory, writable: false)
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            stream.Position = offset;
            return stream;
        }

        long length;
        long dataStart;
        using (var head = new Utf8CsvReader(OpenAt(0), delimiter))
        {
            head.Read();
            dataStart = head.Read() ? head.RecordOffset : long.MaxValue;
            length = memory?.LongLength ?? new FileInfo(path).Length;
        }

        if (dataStart >= length)
        {
            return null;
        }

        var workers = length - dataStart >= ParallelThreshold ? Math.Clamp(Environment.ProcessorCount, 1, 8) : 1;
        var bounds = ChunkBounds(OpenAt, dataStart, length, workers);
        var (lines, quotesOdd) = CountLines(OpenAt, bounds);
        if (quotesOdd)
        {
            // A boundary falls inside a quoted field that spans lines: parse in one piece.
            bounds = [dataStart, length];
            (lines, _) = CountLines(OpenAt, bounds);
        }

        var parts = bounds.Length - 1;
        var plan = new BidColumns(map);
        foreach (var (_, kind) in plan.Fingerprints)
        {
            builder.EnableFingerprint(kind);
        }

        builder.HasBidders |= plan.Bidder >= 0;
        builder.HasStatus |= plan.Status >= 0;
        builder.HasCheckin |= plan.Checkin >= 0;
        // One reservation for the whole file (the threads' ranges one after the other), initialised by the threads.
        var bases = new int[parts];
        var total = 0;
        for (var i = 0; i < parts; i++)
        {
            bases[i] = total;
            total += (int)Math.Min(int.MaxValue / 4, lines[i] + 1);
        }

        var first = builder.ReserveRange(total, initialise: false);
        for (var i = 0; i < parts; i++)
        {
            bases[i] += first;
        }

        if (memory is null)
        {
            builder.EnableRowRefs();
        }

        // Columns right of the last one used are not split (a price-only load reads a handful of a file's columns).
        var usedFields = Array.FindLastIndex(map, c => c != Column.Unknown) + 1;
        var chunks = new ChunkResult[parts];
        var fileTag = (long)fileIndex << 40;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            builder.InitialiseRange(bases[i], (int)(lines[i] + 1));
            using var reader = new Utf8CsvReader(OpenAt(bounds[i]), delimiter) { MaxFields = usedFields };
            chunks[i] = ParseChunk(reader, bounds[i + 1], plan, builder, bases[i], (int)(lines[i] + 1), memory is not null, fileTag, path);
        });
        return new BidFile(chunks, bases, lines);
    }

    /// <summary>Gives a parsed bid file's sections and bidders their builder ids, in the order of its rows.</summary>
    private static void MergeBids(BidFile file, BidTableBuilder builder, LoadReport report)
    {
        var (chunks, bases, lines) = file;
        foreach (var (chunk, i) in chunks.Select((c, i) => (c, i)))
        {
            var sectionMap = new int[chunk.Sections.Count];
            for (var k = 0; k < sectionMap.Length; k++)
            {
                var local = chunk.Sections[k];
                var g = builder.Section(local.Id);
                sectionMap[k] = g;
                if (local.Open != Timestamp.Missing)
                {
                    builder.SetOpenTime(g, local.Open);
                }

                if (local.Notice != Timestamp.Missing)
                {
                    builder.SetNoticeTime(g, local.Notice);
                }

                if (double.IsFinite(local.Estimate))
                {
                    builder.SetEstimate(g, local.Estimate);
                }

                if (double.IsFinite(local.Control))
                {
                    builder.SetControlPrice(g, local.Control);
                }

                if (local.Category is not null)
                {
                    builder.SetCategory(g, local.Category);
                }

                if (local.Mode is not null)
                {
                    builder.SetMode(g, local.Mode);
                }
            }

            var bidderMap = new int[chunk.Bidders.Count];
            for (var k = 0; k < bidderMap.Length; k++)
            {
                bidderMap[k] = builder.Bidder(chunk.Bidders[k]);
                if (chunk.BidderCodes[k] is { } code && !builder.HasBidderCode(bidderMap[k]))
                {
                    builder.SetBidderCode(bidderMap[k], code);
                }
            }

            builder.Remap(bases[i], (int)(lines[i] + 1), sectionMap, bidderMap);
            foreach (var (kind, hash, text) in chunk.Raw)
            {
                builder.KeepRaw(kind, hash, Encoding.UTF8.GetBytes(text));
            }

            report.BidRows += chunk.Rows;
            report.RejectedRows += chunk.Rejected;
            foreach (var e in chunk.Errors)
            {
                if (report.Errors.Count < MaxRejectMessages)
                {
                    report.Errors.Add(e);
                }
            }
        }
    }

    /// <summary>Byte offsets splitting [start, end) into about <paramref name="parts"/> ranges at line starts.</summary>
    private static long[] ChunkBounds(Func<long, Stream> open, long start, long end, int parts)
    {
        var bounds = new List<long> { start };
        var buffer = new byte[64 * 1024];
        for (var i = 1; i < parts; i++)
        {
            var target = start + ((end - start) * i / parts);
            using var stream = open(target - 1);
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var nl = buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (nl < 0)
            {
                continue;
            }

            var at = target - 1 + nl + 1;
            if (at > bounds[^1] && at < end)
            {
                bounds.Add(at);
            }
        }

        bounds.Add(end);
        return [.. bounds];
    }

    /// <summary>Newlines per range (an upper bound on records) and whether any boundary sits inside quotes.</summary>
    private static (long[] Lines, bool QuotesOdd) CountLines(Func<long, Stream> open, long[] bounds)
    {
        var parts = bounds.Length - 1;
        var lines = new long[parts];
        var quotes = new long[parts];
        Parallel.For(0, parts, i =>
        {
            using var stream = open(bounds[i]);
            var buffer = new byte[1 << 20];
            var left = bounds[i + 1] - bounds[i];
            while (left > 0)
            {
                var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0)
                {
                    break;
                }

                var span = buffer.AsSpan(0, n);
                lines[i] += span.Count((byte)'\n');
                quotes[i] += span.Count((byte)'"');
                left -= n;
            }
        });

        var odd = false;
        long running = 0;
        for (var i = 0; i < parts - 1; i++)
        {
            running += quotes[i];
            odd |= running % 2 != 0;
        }

        return (lines, odd);
    }

    /// <summary>Where each meaning sits in a bid file's header.</summary>
    private sealed class BidColumns
    {
        public BidColumns(Column[] map)
        {
            int At(Column c) => Array.IndexOf(map, c);
            Tender = At(Column.Tender) is var t and >= 0 ? t : At(Column.Project);
            Bidder = At(Column.Bidder);
            Code = At(Column.BidderCode);
            Bid = At(Column.Bid);
            Winner = At(Column.WinnerFlag);
            Open = At(Column.OpenDate);
            Notice = At(Column.NoticeDate);
            Estimate = At(Column.Estimate);
            Control = At(Column.Control);
            Status = At(Column.Status);
            Checkin = At(Column.Checkin);
            Category = At(Column.Category);
            Mode = At(Column.Mode);
            var fps = new List<(int, FingerprintKind)>();
            for (var i = 0; i < map.Length; i++)
            {
                if (Columns.Kind(map[i]) is { } kind)
                {
                    fps.Add((i, kind));
                }
            }

            Fingerprints = [.. fps];
        }

        public int Tender { get; }
        public int Bidder { get; }
        public int Code { get; }
        public int Bid { get; }
        public int Winner { get; }
        public int Open { get; }
        public int Notice { get; }
        public int Estimate { get; }
        public int Control { get; }
        public int Status { get; }
        public int Checkin { get; }
        public int Category { get; }
        public int Mode { get; }
        public (int Index, FingerprintKind Kind)[] Fingerprints { get; }
    }

    private sealed class LocalSection(string id)
    {
        public string Id { get; } = id;
        public long Open { get; set; } = Timestamp.Missing;
        public long Notice { get; set; } = Timestamp.Missing;
        public double Estimate { get; set; } = double.NaN;
        public double Control { get; set; } = double.NaN;
        public string? Category { get; set; }
        public string? Mode { get; set; }

        /// <summary>The project code (a sections file's records; the bid file's sections leave it null).</summary>
        public string? Project { get; set; }
    }

    private sealed class ChunkResult
    {
        public List<LocalSection> Sections { get; } = [];
        public List<string> Bidders { get; } = [];
        public List<string?> BidderCodes { get; } = [];
        public List<(FingerprintKind Kind, ulong Hash, string Text)> Raw { get; } = [];
        public List<string> Errors { get; } = [];
        public int Rows { get; set; }
        public int Rejected { get; set; }
    }

    /// <summary>Parses the records starting in [reader position, end) into rows base.. of the builder, with local ids.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ChunkResult ParseChunk(Utf8CsvReader reader, long end, BidColumns c, BidTableBuilder builder, int rowBase,
        int capacity, bool keepRaw, long fileTag, string path)
    {
        var result = new ChunkResult();
        var sectionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var sectionLookup = sectionIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        var bidderIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var bidderLookup = bidderIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        var bidderByBytes = new Dictionary<ulong, int>();
        var seenRaw = keepRaw ? new HashSet<ulong>() : null;
        Span<char> chars = stackalloc char[512];
        Span<char> chars2 = stackalloc char[512];
        var lastKey = new byte[256];
        var lastLength = -1;
        var last = -1;
        var row = rowBase;
        var limit = rowBase + capacity;
        var lastStatusText = new byte[64];
        var lastStatusLength = 0;
        var lastStatus = StatusOf(default);
        void Reject(Utf8CsvReader r, string reason)
        {
            result.Rejected++;
            if (result.Errors.Count < MaxRejectMessages)
            {
                result.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} @{r.RecordOffset}: {reason}"));
            }
        }

        while (row < limit && reader.Read() && reader.RecordOffset < end)
        {
            var key = reader[c.Tender];
            if (key.Trim((byte)' ').IsEmpty)
            {
                Reject(reader, "标段编号为空 / empty section code");
                continue;
            }

            if (!TryNumber(reader[c.Bid], out var price) || !(price > 0))
            {
                Reject(reader, "投标报价无效 / invalid bid price");
                continue;
            }

            // Bids of one section are usually contiguous: skip the dictionary for the repeated key.
            int s;
            if (key.Length == lastLength && key.SequenceEqual(lastKey.AsSpan(0, lastLength)))
            {
                s = last;
            }
            else
            {
                var id = Decode(key, chars);
                if (!sectionLookup.TryGetValue(id, out s))
                {
                    s = result.Sections.Count;
                    var text = id.ToString();
                    sectionIndex.Add(text, s);
                    result.Sections.Add(new LocalSection(text));
                }

                last = s;
                if (key.Length <= lastKey.Length)
                {
                    key.CopyTo(lastKey);
                    lastLength = key.Length;
                }
                else
                {
                    lastLength = -1;
                }
            }

            var b = -1;
            if (c.Bidder >= 0)
            {
                // Names repeat on every bid of a firm: look them up by a hash of their bytes, decode only new ones.
                var raw = reader[c.Bidder].Trim((byte)' ');
                var nameHash = Fingerprint.HashBytes(raw);
                if (!bidderByBytes.TryGetValue(nameHash, out b))
                {
                    var name = Decode(raw, chars2);
                    if (name.IsEmpty)
                    {
                        Reject(reader, "投标人为空 / empty bidder");
                        continue;
                    }

                    if (!bidderLookup.TryGetValue(name, out b))
                    {
                        b = result.Bidders.Count;
                        var text = name.ToString();
                        bidderIndex.Add(text, b);
                        result.Bidders.Add(text);
                        result.BidderCodes.Add(c.Code >= 0 && Text(reader[c.Code]) is { Length: > 0 } code ? code : null);
                    }

                    bidderByBytes.Add(nameHash, b);
                }
            }

            var i = row++;
            builder.SetBid(i, s, b, price);
            result.Rows++;
            if (!keepRaw)
            {
                builder.SetRowRef(i, fileTag | reader.RecordOffset);
            }

            if (c.Winner >= 0 && IsWinner(reader[c.Winner], c.Bidder >= 0 ? reader[c.Bidder] : default))
            {
                builder.SetWon(i);
            }

            if (c.Status >= 0)
            {
                // A status column holds a handful of distinct words: remember the last one read.
                var text = reader[c.Status];
                if (!text.SequenceEqual(lastStatusText.AsSpan(0, lastStatusLength)))
                {
                    lastStatus = StatusOf(text);
                    lastStatusLength = Math.Min(text.Length, lastStatusText.Length);
                    text[..lastStatusLength].CopyTo(lastStatusText);
                }

                builder.SetStatus(i, lastStatus);
            }

            if (c.Checkin >= 0)
            {
                builder.SetCheckin(i, Timestamp.Parse(reader[c.Checkin]));
            }

            foreach (var (index, kind) in c.Fingerprints)
            {
                var field = reader[index];
                var h = Fingerprint.Hash(field, kind);
                builder.SetFingerprint(i, kind, h);
                if (seenRaw is not null && h != Fingerprint.Missing && seenRaw.Add(h ^ (ulong)kind))
                {
                    // Offsets into a transcoded copy do not point into the file: keep the text instead.
                    result.Raw.Add((kind, h, Text(field)));
                }
            }

            // Section-level values repeated on every bid row (minimal CSV): the first one present is kept.
            var section = result.Sections[s];
            if (c.Open >= 0 && section.Open == Timestamp.Missing)
            {
                section.Open = Timestamp.Parse(reader[c.Open]);
            }

            if (c.Notice >= 0 && section.Notice == Timestamp.Missing)
            {
                section.Notice = Timestamp.Parse(reader[c.Notice]);
            }

            if (c.Estimate >= 0 && double.IsNaN(section.Estimate) && TryNumber(reader[c.Estimate], out var e) && e > 0)
            {
                section.Estimate = e;
            }

            if (c.Control >= 0 && double.IsNaN(section.Control) && TryNumber(reader[c.Control], out var cp) && cp > 0)
            {
                section.Control = cp;
            }

            if (c.Category >= 0 && section.Category is null && Text(reader[c.Category]) is { Length: > 0 } cat)
            {
                section.Category = cat;
            }

            if (c.Mode >= 0 && section.Mode is null && Text(reader[c.Mode]) is { Length: > 0 } mode)
            {
                section.Mode = mode;
            }
        }

        return result;
    }

    private static bool IsWinner(ReadOnlySpan<byte> v, ReadOnlySpan<byte> bidder)
    {
        v = v.Trim((byte)' ');
        return v.SequenceEqual("1"u8) || v.SequenceEqual("1.0"u8) || Ascii.EqualsIgnoreCase(v, "true"u8)
            || Ascii.EqualsIgnoreCase(v, "y"u8) || Ascii.EqualsIgnoreCase(v, "yes"u8) || v.SequenceEqual("是"u8)
            || v.SequenceEqual("中标"u8) || (!bidder.IsEmpty && v.SequenceEqual(bidder.Trim((byte)' ')));
    }

    /// <summary>Disqualified (无效, 废标, 否决, 不合格) and withdrawn (撤回, 放弃) bids; anything else counts as valid.</summary>
    public static BidStatus StatusOf(ReadOnlySpan<byte> v)
    {
        v = v.Trim((byte)' ');
        if (v.IsEmpty)
        {
            return BidStatus.Valid;
        }

        if (v.IndexOf("无效"u8) >= 0 || v.IndexOf("废"u8) >= 0 || v.IndexOf("否决"u8) >= 0 || v.IndexOf("不合格"u8) >= 0
            || v.IndexOf("不通过"u8) >= 0 || v.IndexOf("淘汰"u8) >= 0 || ContainsAscii(v, "disqual") || ContainsAscii(v, "reject")
            || ContainsAscii(v, "invalid"))
        {
            return BidStatus.Disqualified;
        }

        if (v.IndexOf("撤"u8) >= 0 || v.IndexOf("放弃"u8) >= 0 || ContainsAscii(v, "withdr"))
        {
            return BidStatus.Withdrawn;
        }

        return BidStatus.Valid;
    }

    private static bool ContainsAscii(ReadOnlySpan<byte> v, string word)
    {
        Span<byte> lower = stackalloc byte[Math.Min(v.Length, 128)];
        for (var i = 0; i < lower.Length; i++)
        {
            lower[i] = v[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(v[i] + 32) : v[i];
        }

        return lower.IndexOf(Encoding.ASCII.GetBytes(word)) >= 0;
    }

    /// <summary>
    /// Numbers as portals and other countries write them: 1,234.50 / ¥1234 / 1234元 / 1'087'159.35 / 1.087.159,35 /
    /// 1087159,35. With both separators the last one is the decimal point; a lone comma followed by other than three
    /// digits is a decimal comma; repeated commas or dots are thousands separators.
    /// </summary>
    public static bool TryNumber(ReadOnlySpan<byte> s, out double value)
    {
        s = s.Trim((byte)' ');
        if (Utf8Parser.TryParse(s, out value, out var consumed) && consumed == s.Length)
        {
            return !double.IsNaN(value) && !double.IsInfinity(value);
        }

        Span<byte> clean = stackalloc byte[64];
        var n = 0;
        int commas = 0, dots = 0, lastComma = -1, lastDot = -1;
        foreach (var b in s)
        {
            if (b is (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)',' or (byte)'-' or (byte)'e' or (byte)'E' or (byte)'+')
            {
                if (n == clean.Length)
                {
                    value = 0;
                    return false;
                }

                (commas, lastComma) = b == (byte)',' ? (commas + 1, n) : (commas, lastComma);
                (dots, lastDot) = b == (byte)'.' ? (dots + 1, n) : (dots, lastDot);
                clean[n++] = b;
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\'' or (byte)'_' || b >= 0x80 || b == (byte)'$')
            {
                // digit-group marks, currency signs and units (¥, 元, €) are dropped
            }
            else
            {
                value = 0;
                return false;
            }
        }

        // Which separator is the decimal point, if any; the other kind is removed.
        var decimalComma = commas > 0 && (dots > 0 ? lastComma > lastDot : commas == 1 && n - lastComma - 1 != 3);
        var decimalDot = dots == 1 && !(commas > 0 && lastComma > lastDot);
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            var b = clean[i];
            if (b == (byte)',')
            {
                if (decimalComma && i == lastComma)
                {
                    clean[m++] = (byte)'.';
                }
            }
            else if (b != (byte)'.' || (decimalDot && i == lastDot))
            {
                clean[m++] = b;
            }
        }

        return m > 0 && Utf8Parser.TryParse(clean[..m], out value, out consumed) && consumed == m && double.IsFinite(value);
    }

    /// <summary>A header line's delimiter: the most frequent of comma, semicolon, tab and bar outside quotes.</summary>
    internal static char SniffDelimiter(string header)
    {
        var best = ',';
        var bestCount = 0;
        foreach (var d in (ReadOnlySpan<char>)[',', ';', '\t', '|'])
        {
            var count = 0;
            var quoted = false;
            foreach (var ch in header)
            {
                quoted ^= ch == '"';
                count += !quoted && ch == d ? 1 : 0;
            }

            if (count > bestCount)
            {
                (best, bestCount) = (d, count);
            }
        }

        return best;
    }

    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, Span<char> buffer)
    {
        utf8 = utf8.Trim((byte)' ');
        if (utf8.Length > buffer.Length)
        {
            return Encoding.UTF8.GetString(utf8).AsSpan();
        }

        var n = Encoding.UTF8.GetChars(utf8, buffer);
        return buffer[..n].Trim();
    }

    internal static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8.Trim((byte)' ')).Trim();

    private sealed record FileSource(string Path, byte Delimiter, bool Transcode, Column[] Map);

    private static string? Resolve(List<FileSource> sources, Dictionary<int, Utf8CsvReader> readers, long rowRef, FingerprintKind kind)
    {
        var fileIndex = (int)(rowRef >> 40);
        var source = sources[fileIndex];
        var offset = rowRef & ((1L << 40) - 1);
        var index = -1;
        for (var i = 0; i < source.Map.Length; i++)
        {
            if (Columns.Kind(source.Map[i]) == kind)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return null;
        }

        if (!readers.TryGetValue(fileIndex, out var reader))
        {
            // Kept open for the life of the table: evidence of many alerts is read from the same few files, each
            // record by one positioned read into the reader's buffer.
            var fs = new FileStream(source.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            reader = new Utf8CsvReader(fs, source.Delimiter, ownsStream: true, bufferSize: 4096);
            readers[fileIndex] = reader;
        }

        reader.Seek(offset);
        return reader.Read() ? Text(reader[index]) : null;
    }
}
