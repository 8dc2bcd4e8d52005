using Jianguan.Platform.Calendar;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Time;

namespace Jianguan.Platform.Clocks;

/// <summary>
/// Who hears about a clock's subject and where it is: a title, a site-relative link, an addressee, and optionally
/// a second addressee told only once the clock is overdue (the unit that set the deadline, for an agreed clock).
/// </summary>
public sealed record ClockAddress(string Title, string Link, Recipient To, Recipient? AlsoWhenOverdue = null);

/// <summary>
/// The member unit answerable for a clock's duty and how a person names and finds its subject (the accountability
/// view, issue 14 item 6): <paramref name="Duty"/> says what the duty is in Chinese (e.g. 投诉处理期限),
/// <paramref name="Subject"/> names the case (its number), <paramref name="Link"/> is site-relative.
/// </summary>
public sealed record DutyOwner(int UnitId, string Unit, string Duty, string Subject, string Link);

/// <summary>
/// A module's answer to "what is this clock's subject, and whom do I tell": one registration per subject kind
/// (<c>complaint</c>, later <c>clue</c>, <c>referral</c>, <c>sampling.assignment</c>). Register with
/// <c>services.AddScoped&lt;IClockSubjectDirectory, MyDirectory&gt;()</c>.
/// </summary>
public interface IClockSubjectDirectory
{
    /// <summary>The <see cref="StatutoryClock.SubjectKind"/> this directory answers for.</summary>
    string Kind { get; }

    /// <summary>Null when the subject no longer exists or nobody is to be told.</summary>
    Task<ClockAddress?> AddressAsync(JianguanDbContext db, string subjectId, CancellationToken ct);

    /// <summary>
    /// The unit answerable for each subject's clock, keyed by subject id; subjects that no longer exist are left out.
    /// A kind that answers nothing here is missing from the accountability view, so every directory should implement it.
    /// </summary>
    Task<IReadOnlyDictionary<string, DutyOwner>> OwnersAsync(JianguanDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
        => Task.FromResult<IReadOnlyDictionary<string, DutyOwner>>(new Dictionary<string, DutyOwner>());

    /// <summary>
    /// The Chinese name of this kind's agreed time limits (<see cref="Clocks.AgreedRule"/>): their rule code says only
    /// how many working days, so without it a reminder or a report could name the duty only generically.
    /// </summary>
    string AgreedRuleName => Clocks.GenericAgreedRuleName;
}

/// <summary>
/// Inbox reminders of open clocks (issue 13 item 6): at the warning threshold (3 working days left by default), on
/// the due day and once overdue, each sent once (<see cref="StatutoryClock.LastReminder"/>). A clock whose kind no
/// module addresses is left alone, so a module that registers later still gets its reminders.
/// </summary>
public static class ClockReminders
{
    public const string NotificationKind = "clock.reminder";

    /// <summary>The reminder due for a clock on <paramref name="today"/>, if it is later than the last one sent.</summary>
    public static ClockReminder? Due(StatutoryClock clock, DateOnly today, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clock.State is ClockState.Stopped or ClockState.Paused)
        {
            return null;
        }

        var status = Clocks.Evaluate(clock.Due, clock.WarnDays, today, calendar);
        var wanted = status.State == ClockState.Overdue ? ClockReminder.Overdue
            : status.DaysLeft == 0 ? ClockReminder.DueDay
            : status.State == ClockState.Warned ? ClockReminder.Warned
            : ClockReminder.None;
        return wanted > clock.LastReminder ? wanted : null;
    }

    /// <summary>Posts the reminders due now and saves them with the clocks' new reminder marks. Returns how many were sent.</summary>
    public static async Task<int> SendAsync(JianguanDbContext db, IEnumerable<IClockSubjectDirectory> directories, WorkingCalendar calendar,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(directories);
        var byKind = directories.ToDictionary(d => d.Kind, StringComparer.Ordinal);
        if (byKind.Count == 0)
        {
            return 0;
        }

        var kinds = byKind.Keys.ToList();
        var today = ChinaTime.DateOf(now);
        var open = await db.Set<StatutoryClock>()
            .Where(c => kinds.Contains(c.SubjectKind)
                && (c.State == ClockState.Running || c.State == ClockState.Warned || c.State == ClockState.Overdue))
            .OrderBy(c => c.Id)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var clock in open)
        {
            if (Due(clock, today, calendar) is not { } reminder)
            {
                continue;
            }

            clock.LastReminder = reminder;
            if (await byKind[clock.SubjectKind].AddressAsync(db, clock.SubjectId, ct) is not { } address)
            {
                continue;
            }

            var rule = Clocks.Rule(clock.RuleCode, byKind[clock.SubjectKind]);
            var left = Clocks.Evaluate(clock.Due, clock.WarnDays, today, calendar).DaysLeft ?? 0;
            var (title, body) = reminder switch
            {
                ClockReminder.Overdue => ($"已超期：{address.Title}", $"{rule.Name}期限 {ChinaTime.FormatDate(clock.Due)} 已过，逾期 {-left} 个工作日。"),
                ClockReminder.DueDay => ($"今日到期：{address.Title}", $"{rule.Name}期限为今日（{ChinaTime.FormatDate(clock.Due)}）。"),
                _ => ($"期限临近：{address.Title}", $"{rule.Name}期限 {ChinaTime.FormatDate(clock.Due)}，剩余 {left} 个工作日。"),
            };
            // The inbox keeps titles of up to 200 characters (PostgreSQL enforces it): a long subject is shortened.
            title = title.Length <= 200 ? title : title[..199] + "…";
            Notifications.Post(db, address.To, NotificationKind, title, body, address.Link, now);
            sent++;
            if (reminder == ClockReminder.Overdue && address.AlsoWhenOverdue is { } also && also != address.To)
            {
                Notifications.Post(db, also, NotificationKind, title, body, address.Link, now);
                sent++;
            }
        }

        await db.SaveChangesAsync(ct);
        return sent;
    }
}
