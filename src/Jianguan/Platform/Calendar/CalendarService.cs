namespace Jianguan.Platform.Calendar;

/// <summary>A year file stored in the database by an administrator.</summary>
public sealed record LoadedHolidayYear(int Year, DateTimeOffset LoadedAt, int DayCount, IReadOnlyList<string> Papers);

/// <summary>
/// The current working-day calendar of the platform: the embedded holiday-cn files plus the year files an
/// administrator loaded into the <c>HolidayYears</c> table (a new State Council notice arrives every November and
/// must not wait for a release). Cached; rebuilt at once when a year is loaded through this service, and at
/// least every <see cref="RefreshInterval"/> so that other web nodes sharing the database pick up a new year.
/// </summary>
public sealed class CalendarService(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;

    private sealed record Snapshot(WorkingCalendar Calendar, DateTimeOffset BuiltAt);

    public async ValueTask<WorkingCalendar> GetAsync(CancellationToken ct = default)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (IsFresh(snapshot))
        {
            return snapshot!.Calendar;
        }

        await _gate.WaitAsync(ct);
        try
        {
            snapshot = Volatile.Read(ref _snapshot);
            if (IsFresh(snapshot))
            {
                return snapshot!.Calendar;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            var calendar = await BuildAsync(db, ct);
            Volatile.Write(ref _snapshot, new Snapshot(calendar, time.GetUtcNow()));
            return calendar;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Validates a year file, stores it (replacing an earlier upload of the same year) and refreshes the calendar.</summary>
    /// <exception cref="HolidayFileException">The file is not a valid holiday-cn year file.</exception>
    public async Task<LoadedHolidayYear> LoadYearAsync(string json, CancellationToken ct = default)
    {
        var file = HolidayFileParser.Parse(json);
        var loadedAt = time.GetUtcNow();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            await SaveAsync(db, file, json, loadedAt, ct);
        }

        Invalidate();
        return new LoadedHolidayYear(file.Year, loadedAt, file.Days.Count, file.Papers);
    }

    public async Task<IReadOnlyList<LoadedHolidayYear>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ListAsync(scope.ServiceProvider.GetRequiredService<JianguanDbContext>(), ct);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Drops the cached calendar; the next request rebuilds it from the database.</summary>
    public void Invalidate() => Volatile.Write(ref _snapshot, null);

    private bool IsFresh(Snapshot? snapshot) =>
        snapshot is not null && time.GetUtcNow() - snapshot.BuiltAt < RefreshInterval;

    /// <summary>The embedded calendar with the database's year files on top (they win for the dates they list).</summary>
    public static async Task<WorkingCalendar> BuildAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        var overrides = await ReadOverridesAsync(db, ct);
        return overrides.Count == 0 ? WorkingCalendar.Embedded : WorkingCalendar.WithOverrides(overrides);
    }

    /// <summary>The stored year files, ascending by year.</summary>
    public static async Task<IReadOnlyList<HolidayFile>> ReadOverridesAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.HolidayYears.AsNoTracking().OrderBy(h => h.Year).ToListAsync(ct);
        return [.. rows.Select(Parse)];
    }

    public static async Task<IReadOnlyList<LoadedHolidayYear>> ListAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.HolidayYears.AsNoTracking().OrderBy(h => h.Year).ToListAsync(ct);
        var years = new List<LoadedHolidayYear>(rows.Count);
        foreach (var row in rows)
        {
            var file = Parse(row);
            years.Add(new LoadedHolidayYear(row.Year, row.LoadedAt, file.Days.Count, file.Papers));
        }

        return years;
    }

    /// <summary>Stores a validated year file, replacing an earlier upload of the same year.</summary>
    public static async Task SaveAsync(JianguanDbContext db, HolidayFile file, string json, DateTimeOffset loadedAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(file);
        var row = await db.HolidayYears.FindAsync([file.Year], ct);
        if (row is null)
        {
            db.HolidayYears.Add(new HolidayYear { Year = file.Year, Json = json, LoadedAt = loadedAt });
        }
        else
        {
            row.Json = json;
            row.LoadedAt = loadedAt;
        }

        await db.SaveChangesAsync(ct);
    }

    private static HolidayFile Parse(HolidayYear row)
    {
        try
        {
            var file = HolidayFileParser.Parse(row.Json);
            return file.Year == row.Year
                ? file
                : throw new HolidayFileException($"数据库中 {row.Year} 年的记录内容为 {file.Year} 年 / the stored row {row.Year} holds year {file.Year}");
        }
        catch (HolidayFileException e)
        {
            throw new InvalidOperationException($"数据库中 {row.Year} 年的节假日数据已损坏 / stored holiday year {row.Year} is corrupt: {e.Message}", e);
        }
    }
}
