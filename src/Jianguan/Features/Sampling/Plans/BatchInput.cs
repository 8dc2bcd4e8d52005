using System.ComponentModel.DataAnnotations;

namespace Jianguan.Features.Sampling.Plans;

/// <summary>A batch as typed in a form: ratios in percent.</summary>
public sealed class BatchInput
{
    [Required(ErrorMessage = "请填写批次名称")]
    public string Name { get; set; } = "第一批";

    [Range(1, 12, ErrorMessage = "月份应为 1–12")]
    public int Month { get; set; } = 3;

    [Range(0, 100, ErrorMessage = "比例应在 0–100 之间")]
    public decimal High { get; set; } = 30m;

    [Range(0, 100, ErrorMessage = "比例应在 0–100 之间")]
    public decimal MediumHigh { get; set; } = 10m;

    [Range(0, 100, ErrorMessage = "比例应在 0–100 之间")]
    public decimal Medium { get; set; } = 2m;

    [Range(0, 100, ErrorMessage = "比例应在 0–100 之间")]
    public decimal Low { get; set; } = 1m;

    public string? Kinds { get; set; }

    public string? Categories { get; set; }

    public string? Departments { get; set; }

    public string? Regions { get; set; }

    public string? Joint { get; set; } = "联合检查组";

    public SamplingBatch ToBatch() => new()
    {
        Name = Name.Trim(),
        Month = Month,
        RatioHigh = High / 100m,
        RatioMediumHigh = MediumHigh / 100m,
        RatioMedium = Medium / 100m,
        RatioLow = Low / 100m,
        FilterKinds = SamplingService.JoinList(SamplingService.SplitList(Kinds)),
        FilterCategories = SamplingService.JoinList(SamplingService.SplitList(Categories)),
        FilterDepartments = SamplingService.JoinList(SamplingService.SplitList(Departments)),
        FilterRegions = SamplingService.JoinList(SamplingService.SplitList(Regions)),
        JointDepartments = SamplingService.JoinList(SamplingService.SplitList(Joint)),
    };
}
