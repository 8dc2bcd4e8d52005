using Jianguan.Platform.Time;
using Microsoft.Extensions.Time.Testing;

namespace Jianguan.Tests.Platform;

public class ChinaTimeTests
{
    [Fact]
    public void Today_LateUtcEvening_IsNextDayInChina()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 16, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 3, 2), ChinaTime.Today(clock));
        Assert.Equal(new DateOnly(2026, 3, 1), ChinaTime.DateOf(new DateTimeOffset(2026, 3, 1, 15, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void StartOfDay_IsMidnightBeijingInUtc()
    {
        var start = ChinaTime.StartOfDay(new DateOnly(2026, 3, 2));

        Assert.Equal(TimeSpan.Zero, start.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero), start);
    }

    [Fact]
    public void FromLocal_WallClockOfAnyKind_IsBeijingTime()
    {
        var local = ChinaTime.FromLocal(new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Local));

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.FromHours(8)), local);
        Assert.Equal(TimeSpan.FromHours(8), local.Offset);
    }

    [Fact]
    public void Format_InstantsAndDays_AreShownInBeijingTime()
    {
        var at = new DateTimeOffset(2026, 3, 1, 17, 5, 9, TimeSpan.Zero);

        Assert.Equal("2026-03-02", ChinaTime.FormatDate(at));
        Assert.Equal("2026-03-02 01:05", ChinaTime.FormatMinute(at));
        Assert.Equal("2026-03-02 01:05:09", ChinaTime.FormatSecond(at));
        Assert.Equal("2026-03-02", ChinaTime.FormatDate(new DateOnly(2026, 3, 2)));
        Assert.Equal("2026年3月2日", ChinaTime.FormatChineseDate(new DateOnly(2026, 3, 2)));
        Assert.Equal("—", ChinaTime.FormatMinute(null, "—"));
        Assert.Equal("", ChinaTime.FormatDate((DateOnly?)null));
    }
}
