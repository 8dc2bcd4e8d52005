using System.Collections.Frozen;
using System.Reflection;

namespace Jianguan.Platform.Calendar;

/// <summary>
/// The working-day calendar (RULES §1, 《民法典》 arts. 201, 203). A working day is a Monday–Friday that is not a
/// statutory day off, or any day listed as a make-up working day. Years without data count weekends only.
/// Immutable: built once from year files, then shared by all threads without locks.
/// </summary>
public sealed class WorkingCalendar
{
    // Day numbers count from 0001-01-01, a Monday, so the weekday of day number d is d % 7 (0 = Monday).
    // Over the span covered by data the calendar keeps a prefix sum of working days; outside it, the weekday
    // arithmetic below stands in for it. Every query is then O(1) or one binary search.
    private readonly int _first;            // day number of the first day of the covered span
    private readonly int[] _cumulative;     // _cumulative[i] = working days in [_first, _first + i]
    private readonly int _baseCount;        // working days in [0001-01-01, _first)
    private readonly FrozenDictionary<DateOnly, HolidayDay> _listed;

    private static readonly Lazy<WorkingCalendar> EmbeddedCalendar = new(() => Build(EmbeddedFiles()));

    private WorkingCalendar(FrozenDictionary<DateOnly, HolidayDay> listed, IReadOnlyList<int> years)
    {
        _listed = listed;
        Years = years;
        if (listed.Count == 0)
        {
            _first = 0;
            _cumulative = [];
            _baseCount = 0;
            return;
        }

        var min = listed.Keys.Min();
        var max = listed.Keys.Max();
        _first = new DateOnly(min.Year, 1, 1).DayNumber;
        var last = new DateOnly(max.Year, 12, 31).DayNumber;
        _cumulative = new int[last - _first + 1];
        var count = 0;
        for (var i = 0; i < _cumulative.Length; i++)
        {
            var date = DateOnly.FromDayNumber(_first + i);
            var working = listed.TryGetValue(date, out var day) ? !day.IsOffDay : IsWeekday(_first + i);
            count += working ? 1 : 0;
            _cumulative[i] = count;
        }

        _baseCount = WeekdaysThrough(_first - 1);
    }

    /// <summary>The calendar of the year files shipped inside the executable (holiday-cn, 2007–2026).</summary>
    public static WorkingCalendar Embedded => EmbeddedCalendar.Value;

    /// <summary>Weekends only: what the rules say for years without a State Council notice.</summary>
    public static WorkingCalendar WeekendsOnly { get; } = Build([]);

    /// <summary>The years of the files this calendar was built from, ascending, without duplicates.</summary>
    public IReadOnlyList<int> Years { get; }

    /// <summary>
    /// Builds a calendar from year files applied in the given order: when two files speak about the same date,
    /// the later one wins.
    /// </summary>
    public static WorkingCalendar Build(IEnumerable<HolidayFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var listed = new Dictionary<DateOnly, HolidayDay>();
        var years = new SortedSet<int>();
        foreach (var file in files)
        {
            years.Add(file.Year);
            foreach (var day in file.Days)
            {
                listed[day.Date] = day;
            }
        }

        return new WorkingCalendar(listed.ToFrozenDictionary(), [.. years]);
    }

    /// <summary>The embedded files, then the given override files on top (they win for every date they list).</summary>
    public static WorkingCalendar WithOverrides(IEnumerable<HolidayFile> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return Build(EmbeddedFiles().Concat(overrides));
    }

    /// <summary>The holiday-cn files embedded as resources <c>holiday-cn/YYYY.json</c>, in ascending year order.</summary>
    public static IReadOnlyList<HolidayFile> EmbeddedFiles()
    {
        var assembly = typeof(WorkingCalendar).Assembly;
        var files = new List<HolidayFile>();
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith("holiday-cn/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            files.Add(HolidayFileParser.Parse(ReadResource(assembly, name)));
        }

        return files;
    }

    /// <summary>What the year files say about this date, if they name it (holiday name, day off or make-up day).</summary>
    public HolidayDay? Listed(DateOnly date) => _listed.TryGetValue(date, out var day) ? day : null;

    /// <summary>All dates named by the year files, in date order.</summary>
    public IEnumerable<HolidayDay> ListedDays => _listed.Values.OrderBy(d => d.Date);

    public bool IsWorkingDay(DateOnly date)
    {
        var index = date.DayNumber - _first;
        return (uint)index < (uint)_cumulative.Length
            ? _cumulative[index] - (index == 0 ? 0 : _cumulative[index - 1]) == 1
            : IsWeekday(date.DayNumber);
    }

    /// <summary>The N-th working day after <paramref name="start"/> (the start day is not counted); N = 0 gives the start.</summary>
    public DateOnly AddWorkingDays(DateOnly start, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0)
        {
            return start;
        }

        return DateOnly.FromDayNumber(FirstDayReaching((long)CountThrough(start.DayNumber) + n));
    }

    /// <summary>
    /// <paramref name="start"/> + N calendar days; when that day is not a working day, the next working day
    /// (《民法典》 art. 203: a period ending on a holiday ends on the day after the holiday).
    /// </summary>
    public DateOnly AddCalendarDays(DateOnly start, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return NextWorkingDayOnOrAfter(start.AddDays(n));
    }

    /// <summary>The given day when it is a working day, else the first working day after it.</summary>
    public DateOnly NextWorkingDayOnOrAfter(DateOnly date) =>
        DateOnly.FromDayNumber(FirstDayReaching((long)CountThrough(date.DayNumber - 1) + 1));

    /// <summary>
    /// Working days in (from, to]: the start is not counted, the end is. Negative when <paramref name="to"/> is
    /// before <paramref name="from"/>. <c>WorkingDaysBetween(d, AddWorkingDays(d, n)) == n</c>.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to) => CountThrough(to.DayNumber) - CountThrough(from.DayNumber);

    /// <summary>Working days in [0001-01-01, day]; day = -1 gives 0.</summary>
    private int CountThrough(int day)
    {
        var index = day - _first;
        if (index < 0 || _cumulative.Length == 0)
        {
            return WeekdaysThrough(day);
        }

        if (index < _cumulative.Length)
        {
            return _baseCount + _cumulative[index];
        }

        var last = _first + _cumulative.Length - 1;
        return _baseCount + _cumulative[^1] + WeekdaysThrough(day) - WeekdaysThrough(last);
    }

    /// <summary>The first day number whose running count reaches <paramref name="target"/> (≥ 1): a working day.</summary>
    private int FirstDayReaching(long target)
    {
        if (_cumulative.Length == 0 || target <= _baseCount)
        {
            return FirstWeekdayReaching(target);
        }

        var inSpan = target - _baseCount;
        if (inSpan <= _cumulative[^1])
        {
            var index = Array.BinarySearch(_cumulative, (int)inSpan);
            // Equal counts repeat across days off; the answer is the first day that reached the count.
            while (index > 0 && _cumulative[index - 1] == inSpan)
            {
                index--;
            }

            return _first + index;
        }

        var last = _first + _cumulative.Length - 1;
        return FirstWeekdayReaching(target - _baseCount - _cumulative[^1] + WeekdaysThrough(last));
    }

    private static bool IsWeekday(int dayNumber) => dayNumber % 7 < 5;

    /// <summary>Monday–Friday days in [0001-01-01, day].</summary>
    private static int WeekdaysThrough(int day)
    {
        var days = day + 1;
        return days / 7 * 5 + Math.Min(days % 7, 5);
    }

    private static int FirstWeekdayReaching(long target)
    {
        var weeks = (target - 1) / 5;
        var rest = (target - 1) % 5;
        var day = weeks * 7 + rest;
        if (day > DateOnly.MaxValue.DayNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(target), "日期超出可计算范围 / date beyond 9999-12-31");
        }

        return (int)day;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"missing embedded resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
