using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using Jianguan.Platform.Calendar;
using Microsoft.Data.Sqlite;

namespace Jianguan.Commands;

/// <summary><c>jianguan calendar …</c>: working days on the statutory calendar, and loading next year's notice.</summary>
public static class CalendarCommand
{
    public static Command Create()
    {
        var command = new Command("calendar", "工作日日历：查询工作日、顺延工作日、载入年度节假日文件 / working-day calendar: query, count, load a year file");
        command.Subcommands.Add(IsWorkingDay());
        command.Subcommands.Add(AddWorkingDays());
        command.Subcommands.Add(Load());
        return command;
    }

    private static Command IsWorkingDay()
    {
        var date = CalendarCli.DateArgument("date", "日期 YYYY-MM-DD / the date");
        var db = CalendarCli.ReadDbOption();
        var command = new Command("is-working-day", "判断是否工作日，输出 true 或 false / prints true when the date is a working day, else false") { date, db };
        command.SetAction((parse, ct) => CalendarCli.AnswerAsync(parse, parse.GetValue(db),
            calendar => calendar.IsWorkingDay(parse.GetValue(date)) ? "true" : "false", ct));
        return command;
    }

    private static Command AddWorkingDays()
    {
        var date = CalendarCli.DateArgument("date", "起算日 YYYY-MM-DD（当日不计入）/ start date, not counted");
        var n = new Argument<int>("n")
        {
            Description = "工作日数（≥ 0）/ number of working days (≥ 0)",
            CustomParser = CalendarCli.ParseCount,
        };
        var db = CalendarCli.ReadDbOption();
        var command = new Command("add-working-days", "起算日后第 N 个工作日，输出 YYYY-MM-DD / the N-th working day after the date") { date, n, db };
        command.SetAction((parse, ct) => CalendarCli.AnswerAsync(parse, parse.GetValue(db),
            calendar => CalendarCli.Format(calendar.AddWorkingDays(parse.GetValue(date), parse.GetValue(n))), ct));
        return command;
    }

    private static Command Load()
    {
        var file = new Argument<FileInfo>("file") { Description = "holiday-cn 格式的年度 JSON 文件 / a holiday-cn year file (YYYY.json)" };
        var db = Cli.DbOption();
        var command = new Command("load", "校验并载入年度节假日文件（覆盖内置数据中该文件列出的日期）/ validate and store a year file; it overrides the embedded data for the dates it lists") { file, db };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await error.WriteLineAsync($"找不到文件 / file not found: {path.FullName}");
                return Cli.Usage;
            }

            var json = await File.ReadAllTextAsync(path.FullName, ct);
            HolidayFile parsed;
            try
            {
                parsed = HolidayFileParser.Parse(json);
            }
            catch (HolidayFileException e)
            {
                await error.WriteLineAsync($"{path.Name}: {e.Message}");
                return Cli.Rejected;
            }

            var conn = Database.Resolve(parse.GetValue(db));
            await using var cli = CliHost.Open(conn);
            var context = cli.Db;
            await Database.MigrateAsync(context, ct);
            await CalendarService.SaveAsync(context, parsed, json, cli.Get<TimeProvider>().GetUtcNow(), ct);
            await cli.Get<AuditTrail>().RecordAsync(context, AuditActor.CommandLine, "calendar.load",
                parsed.Year.ToString(CultureInfo.InvariantCulture), new { file = path.Name, days = parsed.Days.Count }, ct);
            var offDays = parsed.Days.Count(d => d.IsOffDay);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"已载入 {parsed.Year} 年节假日：放假 {offDays} 天，调休上班 {parsed.Days.Count - offDays} 天 / loaded holiday year {parsed.Year}: {offDays} days off, {parsed.Days.Count - offDays} make-up working days ({Database.ProviderOf(conn)})"));
            return Cli.Ok;
        });
        return command;
    }
}

/// <summary>Pieces shared by the calendar and deadline commands.</summary>
internal static class CalendarCli
{
    public static string Format(DateOnly date) => date.ToString(HolidayFileParser.DateFormat, CultureInfo.InvariantCulture);

    public static Argument<DateOnly> DateArgument(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = ParseDate,
    };

    /// <summary>The --db option of the read-only commands: they never create or migrate a database.</summary>
    public static Option<string?> ReadDbOption() => new("--db")
    {
        Description = "数据库连接串，用于读取管理员载入的年度文件；数据库不存在时只用内置数据 / database with administrator-loaded year files (default: JIANGUAN_DB or jianguan.db when it exists; otherwise embedded data only)",
    };

    private static DateOnly ParseDate(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(token, HolidayFileParser.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"日期 \"{token}\" 格式错误，应为 YYYY-MM-DD（例如 2026-10-01）/ bad date \"{token}\": expected YYYY-MM-DD, e.g. 2026-10-01");
        return default;
    }

    public static int ParseCount(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        result.AddError($"天数 \"{token}\" 无效，应为非负整数 / bad count \"{token}\": expected a whole number ≥ 0");
        return 0;
    }

    /// <summary>Prints one answer computed on the current calendar; exit 1 when the stored year files are unreadable.</summary>
    public static async Task<int> AnswerAsync(ParseResult parse, string? dbOption, Func<WorkingCalendar, string> answer, CancellationToken ct)
    {
        WorkingCalendar calendar;
        try
        {
            calendar = await CurrentAsync(dbOption, parse.InvocationConfiguration.Error, ct);
        }
        catch (InvalidOperationException e) when (e.InnerException is HolidayFileException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
            return Cli.Rejected;
        }

        await parse.InvocationConfiguration.Output.WriteLineAsync(answer(calendar));
        return Cli.Ok;
    }

    /// <summary>
    /// The embedded calendar plus the year files stored in the database, when there is one. Never creates a
    /// database: a missing SQLite file means "no overrides", and an unreachable server is reported and skipped.
    /// </summary>
    public static async Task<WorkingCalendar> CurrentAsync(string? dbOption, TextWriter error, CancellationToken ct)
    {
        var conn = Database.Resolve(dbOption);
        if (Database.ProviderOf(conn) == DbProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(conn);
            if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource)
                || builder.DataSource == ":memory:" || !File.Exists(builder.DataSource))
            {
                return WorkingCalendar.Embedded;
            }

            // ReadWrite without Create: should the file vanish meanwhile, opening fails instead of creating it.
            builder.Mode = SqliteOpenMode.ReadWrite;
            conn = builder.ToString();
        }

        try
        {
            await using var cli = CliHost.Open(conn);
            return await CalendarService.BuildAsync(cli.Db, ct);
        }
        catch (Exception e) when (e is DbException || e.InnerException is DbException)
        {
            await error.WriteLineAsync($"警告：无法读取数据库中的年度节假日文件，仅使用内置数据 / warning: could not read holiday years from the database, using embedded data only ({(e as DbException ?? e.InnerException)!.Message})");
            return WorkingCalendar.Embedded;
        }
    }
}
