using System.Text;

namespace Jianguan.Analytics.Data;

/// <summary>
/// Collects sections, bids and awards in any order (bids may arrive before or after their section's data) and
/// builds the section-ordered <see cref="BidTable"/>. Section ids and bidder names are interned to ints.
/// </summary>
public sealed class BidTableBuilder
{
    private readonly Dictionary<string, int> _sectionIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _sectionLookup;
    private readonly Dictionary<string, int> _bidderIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bidderLookup;
    private readonly Dictionary<string, int> _categoryIndex = new(StringComparer.Ordinal);
    private readonly List<string> _sectionIds = [];
    private readonly List<string> _bidderNames = [];
    private readonly List<string?> _bidderCodes = [];
    private readonly List<string> _categories = [];
    private readonly Dictionary<string, int> _modeIndex = new(StringComparer.Ordinal);
    private readonly List<string> _modes = [];
    private int[] _mode = [];
    private readonly Dictionary<ulong, string> _raw = [];
    private readonly Dictionary<int, string> _awardWinner = [];
    private readonly bool _keepRaw;

    private double[] _control = [];
    private double[] _estimate = [];
    private long[] _notice = [];
    private long[] _open = [];
    private int[] _category = [];
    private double[] _award = [];

    private int _bids;
    private int[] _section = new int[1024];
    private int[] _bidder = new int[1024];
    private double[] _price = new double[1024];
    private long[] _checkin = new long[1024];
    private BidStatus[] _status = new BidStatus[1024];
    private bool[] _won = new bool[1024];
    private long[]? _rowRef;
    private readonly ulong[]?[] _fp = new ulong[]?[Fingerprint.KindCount];

    /// <param name="keepRaw">Keep the text of every fingerprint for evidence (small inputs and tests).</param>
    public BidTableBuilder(bool keepRaw = true)
    {
        _keepRaw = keepRaw;
        _sectionLookup = _sectionIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        _bidderLookup = _bidderIndex.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool HasBidders { get; set; }
    public bool HasWinners { get; private set; }
    public bool HasStatus { get; set; }
    public bool HasCheckin { get; set; }
    public int BidCount => _bids;

    /// <summary>Reads back a fingerprint's text from the input, given a bid's row reference (see <see cref="SetRowRef"/>).</summary>
    public Func<long, FingerprintKind, string?>? RowResolver { get; set; }

    public void Reserve(int bids)
    {
        if (bids > _section.Length)
        {
            Grow(bids);
        }
    }

    public int Section(ReadOnlySpan<char> id)
    {
        if (_sectionLookup.TryGetValue(id, out var s))
        {
            return s;
        }

        var key = id.ToString();
        s = _sectionIds.Count;
        _sectionIds.Add(key);
        _sectionIndex.Add(key, s);
        if (s >= _control.Length)
        {
            var n = Math.Max(1024, _control.Length * 2);
            Extend(ref _control, n, double.NaN);
            Extend(ref _estimate, n, double.NaN);
            Extend(ref _notice, n, Timestamp.Missing);
            Extend(ref _open, n, Timestamp.Missing);
            Extend(ref _category, n, -1);
            Extend(ref _mode, n, -1);
            Extend(ref _award, n, double.NaN);
        }

        return s;
    }

    public int Bidder(ReadOnlySpan<char> name)
    {
        if (_bidderLookup.TryGetValue(name, out var b))
        {
            return b;
        }

        var key = name.ToString();
        b = _bidderNames.Count;
        _bidderNames.Add(key);
        _bidderCodes.Add(null);
        _bidderIndex.Add(key, b);
        return b;
    }

    public void SetBidderCode(int bidder, string code) => _bidderCodes[bidder] ??= code;

    public bool HasBidderCode(int bidder) => _bidderCodes[bidder] is not null;

    public void SetControlPrice(int section, double value) => _control[section] = value;

    public void SetEstimate(int section, double value) => _estimate[section] = value;

    public void SetNoticeTime(int section, long value) => _notice[section] = value;

    public void SetOpenTime(int section, long value) => _open[section] = value;

    public void SetAwardAmount(int section, double value) => _award[section] = value;

    public void SetCategory(int section, string category)
    {
        if (!_categoryIndex.TryGetValue(category, out var c))
        {
            c = _categories.Count;
            _categories.Add(category);
            _categoryIndex.Add(category, c);
        }

        _category[section] = c;
    }

    public void SetMode(int section, string mode)
    {
        if (!_modeIndex.TryGetValue(mode, out var m))
        {
            m = _modes.Count;
            _modes.Add(mode);
            _modeIndex.Add(mode, m);
        }

        _mode[section] = m;
    }

    /// <summary>The award notice names the winner; matched to the section's bids by name when built.</summary>
    public void SetAwardWinner(int section, string winnerName)
    {
        _awardWinner[section] = winnerName;
        HasWinners = true;
    }

    public int AddBid(int section, int bidder, double price)
    {
        if (_bids == _section.Length)
        {
            Grow(_bids * 2);
        }

        var i = _bids++;
        _section[i] = section;
        _bidder[i] = bidder;
        _price[i] = price;
        _checkin[i] = Timestamp.Missing;
        _status[i] = BidStatus.Valid;
        _won[i] = false;
        return i;
    }

    /// <summary>
    /// Reserves <paramref name="count"/> empty rows for a parser thread to fill with <see cref="SetBid"/> and the
    /// setters (section ids local to that thread, remapped later with <see cref="Remap"/>); rows left empty are dropped.
    /// </summary>
    public int ReserveRange(int count) => ReserveRange(count, initialise: true);

    /// <summary>
    /// As <see cref="ReserveRange(int)"/>; without <paramref name="initialise"/> the rows are left for
    /// <see cref="InitialiseRange"/>, which threads may call side by side for their own ranges (the first touch of a
    /// million fresh rows is paid on every core instead of one).
    /// </summary>
    public int ReserveRange(int count, bool initialise)
    {
        if (_bids + count > _section.Length)
        {
            // Rows left to InitialiseRange need no zeroing here: the new columns are allocated uninitialised.
            Grow(Math.Max(_bids + count, _section.Length), uninitialised: !initialise);
        }

        var start = _bids;
        _bids += count;
        if (initialise)
        {
            InitialiseRange(start, count);
        }

        return start;
    }

    /// <summary>Empties rows [start, start + count) reserved by <see cref="ReserveRange(int, bool)"/>.</summary>
    public void InitialiseRange(int start, int count)
    {
        _section.AsSpan(start, count).Fill(-1);
        _bidder.AsSpan(start, count).Fill(-1);
        _price.AsSpan(start, count).Clear();
        _checkin.AsSpan(start, count).Fill(Timestamp.Missing);
        _status.AsSpan(start, count).Clear();
        _won.AsSpan(start, count).Clear();
        foreach (var col in _fp)
        {
            col?.AsSpan(start, count).Clear();
        }

        _rowRef?.AsSpan(start, count).Clear();
    }

    public void SetBid(int bid, int section, int bidder, double price)
    {
        _section[bid] = section;
        _bidder[bid] = bidder;
        _price[bid] = price;
    }

    /// <summary>Rewrites thread-local section and bidder ids of rows [start, start + count) to the builder's ids.</summary>
    public void Remap(int start, int count, int[] sections, int[] bidders)
    {
        for (var i = start; i < start + count; i++)
        {
            if (_section[i] >= 0)
            {
                _section[i] = sections[_section[i]];
                _bidder[i] = _bidder[i] >= 0 ? bidders[_bidder[i]] : -1;
            }
        }
    }

    public void EnableRowRefs() => _rowRef ??= new long[_section.Length];

    public void SetCheckin(int bid, long time) => _checkin[bid] = time;

    public void SetStatus(int bid, BidStatus status) => _status[bid] = status;

    public void SetWon(int bid)
    {
        _won[bid] = true;
        HasWinners = true;
    }

    /// <summary>Declares a fingerprint column present in the input, even if every value is empty.</summary>
    public void EnableFingerprint(FingerprintKind kind) => _fp[(int)kind] ??= new ulong[_section.Length];

    public void SetFingerprint(int bid, FingerprintKind kind, ulong hash)
    {
        EnableFingerprint(kind);
        _fp[(int)kind]![bid] = hash;
    }

    public void SetFingerprint(int bid, FingerprintKind kind, string? value)
    {
        var hash = Fingerprint.Hash(value, kind);
        SetFingerprint(bid, kind, hash);
        if (_keepRaw && hash != Fingerprint.Missing)
        {
            _raw.TryAdd(hash ^ (ulong)kind, value!.Trim());
        }
    }

    public void KeepRaw(FingerprintKind kind, ulong hash, ReadOnlySpan<byte> utf8)
    {
        if (hash != Fingerprint.Missing && !_raw.ContainsKey(hash ^ (ulong)kind))
        {
            _raw.Add(hash ^ (ulong)kind, Encoding.UTF8.GetString(utf8).Trim());
        }
    }

    public void SetRowRef(int bid, long rowRef)
    {
        _rowRef ??= new long[_section.Length];
        _rowRef[bid] = rowRef;
    }

    public BidTable Build()
    {
        var sectionCount = _sectionIds.Count;

        // Sections without bids (a sections file listing more than the bids file) are dropped.
        var counts = new int[sectionCount];
        for (var i = 0; i < _bids; i++)
        {
            if (_section[i] >= 0)
            {
                counts[_section[i]]++;
            }
        }

        var remap = new int[sectionCount];
        var kept = 0;
        for (var s = 0; s < sectionCount; s++)
        {
            remap[s] = counts[s] > 0 ? kept++ : -1;
        }

        var start = new int[kept + 1];
        var ids = new string[kept];
        var control = new double[kept];
        var estimate = new double[kept];
        var notice = new long[kept];
        var open = new long[kept];
        var category = new int[kept];
        var mode = new int[kept];
        var award = new double[kept];
        for (var s = 0; s < sectionCount; s++)
        {
            var t = remap[s];
            if (t < 0)
            {
                continue;
            }

            ids[t] = _sectionIds[s];
            start[t + 1] = counts[s];
            control[t] = _control[s];
            estimate[t] = _estimate[s];
            notice[t] = _notice[s];
            open[t] = _open[s];
            category[t] = _category[s];
            mode[t] = _mode[s];
            award[t] = _award[s];
        }

        for (var t = 0; t < kept; t++)
        {
            start[t + 1] += start[t];
        }

        // Stable counting sort of the bids by section, applied column by column to keep the peak memory low.
        var n = start[kept];
        var order = new int[n];
        var next = (int[])start.Clone();
        var sorted = true;
        var valid = 0;
        for (var i = 0; i < _bids; i++)
        {
            if (_section[i] < 0)
            {
                continue;
            }

            var pos = next[remap[_section[i]]]++;
            order[pos] = i;
            sorted &= pos == valid;
            valid++;
        }

        // Already in section order (the usual case: files list a section's bids together), perhaps with empty rows
        // between the parser threads' ranges: close the gaps in place instead of copying every column.
        if (sorted && n < _bids)
        {
            CompactInPlace(order, n);
        }

        // Each source column is released as soon as it is copied.
        _section = [];
        int[] bidder = Permute(_bidder, order, n, sorted);
        _bidder = [];
        double[] price = Permute(_price, order, n, sorted);
        _price = [];
        long[] checkin = Permute(_checkin, order, n, sorted);
        _checkin = [];
        BidStatus[] status = Permute(_status, order, n, sorted);
        _status = [];
        bool[] won = Permute(_won, order, n, sorted);
        _won = [];
        var fps = new ulong[]?[Fingerprint.KindCount];
        for (var k = 0; k < Fingerprint.KindCount; k++)
        {
            if (_fp[k] is { } col)
            {
                fps[k] = Permute(col, order, n, sorted);
                _fp[k] = null;
            }
        }

        long[]? rowRef = _rowRef is null ? null : Permute(_rowRef, order, n, sorted);
        _rowRef = null;
        _bids = 0;

        foreach (var (s, name) in _awardWinner)
        {
            var t = remap[s];
            if (t < 0 || !_bidderIndex.TryGetValue(name.Trim(), out var w))
            {
                continue;
            }

            for (var i = start[t]; i < start[t + 1]; i++)
            {
                if (bidder[i] == w)
                {
                    won[i] = true;
                }
            }
        }

        var raw = _raw;
        var resolver = RowResolver;
        Func<int, FingerprintKind, string?> rawResolver = (bid, kind) =>
        {
            var h = fps[(int)kind] is { } col ? col[bid] : Fingerprint.Missing;
            if (h == Fingerprint.Missing)
            {
                return null;
            }

            if (raw.TryGetValue(h ^ (ulong)kind, out var text))
            {
                return text;
            }

            return rowRef is not null && resolver is not null ? resolver(rowRef[bid], kind) : null;
        };

        return new BidTable
        {
            SectionIds = ids,
            SectionStart = start,
            ControlPrice = control,
            Estimate = estimate,
            NoticeTime = notice,
            OpenTime = open,
            Category = category,
            Categories = [.. _categories],
            Mode = mode,
            Modes = [.. _modes],
            AwardAmount = award,
            Bidder = bidder,
            Price = price,
            Checkin = checkin,
            Status = status,
            Won = won,
            Fingerprints = fps,
            BidderNames = [.. _bidderNames],
            BidderCodes = [.. _bidderCodes],
            HasBidders = HasBidders,
            HasWinners = HasWinners,
            HasStatus = HasStatus,
            HasCheckin = HasCheckin,
            RawResolver = rawResolver,
        };
    }

    private void CompactInPlace(int[] order, int n)
    {
        // The kept rows come in runs (a parser thread's range up to its unused tail): each run that must move is one
        // block copy per column, the columns side by side.
        var runs = new List<(int From, int To, int Length)>();
        var i = 0;
        while (i < n)
        {
            var q = i + 1;
            while (q < n && order[q] == order[q - 1] + 1)
            {
                q++;
            }

            if (order[i] != i)
            {
                runs.Add((order[i], i, q - i));
            }

            i = q;
        }

        var columns = new List<Array> { _section, _bidder, _price, _checkin, _status, _won };
        if (_rowRef is not null)
        {
            columns.Add(_rowRef);
        }

        foreach (var col in _fp)
        {
            if (col is not null)
            {
                columns.Add(col);
            }
        }

        // Runs move towards the start and are taken in order, so no run overwrites rows still to be moved.
        Parallel.ForEach(columns, column =>
        {
            foreach (var (from, to, length) in runs)
            {
                Array.Copy(column, from, column, to, length);
            }
        });

        for (var k = 0; k < n; k++)
        {
            order[k] = k;
        }
    }

    private static T[] Permute<T>(T[] source, int[] order, int n, bool sorted)
    {
        if (sorted)
        {
            // The table may keep spare capacity at the end rather than pay for a copy.
            return source;
        }

        var result = new T[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = source[order[i]];
        }

        return result;
    }

    /// <param name="uninitialised">
    /// Rows from <see cref="_bids"/> on are left as the allocator gives them (they are initialised before use).
    /// </param>
    private void Grow(int capacity, bool uninitialised = false)
    {
        void Resize<T>(ref T[] array)
            where T : unmanaged
        {
            if (!uninitialised)
            {
                Array.Resize(ref array, capacity);
                return;
            }

            var fresh = GC.AllocateUninitializedArray<T>(capacity);
            array.AsSpan(0, Math.Min(_bids, array.Length)).CopyTo(fresh);
            array = fresh;
        }

        Resize(ref _section);
        Resize(ref _bidder);
        Resize(ref _price);
        Resize(ref _checkin);
        Resize(ref _status);
        Resize(ref _won);
        if (_rowRef is not null)
        {
            Resize(ref _rowRef);
        }

        for (var k = 0; k < _fp.Length; k++)
        {
            if (_fp[k] is { } column)
            {
                Resize(ref column);
                _fp[k] = column;
            }
        }
    }

    private static void Extend<T>(ref T[] array, int size, T fill)
    {
        var old = array.Length;
        Array.Resize(ref array, size);
        array.AsSpan(old).Fill(fill);
    }
}
