using System.Globalization;
using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;

namespace Jianguan.Analytics.Rules;

/// <summary>
/// One listing of a dishonest entity (失信主体): who, from when, until when (the end of the punishment, or the day
/// credit repair ended it early — RULES §5), and why. <see cref="Until"/> is inclusive; null means still listed.
/// </summary>
public sealed record BlacklistEntry(string? Name, string? CreditCode, DateOnly From, DateOnly? Until, string? Reason);

/// <summary>
/// The credit blacklist the engine checks bids against: a bidder matches an entry by its unified social credit code
/// when both sides have one, else by its name (trimmed, full-width folded, case-insensitive).
/// </summary>
public sealed class Blacklist
{
    private readonly Dictionary<string, List<BlacklistEntry>> _byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BlacklistEntry>> _byName = new(StringComparer.Ordinal);

    public Blacklist(IEnumerable<BlacklistEntry> entries)
    {
        foreach (var e in entries)
        {
            Count++;
            if (NormaliseCode(e.CreditCode) is { } code)
            {
                Add(_byCode, code, e);
            }

            if (NormaliseName(e.Name) is { } name)
            {
                Add(_byName, name, e);
            }
        }
    }

    public int Count { get; }

    /// <summary>The entries that may concern one bidder of the table (by code first, then by name).</summary>
    public IReadOnlyList<BlacklistEntry> For(string? name, string? creditCode)
    {
        if (NormaliseCode(creditCode) is { } code && _byCode.TryGetValue(code, out var byCode))
        {
            return byCode;
        }

        return NormaliseName(name) is { } n && _byName.TryGetValue(n, out var byName)
            ? byName.Where(e => NormaliseCode(e.CreditCode) is null || NormaliseCode(creditCode) is null).ToList()
            : [];
    }

    /// <summary>
    /// Red flag "blacklisted participant at bid time": a bid whose time (submission, else the section's opening,
    /// else its notice) falls inside a listing period. Bids with no known time are not judged.
    /// </summary>
    public List<Alert> Check(BidTable t)
    {
        var alerts = new List<Alert>();
        if (Count == 0 || !t.HasBidders)
        {
            return alerts;
        }

        var listings = new IReadOnlyList<BlacklistEntry>?[t.BidderCount];
        var any = false;
        for (var b = 0; b < t.BidderCount; b++)
        {
            var found = For(t.BidderNames[b], t.BidderCodes[b]);
            if (found.Count > 0)
            {
                listings[b] = found;
                any = true;
            }
        }

        if (!any)
        {
            return alerts;
        }

        for (var s = 0; s < t.SectionCount; s++)
        {
            for (var i = t.SectionStart[s]; i < t.SectionStart[s + 1]; i++)
            {
                if (t.Bidder[i] < 0 || listings[t.Bidder[i]] is not { } entries)
                {
                    continue;
                }

                var (time, source) = t.HasCheckin && t.Checkin[i] != Timestamp.Missing ? (t.Checkin[i], "checkin")
                    : t.OpenTime[s] != Timestamp.Missing ? (t.OpenTime[s], "open")
                    : (t.NoticeTime[s], "notice");
                if (time == Timestamp.Missing)
                {
                    continue;
                }

                var day = DateOnly.FromDateTime(Timestamp.ToDateTime(time));
                foreach (var e in entries)
                {
                    if (day >= e.From && (e.Until is not { } until || day <= until))
                    {
                        alerts.Add(new Alert(RuleCatalog.Blacklisted, s, [t.Bidder[i]])
                            .With("bid_time", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                            .With("time_source", source)
                            .With("listed_from", e.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                            .With("listed_until", e.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                            .With("credit_code", e.CreditCode)
                            .With("reason", e.Reason)
                            .With("bid", t.Price[i]));
                        break;
                    }
                }
            }
        }

        return alerts;
    }

    private static void Add(Dictionary<string, List<BlacklistEntry>> map, string key, BlacklistEntry e)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(e);
    }

    private static string? NormaliseCode(string? code)
    {
        var c = code?.Trim().ToUpperInvariant();
        return string.IsNullOrEmpty(c) ? null : c;
    }

    /// <summary>The importer's name key (half-width, trimmed), without spaces and case: lists are typed by hand.</summary>
    public static string? NormaliseName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : TextNormaliser.NormaliseName(name).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
