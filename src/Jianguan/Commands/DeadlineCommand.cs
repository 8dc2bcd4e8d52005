using System.CommandLine;
using Jianguan.Platform.Calendar;

namespace Jianguan.Commands;

/// <summary><c>jianguan deadline RULE START</c>: the due date of a statutory time limit (RULES §2).</summary>
public static class DeadlineCommand
{
    public static Command Create()
    {
        var rule = new Argument<string>("rule")
        {
            HelpName = "RULE",
            Description = "期限规则代码 / deadline rule code: " + string.Join(", ", Deadlines.Codes),
        };
        rule.CompletionSources.Add(Deadlines.Codes.ToArray());
        rule.Validators.Add(result =>
        {
            var code = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!Deadlines.TryGet(code, out _))
            {
                result.AddError($"未知的期限规则 \"{code}\"，可选 / unknown deadline rule \"{code}\"; valid choices:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, Deadlines.Rules.Select(r => $"  {r.Code,-20} {r.Name}（{r.CountText}）")));
            }
        });
        var start = CalendarCli.DateArgument("start", "起算日 YYYY-MM-DD（当日不计入）/ start date, not counted");
        var db = CalendarCli.ReadDbOption();
        var pause = new Option<string[]>("--pause")
        {
            Description = "中止期间 FROM:UNTIL（两端均不计入，可重复），如检验、检测、鉴定、专家评审 / a suspension FROM:UNTIL (both days excluded; repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        pause.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (ParsePause(token.Value) is null)
                {
                    result.AddError($"中止期间 \"{token.Value}\" 格式错误，应为 YYYY-MM-DD:YYYY-MM-DD / bad suspension \"{token.Value}\": expected FROM:UNTIL");
                }
            }
        });
        var command = new Command("deadline", "计算法定期限的截止日，输出 YYYY-MM-DD / prints the due date of a statutory time limit") { rule, start, db, pause };
        command.SetAction((parse, ct) => CalendarCli.AnswerAsync(parse, parse.GetValue(db),
            calendar => CalendarCli.Format(Platform.Clocks.Clocks.DueDate(Deadlines.Get(parse.GetValue(rule)!), parse.GetValue(start),
                [.. (parse.GetValue(pause) ?? []).Select(p => ParsePause(p)!.Value)], calendar)), ct));
        return command;
    }

    /// <summary>"2026-03-10:2026-03-20" → the suspension's first and last day; null when malformed or reversed.</summary>
    public static (DateOnly From, DateOnly Until)? ParsePause(string value)
    {
        var parts = (value ?? "").Split(':');
        return parts.Length == 2
            && DateOnly.TryParseExact(parts[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && DateOnly.TryParseExact(parts[1].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until)
            && until >= from
                ? (from, until)
                : null;
    }
}
