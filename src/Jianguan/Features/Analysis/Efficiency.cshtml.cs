using Jianguan.Platform.Clocks;
using Jianguan.Platform.Documents;
using Jianguan.Platform.Scopes;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Analysis;

/// <summary>效能评估: stage lengths, failed and repeated tenders, complaints, statutory duties by unit.</summary>
[Authorize(Policy = AnalysisPolicies.Read)]
[OversightQuery]
public sealed class EfficiencyModel(JianguanDbContext db, CurrentDataScope scope, IEnumerable<IClockSubjectDirectory> directories, TimeProvider clock)
    : AnalysisPageModel(db, scope)
{
    public EfficiencyAnalysisResult Result { get; private set; } = null!;

    protected override string PagePath => "/Analysis/Efficiency";

    public IReadOnlyList<ChartSpec> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await ComputeAsync(ct);
        var stages = Result.Stages.Where(s => s.Sections > 0).ToList();
        Charts =
        [
            new("chart-efficiency-stages", "bar", "各阶段平均用时（天）", [.. stages.Select(s => s.Label)],
                [new("平均", [.. stages.Select(s => s.MeanDays)]), new("中位数", [.. stages.Select(s => s.MedianDays)])],
                [.. stages.Select(s => DrillLink("stage", s.Stage))], "天"),
            new("chart-efficiency-trend", "line", "全流程用时月度走势（天）", [.. Result.ByMonth.Select(g => g.Label)],
                [
                    new("公告至开标", [.. Result.ByMonth.Select(g => g.NoticeToOpen)]),
                    new("开标至定标", [.. Result.ByMonth.Select(g => g.OpenToAward)]),
                    new("公告至定标", [.. Result.ByMonth.Select(g => g.NoticeToAward)]),
                ],
                [.. Result.ByMonth.Select(g => DrillLink("month", g.Key))], "天"),
            new("chart-efficiency-failed", "bar", "各类别流标率", [.. Result.Failures.Select(f => f.Label)],
                [new("流标率", [.. Result.Failures.Select(f => f.FailedRate)])],
                [.. Result.Failures.Select(f => DrillLink("failed", f.Key))], "%"),
        ];
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var r = await ComputeAsync(ct);
        return await ExportAsync("效能评估.xlsx",
        [
            XlsxSheet.Create("阶段用时", r.Stages,
                [new("阶段", s => s.Label, 30), new("标段数", s => s.Sections), new("平均（天）", s => s.MeanDays), new("中位数（天）", s => s.MedianDays)]),
            CycleSheet("按交易类别", r.ByCategory, "交易类别"),
            CycleSheet("按月份", r.ByMonth, "月份"),
            XlsxSheet.Create("流标与重新招标", r.Failures,
            [
                new("交易类别", f => f.Label, 20), new("标段数", f => f.Sections), new("已开标", f => f.Opened), new("流标", f => f.Failed),
                new("流标率（%）", f => f.FailedRate), new("重新招标", f => f.Repeated), new("重新招标率（%）", f => f.RepeatedRate),
            ]),
            XlsxSheet.Create("投诉", new[] { r.Complaints },
            [
                new("投诉举报件数", c => c.Complaints), new("涉及标段数", c => c.SectionsComplained), new("每百标段投诉数", c => c.PerHundredSections),
                new("已处理件数", c => c.Decided), new("平均处理天数", c => c.MeanHandlingDays),
            ]),
            DutySheet("按单位", r.ByUnit, "责任单位"),
            DutySheet("按时限", r.ByRule, "法定时限"),
            DrillSheet(),
        ], ct);
    }

    private async Task<EfficiencyAnalysisResult> ComputeAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var complaints = await EfficiencyAnalysis.ComplaintsAsync(Db, Data, Filter, ct);
        var duties = await EfficiencyAnalysis.DutiesAsync(Db, directories, Filter, ct);
        return EfficiencyAnalysis.Compute(Data, complaints, duties, ChinaTime.Today(clock));
    }

    private static XlsxSheet CycleSheet(string name, IEnumerable<CycleGroup> rows, string label) => XlsxSheet.Create(name, rows,
    [
        new(label, g => g.Label, 20), new("标段数", g => g.Sections), new("公告至开标（天）", g => g.NoticeToOpen, 14),
        new("开标至定标（天）", g => g.OpenToAward, 14), new("公告至定标（天）", g => g.NoticeToAward, 14),
    ]);

    private static XlsxSheet DutySheet(string name, IEnumerable<DutyScore> rows, string label) => XlsxSheet.Create(name, rows,
    [
        new(label, d => d.Label, 30), new("事项数", d => d.Duties), new("已办结", d => d.Done), new("按时办结", d => d.OnTime),
        new("逾期办结", d => d.Late), new("在办已逾期", d => d.OpenOverdue), new("按时率（%）", d => d.OnTimeRate),
    ]);
}
