using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Jianguan.Analytics.Input;

namespace Jianguan.Features.Demo;

/// <summary>What <see cref="DemoCsv.Write"/> produced.</summary>
public sealed record DemoSummary(long Projects, long Sections, long Bids, long Collusive, int Firms, int Rings);

/// <summary>
/// Writes the demo market as CSV files in the platform's canonical column codes (<see cref="TradingFields"/>):
/// projects, sections, bids, awards, plus truth.csv and rings.csv naming what was planted. Streams one project at
/// a time into large byte buffers, so memory stays flat whatever the number of sections.
/// </summary>
public static class DemoCsv
{
    public static readonly string[] ProjectColumns =
    [
        TradingFields.ProjectCode, TradingFields.ProjectName, TradingFields.ProjectType, TradingFields.RegionCode,
        TradingFields.TendererName, TradingFields.TendererCode, TradingFields.AgencyName, TradingFields.AgencyCode,
        TradingFields.SuperviseDeptName, TradingFields.TenderMode, TradingFields.CreateTime,
    ];

    public static readonly string[] SectionColumns =
    [
        TradingFields.ProjectCode, TradingFields.SectionCode, TradingFields.SectionName, TradingFields.ContractReckonPrice,
        TradingFields.ControlPrice, TradingFields.NoticeSendTime, TradingFields.BidOpenTime,
    ];

    public static readonly string[] BidColumns =
    [
        TradingFields.ProjectCode, TradingFields.SectionCode, TradingFields.BidderName, TradingFields.BidderOrgCode,
        TradingFields.BidPrice, TradingFields.CheckinTime, TradingFields.BidStatus, TradingFields.BidManager,
        TradingFields.PmCertificates, TradingFields.UploadIp, TradingFields.MacAddress, TradingFields.CpuSerial,
        TradingFields.DiskSerial, TradingFields.FileMachineCode, TradingFields.FileCreationCode, TradingFields.DongleSerial,
        TradingFields.DepositAccount, TradingFields.ContactName, TradingFields.ContactPhone, TradingFields.LegalRepresent,
        TradingFields.DocHash,
    ];

    public static readonly string[] AwardColumns =
    [
        TradingFields.ProjectCode, TradingFields.SectionCode, TradingFields.WinBidderName, TradingFields.WinBidderCode,
        TradingFields.BidAmount, TradingFields.WinDiscountRate, TradingFields.NoticeSendTime,
    ];

    public static readonly string[] TruthColumns = ["section", "tender", "ring", "collusive", "mechanisms"];

    public static readonly string[] RingColumns = ["ring", "members"];

    private static readonly byte[][] StatusText = [Encoding.UTF8.GetBytes("有效"), Encoding.UTF8.GetBytes("无效"), Encoding.UTF8.GetBytes("撤回")];

    /// <summary>Writes the six files into <paramref name="directory"/> (created when missing, files replaced).</summary>
    public static DemoSummary Write(string directory, int tenders, ulong seed, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        var market = new DemoMarket(tenders, seed);
        WriteRings(Path.Combine(directory, "rings.csv"), market);
        using var writer = new Writer(directory, market);

        // Two stages on two threads: the market is generated in order into recycled batches of drafts while the
        // previous batch is formatted and written. The files do not depend on the timing of the two.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var free = new BlockingCollection<ProjectDraft[]>();
        using var full = new BlockingCollection<(ProjectDraft[] Drafts, int Count)>(boundedCapacity: 3);
        for (var i = 0; i < 4; i++)
        {
            free.Add([.. Enumerable.Range(0, 128).Select(_ => new ProjectDraft())], CancellationToken.None);
        }

        var producer = Task.Run(
            () =>
            {
                try
                {
                    var more = true;
                    while (more)
                    {
                        var batch = free.Take(stop.Token);
                        var count = 0;
                        while (count < batch.Length && (more = market.Next(batch[count])))
                        {
                            count++;
                        }

                        if (count > 0)
                        {
                            full.Add((batch, count), stop.Token);
                        }
                    }
                }
                finally
                {
                    full.CompleteAdding();
                }
            },
            stop.Token);

        try
        {
            foreach (var (drafts, count) in full.GetConsumingEnumerable(stop.Token))
            {
                for (var i = 0; i < count; i++)
                {
                    writer.Project(drafts[i]);
                }

                free.Add(drafts, stop.Token);
            }
        }
        catch
        {
            // The writer's error is the one to report; the producer only stops because of it.
            stop.Cancel();
            try
            {
                producer.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
            }

            throw;
        }

        // Surfaces an exception of the producer, if it had one.
        producer.GetAwaiter().GetResult();
        return new DemoSummary(writer.Projects, writer.Sections, writer.Bids, writer.Collusive, market.Firms.Count, market.Rings.Count);
    }

    /// <summary>
    /// The five streamed files. One method call per project and per bid (rather than one long loop) lets the JIT
    /// optimise the row code fully instead of running it as on-stack-replaced tier-0 code.
    /// </summary>
    private sealed class Writer : IDisposable
    {
        private readonly DemoMarket _market;
        private readonly CsvOut _projects;
        private readonly CsvOut _sections;
        private readonly CsvOut _bids;
        private readonly CsvOut _awards;
        private readonly CsvOut _truth;
        private readonly Arena _firmHead;
        private readonly Arena _legal;
        private readonly Arena _pm;
        private readonly Arena _ip;
        private readonly Arena _hardware;
        private readonly Arena _machine;
        private readonly Arena _dongle;
        private readonly Arena _account;
        private readonly Arena _contact;
        private readonly byte[] _projectCode = new byte[32];
        private readonly byte[] _sectionCode = new byte[40];
        private readonly ulong[] _words = new ulong[4];
        private readonly byte[] _hashBytes = new byte[32];
        private int _projectCodeLength;
        private int _sectionCodeLength;

        public Writer(string directory, DemoMarket market)
        {
            _market = market;

            // The bid rows read a dozen values of a random firm each: packed side by side they stay in cache,
            // where a dozen small objects per firm would not.
            _firmHead = new Arena(market.Firms.Select(f => new[] { f.Name, f.Code }));
            _legal = new Arena(market.Firms.Select(f => new[] { f.LegalRep }));
            _pm = new Arena(market.Pms.Select(p => new[] { p.Name, p.Detail }));
            _ip = new Arena(market.Ips.Select(t => new[] { t }));
            _hardware = new Arena(market.Computers.Select(c => new[] { c.Mac, c.Cpu, c.Disk }));
            _machine = new Arena(market.Computers.Select(c => new[] { c.MachineCode }));
            _dongle = new Arena(market.Dongles.Select(t => new[] { t }));
            _account = new Arena(market.Accounts.Select(t => new[] { t }));
            _contact = new Arena(market.Contacts.Select(p => new[] { p.Name, p.Detail }));
            _projects = new CsvOut(Path.Combine(directory, "projects.csv"));
            _sections = new CsvOut(Path.Combine(directory, "sections.csv"));
            _bids = new CsvOut(Path.Combine(directory, "bids.csv"));
            _awards = new CsvOut(Path.Combine(directory, "awards.csv"));
            _truth = new CsvOut(Path.Combine(directory, "truth.csv"));
            _projects.Header(ProjectColumns);
            _sections.Header(SectionColumns);
            _bids.Header(BidColumns);
            _awards.Header(AwardColumns);
            _truth.Header(TruthColumns);
        }

        public long Projects { get; private set; }

        public long Sections { get; private set; }

        public long Bids { get; private set; }

        public long Collusive { get; private set; }

        private ReadOnlySpan<byte> ProjectCode => _projectCode.AsSpan(0, _projectCodeLength);

        private ReadOnlySpan<byte> SectionCode => _sectionCode.AsSpan(0, _sectionCodeLength);

        public void Project(ProjectDraft draft)
        {
            Projects++;
            _projectCodeLength = FormatProjectCode(_projectCode, draft);
            var market = _market;
            var tenderer = market.Tenderers[draft.Tenderer];
            var agency = market.Agencies[draft.Agency];
            var o = _projects;
            o.Bytes(ProjectCode);
            o.Comma();
            WriteName(o, draft, null);
            o.Comma();
            o.Bytes(market.CategoryText(draft.Category).Csv);
            o.Comma();
            o.Bytes(market.DistrictCodeText(draft.District).Csv);
            o.Comma();
            o.Bytes(tenderer.Name.Csv);
            o.Comma();
            o.Bytes(tenderer.Code.Csv);
            o.Comma();
            o.Bytes(agency.Name.Csv);
            o.Comma();
            o.Bytes(agency.Code.Csv);
            o.Comma();
            o.Bytes(market.SupervisorText(draft.Supervisor).Csv);
            o.Comma();
            o.Bytes(market.ModeText(draft.Mode).Csv);
            o.Comma();
            o.Time(draft.CreatedAt);
            o.EndRow();
            for (var i = 0; i < draft.SectionCount; i++)
            {
                Section(draft, draft.Sections[i]);
            }
        }

        private void Section(ProjectDraft draft, SectionDraft s)
        {
            Sections++;
            ProjectCode.CopyTo(_sectionCode);
            var len = _projectCodeLength;
            _sectionCode[len] = (byte)'-';
            _sectionCode[len + 1] = (byte)('0' + (s.Ordinal / 10));
            _sectionCode[len + 2] = (byte)('0' + (s.Ordinal % 10));
            _sectionCodeLength = len + 3;

            var o = _sections;
            o.Bytes(ProjectCode);
            o.Comma();
            o.Bytes(SectionCode);
            o.Comma();
            WriteName(o, draft, _market.SectionSuffix(draft, s));
            o.Comma();
            o.Cents(s.Estimate);
            o.Comma();
            o.Cents(s.Control);
            o.Comma();
            o.Time(s.NoticeAt);
            o.Comma();
            o.Time(s.OpenAt);
            o.EndRow();

            for (var i = 0; i < s.BidCount; i++)
            {
                Bid(ref s.Bids[i]);
            }

            ref var w = ref s.Bids[s.Winner];
            var winner = _market.Firms[w.Firm];
            o = _awards;
            o.Bytes(ProjectCode);
            o.Comma();
            o.Bytes(SectionCode);
            o.Comma();
            o.Bytes(winner.Name.Csv);
            o.Comma();
            o.Bytes(winner.Code.Csv);
            o.Comma();
            o.Cents(w.Price);
            o.Comma();
            o.Cents(DemoMarket.DiscountBasisPoints(s.Control, w.Price));
            o.Comma();
            o.Time(s.AwardAt);
            o.EndRow();

            if (s.Ring >= 0)
            {
                Collusive++;
                o = _truth;
                o.Bytes(ProjectCode);
                o.Byte((byte)'/');
                o.Bytes(SectionCode);
                o.Comma();
                o.Bytes(SectionCode);
                o.Comma();
                o.Bytes(_market.Rings[s.Ring].Id.Csv);
                o.Comma();
                o.Byte((byte)'1');
                o.Comma();
                o.Bytes(Mechanisms.FormatUtf8(s.Mechanisms));
                o.EndRow();
            }
        }

        private void Bid(ref BidDraft b)
        {
            Bids++;
            var o = _bids;
            o.Bytes(ProjectCode);
            o.Comma();
            o.Bytes(SectionCode);
            o.Comma();
            o.Bytes(_firmHead[b.Firm]);
            o.Comma();
            o.Cents(b.Price);
            o.Comma();
            o.Time(b.Checkin);
            o.Comma();
            o.Bytes(StatusText[b.Status]);
            o.Comma();
            o.Bytes(_pm[b.Pm]);
            o.Comma();
            o.Bytes(_ip[b.Ip]);
            o.Comma();
            o.Bytes(_hardware[b.Hardware]);
            o.Comma();
            o.Bytes(_machine[b.MachineCode]);
            o.Comma();
            var (f0, f1) = _market.FileCodeWords(b.FileKey);
            o.Hex(f0, f1);
            o.Comma();
            o.Bytes(_dongle[b.Dongle]);
            o.Comma();
            o.Bytes(_account[b.Account]);
            o.Comma();
            o.Bytes(_contact[b.Contact]);
            o.Comma();
            o.Bytes(_legal[b.Firm]);
            o.Comma();
            var words = _words.AsSpan();
            _market.DocHashWords(b.DocKey, words);
            var bytes = _hashBytes.AsSpan();
            for (var i = 0; i < 4; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(bytes[(i * 8)..], words[i]);
            }

            o.HexLower(bytes);
            o.EndRow();
        }

        public void Dispose()
        {
            _projects.Dispose();
            _sections.Dispose();
            _bids.Dispose();
            _awards.Dispose();
            _truth.Dispose();
        }
    }

    private static void WriteRings(string path, DemoMarket market)
    {
        using var rings = new CsvOut(path);
        rings.Header(RingColumns);
        foreach (var ring in market.Rings)
        {
            rings.Bytes(ring.Id.Csv);
            rings.Comma();
            for (var i = 0; i < ring.Members.Length; i++)
            {
                if (i > 0)
                {
                    rings.Byte((byte)'|');
                }

                rings.Bytes(market.Firms[ring.Members[i]].Code.Csv);
            }

            rings.EndRow();
        }
    }

    private static int FormatProjectCode(Span<byte> buffer, ProjectDraft p)
    {
        buffer[0] = (byte)'E';
        var pos = 1 + Encoding.ASCII.GetBytes(DemoVocabulary.Districts[p.District].Code, buffer[1..]);
        (p.Index + 1).TryFormat(buffer[pos..], out var written, "D8", CultureInfo.InvariantCulture);
        return pos + written;
    }

    /// <summary>A name assembled from vocabulary parts, none of which needs quoting.</summary>
    private static void WriteName(CsvOut output, ProjectDraft p, Txt? suffix)
    {
        for (var i = 0; i < p.NamePartCount; i++)
        {
            output.Bytes(p.NameParts[i].Csv);
        }

        if (suffix is not null)
        {
            output.Bytes(suffix.Csv);
        }
    }
}

/// <summary>CSV fragments (comma-joined values) stored back to back in one array, addressed by index.</summary>
internal sealed class Arena
{
    private readonly byte[] _data;
    private readonly int[] _start;

    public Arena(IEnumerable<Txt[]> items)
    {
        var data = new List<byte>();
        var start = new List<int> { 0 };
        foreach (var values in items)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    data.Add((byte)',');
                }

                data.AddRange(values[i].Csv);
            }

            start.Add(data.Count);
        }

        _data = [.. data];
        _start = [.. start];
    }

    public ReadOnlySpan<byte> this[int index] => _data.AsSpan(_start[index], _start[index + 1] - _start[index]);
}

/// <summary>
/// A CSV file written through one large buffer of UTF-8 bytes: numbers and times are formatted straight into it,
/// so a row costs no allocation. Rows end in CRLF (RFC 4180).
/// </summary>
internal sealed class CsvOut : IDisposable
{
    private const int Size = 1 << 20;
    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[Size];
    private int _pos;

    public CsvOut(string path) =>
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.SequentialScan);

    public void Header(IEnumerable<string> columns)
    {
        Bytes(Encoding.UTF8.GetBytes(string.Join(',', columns)));
        EndRow();
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        if (_pos + bytes.Length > Size)
        {
            Flush();
            if (bytes.Length > Size)
            {
                _file.Write(bytes);
                return;
            }
        }

        bytes.CopyTo(_buffer.AsSpan(_pos));
        _pos += bytes.Length;
    }

    public void Byte(byte value)
    {
        if (_pos == Size)
        {
            Flush();
        }

        _buffer[_pos++] = value;
    }

    public void Comma() => Byte((byte)',');

    public void EndRow()
    {
        Byte((byte)'\r');
        Byte((byte)'\n');
    }

    /// <summary>An amount in cents as yuan with two decimals.</summary>
    public void Cents(long cents)
    {
        var span = Reserve(24);
        if (cents < 0)
        {
            span[0] = (byte)'-';
            _pos++;
            cents = -cents;
            span = span[1..];
        }

        (cents / 100).TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        var fraction = (int)(cents % 100);
        span[written] = (byte)'.';
        span[written + 1] = (byte)('0' + (fraction / 10));
        span[written + 2] = (byte)('0' + (fraction % 10));
        _pos += written + 3;
    }

    /// <summary>Two words as 32 upper-case hexadecimal digits.</summary>
    public void Hex(ulong first, ulong second)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, first);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], second);
        Convert.TryToHexString(bytes, Reserve(32), out var written);
        _pos += written;
    }

    public void HexLower(ReadOnlySpan<byte> bytes)
    {
        Convert.TryToHexStringLower(bytes, Reserve(bytes.Length * 2), out var written);
        _pos += written;
    }

    /// <summary>yyyy-MM-dd HH:mm:ss, computed from the ticks (civil-from-days, H. Hinnant) without culture.</summary>
    public void Time(DateTime value)
    {
        var span = Reserve(19);
        var seconds = value.Ticks / TimeSpan.TicksPerSecond;
        var secondOfDay = (int)(seconds % 86_400);
        var z = (seconds / 86_400) - 719_162 + 719_468; // days since 0001-01-01 → days since 0000-03-01
        var era = z / 146_097;
        var dayOfEra = z - (era * 146_097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1_460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = (int)(yearOfEra + (era * 400) + (month <= 2 ? 1 : 0));
        Digits(span, year, 4);
        span[4] = (byte)'-';
        Digits(span[5..], month, 2);
        span[7] = (byte)'-';
        Digits(span[8..], day, 2);
        span[10] = (byte)' ';
        Digits(span[11..], secondOfDay / 3600, 2);
        span[13] = (byte)':';
        Digits(span[14..], secondOfDay / 60 % 60, 2);
        span[16] = (byte)':';
        Digits(span[17..], secondOfDay % 60, 2);
        _pos += 19;
    }

    public void Dispose()
    {
        Flush();
        _file.Dispose();
    }

    private static void Digits(Span<byte> target, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_pos + count > Size)
        {
            Flush();
        }

        return _buffer.AsSpan(_pos);
    }

    private void Flush()
    {
        if (_pos > 0)
        {
            _file.Write(_buffer, 0, _pos);
            _pos = 0;
        }
    }
}
