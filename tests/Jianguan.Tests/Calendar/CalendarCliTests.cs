using System.CommandLine;

namespace Jianguan.Tests.Calendar;

/// <summary>A temporary folder for one test; deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("jianguan-calendar-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}

public class CalendarCliTests
{
    /// <summary>Runs the command tree like <see cref="Cli.RunAsync"/> does, capturing both streams.</summary>
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var parse = Cli.BuildRoot().Parse(args);
        var output = new StringWriter();
        var error = new StringWriter();
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await error.WriteLineAsync(e.Message);
            }

            return (Cli.Usage, output.ToString(), error.ToString());
        }

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("2026-10-10", "true")]
    [InlineData("2026-10-01", "false")]
    [InlineData("2021-02-13", "false")]
    public async Task IsWorkingDay_NoDatabase_PrintsTrueOrFalse(string date, string expected)
    {
        using var dir = new TempDir();
        var (exit, output, _) = await RunAsync("calendar", "is-working-day", date, "--db", $"Data Source={dir.File("none.db")}");
        Assert.Equal(0, exit);
        Assert.Equal(expected, output.Trim());
        Assert.False(File.Exists(dir.File("none.db")));
    }

    [Theory]
    [InlineData("2026-09-30", "3", "2026-10-10")]
    [InlineData("2026-09-28", "3", "2026-10-08")]
    [InlineData("2026-10-03", "0", "2026-10-03")]
    public async Task AddWorkingDays_NoDatabase_PrintsDate(string date, string n, string expected)
    {
        using var dir = new TempDir();
        var (exit, output, _) = await RunAsync("calendar", "add-working-days", date, n, "--db", $"Data Source={dir.File("none.db")}");
        Assert.Equal(0, exit);
        Assert.Equal(expected, output.Trim());
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("objection.answer", "2021-02-10", "2021-02-18")]
    [InlineData("complaint.accept", "2026-09-30", "2026-10-10")]
    [InlineData("penalty.decide", "2025-01-27", "2025-04-27")]
    public async Task Deadline_KnownRule_PrintsDueDate(string rule, string start, string expected)
    {
        using var dir = new TempDir();
        var (exit, output, _) = await RunAsync("deadline", rule, start, "--db", $"Data Source={dir.File("none.db")}");
        Assert.Equal(0, exit);
        Assert.Equal(expected, output.Trim());
    }

    [Fact]
    public async Task Deadline_UnknownRule_ExitsTwoListingCodes()
    {
        var (exit, _, error) = await RunAsync("deadline", "complaint.nope", "2026-10-01");
        Assert.Equal(2, exit);
        Assert.Contains("complaint.nope", error, StringComparison.Ordinal);
        Assert.Contains("complaint.accept", error, StringComparison.Ordinal);
        Assert.Contains("report.accept", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deadline", "complaint.accept", "2026/10/01")]
    [InlineData("deadline", "complaint.accept", "2026-02-30")]
    [InlineData("calendar", "is-working-day", "yesterday")]
    public async Task Command_BadDate_ExitsTwoNamingFormat(string command, string sub, string date)
    {
        var (exit, _, error) = await RunAsync(command, sub, date);
        Assert.Equal(2, exit);
        Assert.Contains("YYYY-MM-DD", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("three")]
    public async Task AddWorkingDays_BadCount_ExitsTwo(string n)
    {
        var (exit, _, error) = await RunAsync("calendar", "add-working-days", "2026-10-01", n);
        Assert.Equal(2, exit);
        Assert.Contains("≥ 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownRule_ExitsTwo() =>
        Assert.Equal(2, await Cli.RunAsync(["deadline", "nope", "2026-10-01"]));

    [Fact]
    public async Task Load_ValidFile_OverridesLaterQueries()
    {
        using var dir = new TempDir();
        var db = $"Data Source={dir.File("j.db")}";
        var file = dir.File("2026.json");
        await File.WriteAllTextAsync(file, """
            {"year":2026,"papers":["https://example.org/correction"],
             "days":[{"name":"国庆节","date":"2026-10-10","isOffDay":true}]}
            """);

        var (exit, output, _) = await RunAsync("calendar", "load", file, "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains("2026", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));

        Assert.Equal("false", (await RunAsync("calendar", "is-working-day", "2026-10-10", "--db", db)).Out.Trim());
        Assert.Equal("2026-10-12", (await RunAsync("calendar", "add-working-days", "2026-09-30", "3", "--db", db)).Out.Trim());
        Assert.Equal("2026-10-12", (await RunAsync("deadline", "complaint.accept", "2026-09-30", "--db", db)).Out.Trim());
        // Other dates of the embedded 2026 notice still hold.
        Assert.Equal("false", (await RunAsync("calendar", "is-working-day", "2026-10-01", "--db", db)).Out.Trim());
    }

    [Fact]
    public async Task Load_InvalidFile_ExitsOneWithReasonAndNoDatabase()
    {
        using var dir = new TempDir();
        var file = dir.File("2027.json");
        await File.WriteAllTextAsync(file, """{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-13-01","isOffDay":true}]}""");
        var (exit, _, error) = await RunAsync("calendar", "load", file, "--db", $"Data Source={dir.File("j.db")}");
        Assert.Equal(1, exit);
        Assert.Contains("2027-13-01", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("j.db")));
    }

    [Fact]
    public async Task Load_MissingFile_ExitsTwo()
    {
        using var dir = new TempDir();
        var (exit, _, error) = await RunAsync("calendar", "load", dir.File("absent.json"), "--db", $"Data Source={dir.File("j.db")}");
        Assert.Equal(2, exit);
        Assert.Contains("absent.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildRoot_HasCalendarAndDeadline()
    {
        var root = Cli.BuildRoot();
        var calendar = Assert.Single(root.Subcommands, c => c.Name == "calendar");
        Assert.Equal(["is-working-day", "add-working-days", "load"], calendar.Subcommands.Select(c => c.Name));
        Assert.Contains(root.Subcommands, c => c.Name == "deadline");
    }
}
