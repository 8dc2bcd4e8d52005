using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Platform.Numbering;

/// <summary>A named sequence (one per number series and year, e.g. <c>XS-2026</c>): the last value issued.</summary>
public sealed class NumberCounter
{
    public required string Name { get; set; }

    public long LastIssued { get; set; }
}

internal sealed class NumberCounterConfiguration : IEntityTypeConfiguration<NumberCounter>
{
    public void Configure(EntityTypeBuilder<NumberCounter> b)
    {
        b.ToTable("NumberCounters");
        b.HasKey(c => c.Name);
        b.Property(c => c.Name).HasMaxLength(64);
    }
}

/// <summary>
/// Race-free sequences. Counting the rows issued so far and adding one gives two concurrent requests the same
/// number; here each value comes from one atomic statement on the counter row (UPDATE … RETURNING, or an
/// insert-or-increment for the first use), which PostgreSQL serialises by the row lock and SQLite by its write
/// lock. Inside the caller's transaction the value is rolled back with it, so a failed write leaves no gap.
/// </summary>
public static class Counters
{
    /// <summary>
    /// The next value of <paramref name="name"/>. The first use of a name asks <paramref name="seed"/> for the highest
    /// value already issued by other means (numbers in a database from before the counter existed), so that none is
    /// issued twice; without a seed a new counter starts at 1.
    /// </summary>
    public static async Task<long> NextAsync(JianguanDbContext db, string name, Func<CancellationToken, Task<long>>? seed = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var next = await db.Database.SqlQuery<long>(
                $"UPDATE \"NumberCounters\" SET \"LastIssued\" = \"LastIssued\" + 1 WHERE \"Name\" = {name} RETURNING \"LastIssued\" AS \"Value\"")
            .ToListAsync(ct);
        if (next.Count == 1)
        {
            return next[0];
        }

        var start = (seed is null ? 0 : await seed(ct)) + 1;
        // Two first uses at once both seed; the loser of the insert increments the winner's row instead.
        next = await db.Database.SqlQuery<long>($"""
                INSERT INTO "NumberCounters" ("Name", "LastIssued") VALUES ({name}, {start})
                ON CONFLICT ("Name") DO UPDATE SET "LastIssued" = "NumberCounters"."LastIssued" + 1
                RETURNING "LastIssued" AS "Value"
                """)
            .ToListAsync(ct);
        return next.Single();
    }
}

/// <summary>Case and document numbers of the form <c>PREFIX-YYYY-NNNNNN</c> (e.g. XS-2026-000123), numbered per year.</summary>
public static class CaseNumbers
{
    public const int Digits = 6;

    public static string CounterName(string prefix, int year) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year}");

    public static string Format(string prefix, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year}-{sequence.ToString("D" + Digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)}");

    /// <summary>The sequence part of a number of this series and year, or null.</summary>
    public static long? SequenceOf(string number, string prefix, int year)
    {
        ArgumentNullException.ThrowIfNull(number);
        var head = CounterName(prefix, year) + "-";
        return number.StartsWith(head, StringComparison.Ordinal)
               && long.TryParse(number.AsSpan(head.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
    }

    /// <summary>The next number of a series and year; see <see cref="Counters.NextAsync"/> for the seed.</summary>
    public static async Task<string> NextAsync(JianguanDbContext db, string prefix, int year, Func<CancellationToken, Task<long>>? seed = null,
        CancellationToken ct = default) =>
        Format(prefix, year, await Counters.NextAsync(db, CounterName(prefix, year), seed, ct));

    /// <summary>
    /// The highest sequence among existing numbers of a series and year (0 when none): the seed for a counter
    /// introduced over a table that already holds numbers.
    /// </summary>
    public static async Task<long> MaxIssuedAsync(IQueryable<string> numbers, string prefix, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var head = CounterName(prefix, year) + "-";
        // Zero-padded, so the longest and then the greatest string is the highest number (also past 999999).
        var last = await numbers.Where(n => n.StartsWith(head)).OrderByDescending(n => n.Length).ThenByDescending(n => n)
            .FirstOrDefaultAsync(ct);
        return last is null ? 0 : SequenceOf(last, prefix, year) ?? 0;
    }
}
