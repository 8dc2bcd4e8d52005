using Jianguan.Platform.Jobs;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Admin.Jobs;

/// <summary>
/// The scheduled jobs' runs (issue 16): which node ran which job when, how long it took and how it ended, newest
/// first, filtered by job, outcome and node. In a cluster each firing appears once, on the node that ran it; a run
/// whose node died stays "running" until another node re-runs the job and closes it.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class IndexModel(JianguanDbContext db) : Shared.PagedPageModel
{
    public const int PageSize = Shared.PagerModel.PageSize;

    /// <summary>The registered jobs' Chinese names.</summary>
    public static IReadOnlyDictionary<string, string> JobNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nightly-analysis"] = "夜间预警分析",
        ["clock-sweep"] = "法定时限巡检",
        ["audit-checkpoint"] = "审计链检查点",
    };

    public static IReadOnlyDictionary<JobOutcome, string> OutcomeNames { get; } = new Dictionary<JobOutcome, string>
    {
        [JobOutcome.Running] = "运行中（或节点中断）",
        [JobOutcome.Succeeded] = "成功",
        [JobOutcome.Failed] = "失败",
        [JobOutcome.Cancelled] = "已取消",
    };

    [BindProperty(SupportsGet = true)]
    public string? Job { get; set; }

    [BindProperty(SupportsGet = true)]
    public JobOutcome? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Node { get; set; }

    public IReadOnlyList<JobRun> Runs { get; private set; } = [];

    public IReadOnlyList<string> Nodes { get; private set; } = [];

    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Set<JobRun>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Job))
        {
            query = query.Where(r => r.Job == Job);
        }

        if (Outcome is { } outcome)
        {
            query = query.Where(r => r.Outcome == outcome);
        }

        if (!string.IsNullOrWhiteSpace(Node))
        {
            query = query.Where(r => r.Node == Node);
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Runs = await query.OrderByDescending(r => r.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Nodes = await db.Set<JobRun>().AsNoTracking().Select(r => r.Node).Distinct().OrderBy(n => n).Take(100).ToListAsync(ct);
    }

    public static string JobName(string job) => JobNames.GetValueOrDefault(job, "其他任务");

    public static string Time(DateTimeOffset? at) => at is { } t ? ChinaTime.FormatSecond(t) : "—";

    public static string Duration(JobRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.EndedAt is not { } end)
        {
            return "—";
        }

        var span = end - run.StartedAt;
        return span.TotalSeconds < 60
            ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " 秒"
            : span.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture) + " 分钟";
    }

    /// <summary>The Chinese half of a bilingual message ("中文 / english"); a failure's error text is shown apart.</summary>
    public static string Summary(JobRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Outcome == JobOutcome.Failed && run.Message is { } m && !m.Contains(" / ", StringComparison.Ordinal))
        {
            return "";
        }

        return run.Message?.Split(" / ", 2)[0] ?? "";
    }
}
