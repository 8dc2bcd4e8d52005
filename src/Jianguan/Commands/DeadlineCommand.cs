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
        var command = new Command("deadline", "计算法定期限的截止日，输出 YYYY-MM-DD / prints the due date of a statutory time limit") { rule, start, db };
        command.SetAction((parse, ct) => CalendarCli.AnswerAsync(parse, parse.GetValue(db),
            calendar => CalendarCli.Format(Deadlines.Get(parse.GetValue(rule)!).Due(parse.GetValue(start), calendar)), ct));
        return command;
    }
}
