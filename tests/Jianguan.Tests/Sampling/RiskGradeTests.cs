using Jianguan.Features.Warnings;
using Jianguan.Features.Sampling;

namespace Jianguan.Tests.Sampling;

/// <summary>The object pool's automatic risk grade: credit, past findings and the warning engine's level.</summary>
public sealed class RiskGradeTests
{
    [Theory]
    [InlineData("B", false, AlertLevel.None, SamplingGrades.Low)]
    [InlineData("B", false, AlertLevel.Yellow, SamplingGrades.Medium)]
    [InlineData("B", false, AlertLevel.Orange, SamplingGrades.MediumHigh)]
    [InlineData("B", false, AlertLevel.Red, SamplingGrades.High)]
    [InlineData("A", true, AlertLevel.Yellow, SamplingGrades.MediumHigh)]
    [InlineData("C", false, AlertLevel.None, SamplingGrades.MediumHigh)]
    [InlineData("C", false, AlertLevel.Red, SamplingGrades.High)]
    [InlineData("D", false, AlertLevel.None, SamplingGrades.High)]
    public void AutomaticGrade_CreditFindingsAndWarnings_HighestApplies(string credit, bool finding, AlertLevel warning, string expected)
    {
        var (grade, basis) = SamplingService.AutomaticGrade(credit, finding, warning);
        Assert.Equal(expected, grade);
        Assert.StartsWith("自动：", basis, StringComparison.Ordinal);
    }
}
