using Jianguan.Platform.Clocks;
using Jianguan.Platform.Jobs;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Governance.Meetings;

/// <summary>
/// Proposes the regular meeting (例会) of the current and of the next half-year when none exists, each with an
/// inbox reminder to the office: daily at 01:30 Beijing time, idempotent (the half-year is unique).
/// </summary>
public sealed class MeetingProposalJob(JianguanDbContext db, AuditTrail audit, TimeProvider time) : IScheduledJob
{
    public const string Name = "meeting-proposal";
    public const string Cron = "0 30 1 * * ?";

    public async Task<string?> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var made = new List<string>();
        foreach (var half in new[] { MeetingService.HalfYearOf(today), MeetingService.NextHalfYear(today) })
        {
            if (await MeetingService.ProposeRegularAsync(db, audit, half, now, ct) is { } m)
            {
                made.Add(m.Number);
            }
        }

        return made.Count == 0 ? "例会均已提出 / nothing to propose" : $"已提出例会 {string.Join("、", made)} / proposed {made.Count}";
    }
}

/// <summary>The module's services: the proposal job and the clock directories of tasks and liaison changes.</summary>
public static class GovernanceServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddScheduledJob<MeetingProposalJob>(MeetingProposalJob.Name, MeetingProposalJob.Cron);
        services.AddScoped<IClockSubjectDirectory, MeetingTaskClockDirectory>();
        services.AddScoped<IClockSubjectDirectory, Liaison.LiaisonClockDirectory>();
    }
}
