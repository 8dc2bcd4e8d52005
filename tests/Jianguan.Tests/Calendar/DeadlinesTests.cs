using System.Globalization;
using Jianguan.Platform.Calendar;

namespace Jianguan.Tests.Calendar;

public class DeadlinesTests
{
    /// <summary>
    /// Every rule on start dates just before Spring Festival and National Day breaks. Expected dates were counted by
    /// a separate script straight from the holiday-cn files, not by the product (2024-02-18 and 2025-04-27 are make-up Sundays).
    /// </summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "objection.answer", "2021-02-10", "2021-02-18" },
        { "objection.answer", "2024-02-08", "2024-02-18" },
        { "objection.answer", "2025-01-27", "2025-02-05" },
        { "objection.answer", "2026-02-13", "2026-02-24" },
        { "objection.answer", "2025-09-30", "2025-10-09" },
        { "objection.answer", "2026-09-30", "2026-10-08" },
        { "complaint.file", "2021-02-10", "2021-02-20" },
        { "complaint.file", "2024-02-08", "2024-02-18" },
        { "complaint.file", "2025-01-27", "2025-02-06" },
        { "complaint.file", "2026-02-13", "2026-02-24" },
        { "complaint.file", "2025-09-30", "2025-10-10" },
        { "complaint.file", "2026-09-30", "2026-10-10" },
        { "complaint.accept", "2021-02-10", "2021-02-20" },
        { "complaint.accept", "2024-02-08", "2024-02-19" },
        { "complaint.accept", "2025-01-27", "2025-02-07" },
        { "complaint.accept", "2026-02-13", "2026-02-25" },
        { "complaint.accept", "2025-09-30", "2025-10-11" },
        { "complaint.accept", "2026-09-30", "2026-10-10" },
        { "complaint.decide", "2021-02-10", "2021-03-30" },
        { "complaint.decide", "2024-02-08", "2024-03-27" },
        { "complaint.decide", "2025-01-27", "2025-03-17" },
        { "complaint.decide", "2026-02-13", "2026-04-02" },
        { "complaint.decide", "2025-09-30", "2025-11-18" },
        { "complaint.decide", "2026-09-30", "2026-11-17" },
        { "gp.question.reply", "2021-02-10", "2021-02-25" },
        { "gp.question.reply", "2024-02-08", "2024-02-23" },
        { "gp.question.reply", "2025-01-27", "2025-02-12" },
        { "gp.question.reply", "2026-02-13", "2026-03-02" },
        { "gp.question.reply", "2025-09-30", "2025-10-16" },
        { "gp.question.reply", "2026-09-30", "2026-10-15" },
        { "gp.complaint.review", "2021-02-10", "2021-02-23" },
        { "gp.complaint.review", "2024-02-08", "2024-02-21" },
        { "gp.complaint.review", "2025-01-27", "2025-02-10" },
        { "gp.complaint.review", "2026-02-13", "2026-02-27" },
        { "gp.complaint.review", "2025-09-30", "2025-10-14" },
        { "gp.complaint.review", "2026-09-30", "2026-10-13" },
        { "gp.complaint.decide", "2021-02-10", "2021-03-30" },
        { "gp.complaint.decide", "2024-02-08", "2024-03-27" },
        { "gp.complaint.decide", "2025-01-27", "2025-03-17" },
        { "gp.complaint.decide", "2026-02-13", "2026-04-02" },
        { "gp.complaint.decide", "2025-09-30", "2025-11-18" },
        { "gp.complaint.decide", "2026-09-30", "2026-11-17" },
        { "sampling.publish", "2021-02-10", "2021-03-16" },
        { "sampling.publish", "2024-02-08", "2024-03-13" },
        { "sampling.publish", "2025-01-27", "2025-03-03" },
        { "sampling.publish", "2026-02-13", "2026-03-19" },
        { "sampling.publish", "2025-09-30", "2025-11-04" },
        { "sampling.publish", "2026-09-30", "2026-11-03" },
        { "liaison.update", "2021-02-10", "2021-02-20" },
        { "liaison.update", "2024-02-08", "2024-02-19" },
        { "liaison.update", "2025-01-27", "2025-02-07" },
        { "liaison.update", "2026-02-13", "2026-02-25" },
        { "liaison.update", "2025-09-30", "2025-10-11" },
        { "liaison.update", "2026-09-30", "2026-10-10" },
        { "penalty.decide", "2021-02-10", "2021-05-11" },
        { "penalty.decide", "2024-02-08", "2024-05-08" },
        { "penalty.decide", "2025-01-27", "2025-04-27" },
        { "penalty.decide", "2026-02-13", "2026-05-14" },
        { "penalty.decide", "2025-09-30", "2025-12-29" },
        { "penalty.decide", "2026-09-30", "2026-12-29" },
        { "report.accept", "2021-02-10", "2021-02-25" },
        { "report.accept", "2024-02-08", "2024-02-23" },
        { "report.accept", "2025-01-27", "2025-02-12" },
        { "report.accept", "2026-02-13", "2026-03-02" },
        { "report.accept", "2025-09-30", "2025-10-16" },
        { "report.accept", "2026-09-30", "2026-10-15" },
    };

    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Due_AroundSpringFestivalAndNationalDay_IsStatutoryDate(string rule, string start, string expected) =>
        Assert.Equal(D(expected), Deadlines.Due(rule, D(start)));

    [Fact]
    public void Rules_TableOfRules2_Complete()
    {
        Assert.Equal(
            [
                "objection.answer", "complaint.file", "complaint.accept", "complaint.decide", "gp.question.reply",
                "gp.complaint.review", "gp.complaint.decide", "sampling.publish", "liaison.update", "penalty.decide",
                "report.accept",
            ],
            Deadlines.Codes);
        Assert.All(Deadlines.Rules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Name));
            Assert.False(string.IsNullOrWhiteSpace(r.Basis));
            Assert.True(r.Count > 0);
        });
        Assert.Contains(Deadlines.Rules, r => r.Code == "complaint.decide" && r.Count == 30 && r.Unit == DayCountUnit.WorkingDays);
        Assert.Contains(Deadlines.Rules, r => r.Code == "penalty.decide" && r.Count == 90 && r.Unit == DayCountUnit.CalendarDays);
    }

    [Fact]
    public void Cases_CoverEveryRule() =>
        Assert.Equal(Deadlines.Codes.Order(StringComparer.Ordinal), Cases.Select(c => (string)c[0]).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public void Get_UnknownRule_NamesValidCodes()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => Deadlines.Get("complaint.nope"));
        Assert.Contains("complaint.accept", e.Message, StringComparison.Ordinal);
        Assert.False(Deadlines.TryGet("complaint.nope", out _));
    }

    [Fact]
    public void Due_WithOverrideCalendar_UsesIt()
    {
        var calendar = WorkingCalendar.WithOverrides([new HolidayFile(2026, [], [new HolidayDay("国庆节", D("2026-10-10"), true)])]);
        Assert.Equal(D("2026-10-12"), Deadlines.Due(Deadlines.ComplaintAccept, D("2026-09-30"), calendar));
        Assert.Equal(D("2026-10-12"), Deadlines.Due(Deadlines.ComplaintFile, D("2026-09-30"), calendar));
    }
}
