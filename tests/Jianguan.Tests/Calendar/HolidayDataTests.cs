using System.Text.Json;
using Jianguan.Platform.Calendar;

namespace Jianguan.Tests.Calendar;

/// <summary>The embedded calendar against the holiday-cn files in ../shared, read here without the product's parser.</summary>
public class HolidayDataTests
{
    [SharedDataFact]
    public void IsWorkingDay_Every2021To2026Date_MatchesSharedFiles()
    {
        var listed = new Dictionary<DateOnly, bool>();
        foreach (var path in Directory.GetFiles(SharedData.Path("calendar", "holiday-cn"), "20*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var day in document.RootElement.GetProperty("days").EnumerateArray())
            {
                var date = DateOnly.Parse(day.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                listed[date] = day.GetProperty("isOffDay").GetBoolean();
            }
        }

        var calendar = WorkingCalendar.Embedded;
        var mismatches = new List<string>();
        var checkedDays = 0;
        for (var date = new DateOnly(2021, 1, 1); date <= new DateOnly(2026, 12, 31); date = date.AddDays(1))
        {
            var expected = listed.TryGetValue(date, out var off) ? !off : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            if (calendar.IsWorkingDay(date) != expected)
            {
                mismatches.Add($"{date:yyyy-MM-dd}: expected {expected}");
            }

            checkedDays++;
        }

        Assert.Equal(2191, checkedDays);
        Assert.Empty(mismatches);
    }

    [SharedDataFact]
    public void EmbeddedFiles_SameBytesAsSharedFiles()
    {
        var assembly = typeof(WorkingCalendar).Assembly;
        for (var year = 2007; year <= 2026; year++)
        {
            using var stream = assembly.GetManifestResourceStream($"holiday-cn/{year}.json");
            Assert.NotNull(stream);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.Equal(File.ReadAllBytes(SharedData.Path("calendar", "holiday-cn", $"{year}.json")), copy.ToArray());
        }
    }

    [SharedDataFact]
    public void Parse_EverySharedFile_Accepted()
    {
        foreach (var path in Directory.GetFiles(SharedData.Path("calendar", "holiday-cn"), "20*.json"))
        {
            var file = HolidayFileParser.Parse(File.ReadAllText(path));
            Assert.Equal(Path.GetFileNameWithoutExtension(path), file.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.NotEmpty(file.Papers);
        }
    }
}
