namespace Jianguan.Analytics.Data;

/// <summary>
/// A bid's status, in the engine's table and in the platform's trading model (stored by name). The engine treats
/// <see cref="Unknown"/> as valid: a source that says nothing recognisable excludes no bid.
/// </summary>
public enum BidStatus : byte
{
    Valid = 0,
    Disqualified = 1,
    Withdrawn = 2,
    Unknown = 3,
}

/// <summary>
/// The whole market in struct-of-arrays form. Bids are ordered by section: the bids of section <c>s</c> are
/// <c>[SectionStart[s], SectionStart[s + 1])</c>. Missing numbers are NaN, missing times <see cref="Timestamp.Missing"/>,
/// missing fingerprints <see cref="Fingerprint.Missing"/>; a fingerprint column absent from the input is null.
/// </summary>
public sealed class BidTable
{
    // Sections.
    public required string[] SectionIds { get; init; }
    public required int[] SectionStart { get; init; }
    public required double[] ControlPrice { get; init; }
    public required double[] Estimate { get; init; }
    public required long[] NoticeTime { get; init; }
    public required long[] OpenTime { get; init; }
    public required int[] Category { get; init; }
    public required string[] Categories { get; init; }

    /// <summary>Procurement mode (公开招标, 竞争性磋商 …) per section, index into <see cref="Modes"/>; -1 unknown.</summary>
    public required int[] Mode { get; init; }
    public required string[] Modes { get; init; }
    public required double[] AwardAmount { get; init; }

    // Bids.
    public required int[] Bidder { get; init; }
    public required double[] Price { get; init; }
    public required long[] Checkin { get; init; }
    public required BidStatus[] Status { get; init; }
    public required bool[] Won { get; init; }
    public required ulong[]?[] Fingerprints { get; init; }

    // Bidders.
    public required string[] BidderNames { get; init; }
    public required string?[] BidderCodes { get; init; }

    /// <summary>False when the input had no bidder column: only the price rules can run.</summary>
    public required bool HasBidders { get; init; }

    /// <summary>True when at least one winner is known (award file or winner column).</summary>
    public required bool HasWinners { get; init; }

    public required bool HasStatus { get; init; }
    public required bool HasCheckin { get; init; }

    internal Func<int, FingerprintKind, string?>? RawResolver { get; init; }

    public int SectionCount => SectionIds.Length;
    /// <summary>Bids in the table; the bid arrays may be longer (spare capacity left by the loader is not copied away).</summary>
    public int BidCount => SectionStart[^1];
    public int BidderCount => BidderNames.Length;

    public bool Has(FingerprintKind kind) => Fingerprints[(int)kind] is not null;

    public ulong Value(FingerprintKind kind, int bid) => Fingerprints[(int)kind] is { } col ? col[bid] : Fingerprint.Missing;

    /// <summary>The original text of a bid's fingerprint, for evidence (read back from the input when needed).</summary>
    public string? RawValue(int bid, FingerprintKind kind) => RawResolver?.Invoke(bid, kind);

    public string BidderName(int bidder) => bidder >= 0 ? BidderNames[bidder] : "";
}

/// <summary>Times are whole minutes since 0001-01-01: enough for bid deadlines, one long per value.</summary>
public static class Timestamp
{
    public const long Missing = long.MinValue;

    public static long FromDateTime(DateTime t) => t.Ticks / TimeSpan.TicksPerMinute;

    public static DateTime ToDateTime(long minutes) => new(minutes * TimeSpan.TicksPerMinute, DateTimeKind.Unspecified);

    /// <summary>Parses yyyy-MM-dd[ HH:mm[:ss]], yyyy/M/d[ H:mm], ISO 8601 with T, and yyyyMMdd; missing otherwise.</summary>
    public static long Parse(ReadOnlySpan<byte> s)
    {
        s = s.Trim((byte)' ');
        if (s.Length < 8)
        {
            return Missing;
        }

        var i = 0;
        if (!Number(s, ref i, 4, 4, out var year))
        {
            return Missing;
        }

        int month, day;
        if (i < s.Length && (s[i] == (byte)'-' || s[i] == (byte)'/' || s[i] == (byte)'.'))
        {
            i++;
            if (!Number(s, ref i, 1, 2, out month) || i >= s.Length || (s[i] != (byte)'-' && s[i] != (byte)'/' && s[i] != (byte)'.'))
            {
                return Missing;
            }

            i++;
            if (!Number(s, ref i, 1, 2, out day))
            {
                return Missing;
            }
        }
        else if (s.Length >= 8 && Number(s, ref i, 2, 2, out month) && Number(s, ref i, 2, 2, out day))
        {
            // yyyyMMdd
        }
        else
        {
            return Missing;
        }

        var hour = 0;
        var minute = 0;
        if (i < s.Length && (s[i] == (byte)' ' || s[i] == (byte)'T'))
        {
            i++;
            if (Number(s, ref i, 1, 2, out hour) && i < s.Length && s[i] == (byte)':')
            {
                i++;
                _ = Number(s, ref i, 1, 2, out minute);
            }
        }

        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59)
        {
            return Missing;
        }

        return FromDateTime(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));
    }

    private static bool Number(ReadOnlySpan<byte> s, ref int i, int min, int max, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < max && s[i] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }

        return i - start >= min;
    }
}
