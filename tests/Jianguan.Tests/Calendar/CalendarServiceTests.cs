using Jianguan.Platform.Calendar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Jianguan.Tests.Calendar;

public sealed class CalendarServiceTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;

    private static readonly DateOnly NewYear2027 = new(2027, 1, 1);

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        // A development host: without configured field keys only Development may use the published development key.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["JIANGUAN_ENVIRONMENT"] = "Development" }).Build());
        services.AddJianguanCore($"Data Source={_dir.File("j.db")}");
        services.AddSingleton<TimeProvider>(_time);
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<JianguanDbContext>());
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task GetAsync_EmptyTable_EmbeddedCalendar()
    {
        var service = _services.GetRequiredService<CalendarService>();
        Assert.Same(WorkingCalendar.Embedded, await service.GetAsync());
        Assert.Empty(await service.ListAsync());
    }

    [Fact]
    public async Task LoadYearAsync_NewYear_ChangesAnswerAtOnce()
    {
        var service = _services.GetRequiredService<CalendarService>();
        Assert.True((await service.GetAsync()).IsWorkingDay(NewYear2027));

        var loaded = await service.LoadYearAsync(HolidayFileParserTests.Valid2027);

        Assert.Equal(2027, loaded.Year);
        Assert.Equal(_time.GetUtcNow(), loaded.LoadedAt);
        var calendar = await service.GetAsync();
        Assert.False(calendar.IsWorkingDay(NewYear2027));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 2, 6))); // make-up Saturday
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 12, 31)));
        Assert.Equal([2027], (await service.ListAsync()).Select(y => y.Year));
    }

    [Fact]
    public async Task LoadYearAsync_SameYearTwice_ReplacesEarlierUpload()
    {
        var service = _services.GetRequiredService<CalendarService>();
        await service.LoadYearAsync(HolidayFileParserTests.Valid2027);
        _time.Advance(TimeSpan.FromDays(1));
        await service.LoadYearAsync("""{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":false}]}""");

        var year = Assert.Single(await service.ListAsync());
        Assert.Equal(1, year.DayCount);
        Assert.Equal(_time.GetUtcNow(), year.LoadedAt);
        var calendar = await service.GetAsync();
        Assert.True(calendar.IsWorkingDay(NewYear2027));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 12, 31)));
    }

    [Fact]
    public async Task LoadYearAsync_BadFile_RefusedAndNothingStored()
    {
        var service = _services.GetRequiredService<CalendarService>();
        var e = await Assert.ThrowsAsync<HolidayFileException>(() =>
            service.LoadYearAsync("""{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01"}]}"""));
        Assert.Contains("isOffDay", e.Message, StringComparison.Ordinal);
        Assert.Empty(await service.ListAsync());
    }

    [Fact]
    public async Task GetAsync_RowWrittenByAnotherNode_SeenAfterRefreshInterval()
    {
        var service = _services.GetRequiredService<CalendarService>();
        Assert.True((await service.GetAsync()).IsWorkingDay(NewYear2027));

        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
            await CalendarService.SaveAsync(db, HolidayFileParser.Parse(HolidayFileParserTests.Valid2027), HolidayFileParserTests.Valid2027, _time.GetUtcNow());
        }

        Assert.True((await service.GetAsync()).IsWorkingDay(NewYear2027)); // still cached
        _time.Advance(CalendarService.RefreshInterval);
        Assert.False((await service.GetAsync()).IsWorkingDay(NewYear2027));
    }
}
