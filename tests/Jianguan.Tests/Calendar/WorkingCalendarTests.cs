using Jianguan.Platform.Calendar;

namespace Jianguan.Tests.Calendar;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Embedded = WorkingCalendar.Embedded;

    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-09-30", 3, "2026-10-10")] // RULES §1: a make-up Saturday counts
    [InlineData("2026-09-28", 3, "2026-10-08")]
    public void AddWorkingDays_RulesExamples_Hold(string start, int n, string expected) =>
        Assert.Equal(D(expected), Embedded.AddWorkingDays(D(start), n));

    [Fact]
    public void AddCalendarDays_RulesExampleEndingOnDayOff_MovesToNextWorkingDay()
    {
        Assert.False(Embedded.IsWorkingDay(D("2021-02-13")));
        Assert.Equal(D("2021-02-18"), Embedded.AddCalendarDays(D("2021-02-10"), 3));
    }

    [Theory]
    [InlineData("2026-10-01", false)] // National Day
    [InlineData("2026-10-08", true)]
    [InlineData("2026-10-10", true)]  // make-up Saturday
    [InlineData("2026-10-11", false)] // ordinary Sunday
    [InlineData("2026-02-14", true)]  // make-up Saturday before Spring Festival
    [InlineData("2026-02-23", false)] // Monday inside the break
    [InlineData("2022-12-31", false)] // listed only in 2023.json
    [InlineData("2006-12-30", true)]  // listed only in 2007.json
    [InlineData("2026-12-31", true)]
    public void IsWorkingDay_EmbeddedData_FollowsNotices(string date, bool expected) =>
        Assert.Equal(expected, Embedded.IsWorkingDay(D(date)));

    [Theory]
    [InlineData("2030-10-01", true)]  // no notice: a Tuesday is a working day
    [InlineData("2030-10-05", false)] // Saturday
    [InlineData("1999-10-01", true)]  // before the data
    [InlineData("1999-10-02", false)]
    public void IsWorkingDay_YearWithoutData_WeekendsOnly(string date, bool expected) =>
        Assert.Equal(expected, Embedded.IsWorkingDay(D(date)));

    [Fact]
    public void AddWorkingDays_Zero_ReturnsStart()
    {
        Assert.Equal(D("2026-10-03"), Embedded.AddWorkingDays(D("2026-10-03"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Embedded.AddWorkingDays(D("2026-10-03"), -1));
    }

    [Fact]
    public void AddWorkingDays_AcrossEndOfData_CountsWeekendsOnly()
    {
        // 2026-12-31 is a Thursday; 2027 has no embedded notice.
        Assert.Equal(D("2027-01-01"), Embedded.AddWorkingDays(D("2026-12-31"), 1));
        Assert.Equal(D("2027-01-04"), Embedded.AddWorkingDays(D("2026-12-31"), 2));
        Assert.Equal(D("2027-01-05"), Embedded.AddWorkingDays(D("2027-01-01"), 2));
    }

    [Fact]
    public void AddWorkingDays_FromBeforeData_EntersData()
    {
        // 2006-12-29 Fri; 2006-12-30/31 are make-up days of the 2007 notice, 2007-01-01..03 days off.
        Assert.Equal(D("2006-12-30"), Embedded.AddWorkingDays(D("2006-12-29"), 1));
        Assert.Equal(D("2007-01-04"), Embedded.AddWorkingDays(D("2006-12-29"), 3));
        Assert.Equal(D("2006-01-02"), Embedded.AddWorkingDays(D("2005-12-30"), 1));
    }

    [Fact]
    public void AllOperations_MatchNaiveCounting_FromDataStartToBeyondEnd()
    {
        for (var start = D("2005-12-01"); start <= D("2028-02-01"); start = start.AddDays(3))
        {
            foreach (var n in new[] { 0, 1, 3, 7, 30, 90 })
            {
                var naive = start;
                for (var left = n; left > 0;)
                {
                    naive = naive.AddDays(1);
                    left -= Embedded.IsWorkingDay(naive) ? 1 : 0;
                }

                Assert.Equal(naive, Embedded.AddWorkingDays(start, n));
                Assert.Equal(n, Embedded.WorkingDaysBetween(start, naive));
                Assert.Equal(-n, Embedded.WorkingDaysBetween(naive, start));

                var calendar = start.AddDays(n);
                while (!Embedded.IsWorkingDay(calendar))
                {
                    calendar = calendar.AddDays(1);
                }

                Assert.Equal(calendar, Embedded.AddCalendarDays(start, n));
            }
        }
    }

    [Fact]
    public void WorkingDaysBetween_NationalDayWeek_CountsOnlyWorkingDays()
    {
        // (2026-09-30, 2026-10-10]: 10-08, 10-09, 10-10.
        Assert.Equal(3, Embedded.WorkingDaysBetween(D("2026-09-30"), D("2026-10-10")));
        Assert.Equal(0, Embedded.WorkingDaysBetween(D("2026-10-01"), D("2026-10-07")));
        Assert.Equal(0, Embedded.WorkingDaysBetween(D("2026-10-01"), D("2026-10-01")));
    }

    [Fact]
    public void Build_LaterFileStatesSameDate_LaterWins()
    {
        var first = new HolidayFile(2030, [], [new HolidayDay("甲", D("2030-10-01"), true)]);
        var second = new HolidayFile(2031, [], [new HolidayDay("乙", D("2030-10-01"), false)]);
        Assert.True(WorkingCalendar.Build([first, second]).IsWorkingDay(D("2030-10-01")));
        Assert.False(WorkingCalendar.Build([second, first]).IsWorkingDay(D("2030-10-01")));
        Assert.Equal([2030, 2031], WorkingCalendar.Build([second, first]).Years);
    }

    [Fact]
    public void WithOverrides_ListedDates_OverrideEmbeddedOthersKept()
    {
        var correction = new HolidayFile(2026, [], [new HolidayDay("国庆节", D("2026-10-10"), true)]);
        var calendar = WorkingCalendar.WithOverrides([correction]);
        Assert.False(calendar.IsWorkingDay(D("2026-10-10")));
        Assert.False(calendar.IsWorkingDay(D("2026-10-01")));   // embedded statement still there
        Assert.True(Embedded.IsWorkingDay(D("2026-10-10")));    // the embedded calendar is untouched
        Assert.Equal(D("2026-10-12"), calendar.AddWorkingDays(D("2026-09-30"), 3));
    }

    [Fact]
    public void WeekendsOnly_NoData_CountsMondayToFriday()
    {
        var calendar = WorkingCalendar.WeekendsOnly;
        Assert.True(calendar.IsWorkingDay(D("2026-10-01")));
        Assert.Equal(D("2026-10-05"), calendar.AddWorkingDays(D("2026-10-01"), 2));
        Assert.Equal(5, calendar.WorkingDaysBetween(D("2026-10-04"), D("2026-10-11")));
        Assert.Empty(calendar.Years);
    }

    [Fact]
    public void Embedded_Years_Are2007To2026()
    {
        Assert.Equal(Enumerable.Range(2007, 20), Embedded.Years);
        Assert.Equal("国庆节", Embedded.Listed(D("2026-10-10"))?.Name);
        Assert.Null(Embedded.Listed(D("2026-10-12")));
    }

    [Fact]
    public void Embedded_LicenceShipsWithData()
    {
        using var stream = typeof(WorkingCalendar).Assembly.GetManifestResourceStream("holiday-cn/LICENSE");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        Assert.Contains("NateScarlet", reader.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void IsWorkingDay_ManyThreads_SameAnswers()
    {
        var dates = Enumerable.Range(0, 4000).Select(i => D("2015-01-01").AddDays(i)).ToArray();
        var expected = dates.Select(Embedded.IsWorkingDay).ToArray();
        Parallel.For(0, 8, _ => Assert.Equal(expected, dates.Select(Embedded.IsWorkingDay).ToArray()));
    }
}
