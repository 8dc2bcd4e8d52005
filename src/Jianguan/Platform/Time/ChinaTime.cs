namespace Jianguan.Platform.Time;

/// <summary>
/// Beijing time, the one clock of users, documents and legal deadlines. China has one time zone and no daylight
/// saving since 1991, so a fixed offset is exact and needs no time-zone database (which minimal containers lack).
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Dates as users type and read them (and as <c>input type=date</c> sends them).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    public const string MinuteFormat = "yyyy-MM-dd HH:mm";

    public const string SecondFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The same instant, as a Beijing wall clock.</summary>
    public static DateTimeOffset ToChina(DateTimeOffset at) => at.ToOffset(Offset);

    /// <summary>The calendar day in China at that instant.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    /// <summary>Today's date in China; the clock is injected so that deadlines can be tested.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOf(clock.GetUtcNow());
    }

    /// <summary>A wall-clock time without an offset (spreadsheet cells, generated data), taken as Beijing time.</summary>
    public static DateTimeOffset FromLocal(DateTime local) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Offset);

    /// <summary>
    /// Start of a calendar day in Beijing time, for date-range filters typed by users; in UTC because Npgsql
    /// accepts only offset 0 for timestamptz parameters.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    /// <summary>The earliest and latest day a date filter can name (and an imported date can hold).</summary>
    public static readonly DateOnly FilterMin = new(1900, 1, 1);

    public static readonly DateOnly FilterMax = new(2199, 12, 31);

    /// <summary>
    /// The first instant of a "from" filter day, the day clamped to 1900–2199: <c>0001-01-01</c> (before the UTC
    /// range once Beijing's offset is taken off) must filter nothing rather than throw (issue 17, item 11).
    /// </summary>
    public static DateTimeOffset FilterStart(DateOnly from) => StartOfDay(Clamp(from));

    /// <summary>The instant after a "to" filter day (both ends included), clamped like <see cref="FilterStart"/>.</summary>
    public static DateTimeOffset FilterEnd(DateOnly to) => StartOfDay(Clamp(to).AddDays(1));

    private static DateOnly Clamp(DateOnly day) => day < FilterMin ? FilterMin : day > FilterMax ? FilterMax : day;

    /// <summary>A Chinese message when a date filter lies outside 1900-01-01 … 2199-12-31; null when it is usable.</summary>
    public static string? FilterProblem(DateOnly? day) =>
        day is { } d && (d < FilterMin || d > FilterMax)
            ? string.Create(CultureInfo.InvariantCulture,
                $"日期 {d:yyyy-MM-dd} 超出可查询范围（1900-01-01 至 2199-12-31）/ date out of range (1900-01-01 to 2199-12-31)")
            : null;

    /// <summary><c>2026-03-02</c>, or <paramref name="missing"/> for no date.</summary>
    public static string FormatDate(DateOnly? day, string missing = "") =>
        day is { } d ? d.ToString(DateFormat, CultureInfo.InvariantCulture) : missing;

    /// <summary>The Beijing calendar day of an instant, <c>2026-03-02</c>.</summary>
    public static string FormatDate(DateTimeOffset? at, string missing = "") =>
        at is { } a ? a.ToOffset(Offset).ToString(DateFormat, CultureInfo.InvariantCulture) : missing;

    /// <summary>Beijing time to the minute, <c>2026-03-02 09:30</c>.</summary>
    public static string FormatMinute(DateTimeOffset? at, string missing = "") =>
        at is { } a ? a.ToOffset(Offset).ToString(MinuteFormat, CultureInfo.InvariantCulture) : missing;

    /// <summary>Beijing time to the second, <c>2026-03-02 09:30:05</c>.</summary>
    public static string FormatSecond(DateTimeOffset? at, string missing = "") =>
        at is { } a ? a.ToOffset(Offset).ToString(SecondFormat, CultureInfo.InvariantCulture) : missing;

    /// <summary>The written form of printed documents, <c>2026年3月2日</c> (no leading zeros, as official documents write it).</summary>
    public static string FormatChineseDate(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{day.Year}年{day.Month}月{day.Day}日");
}
