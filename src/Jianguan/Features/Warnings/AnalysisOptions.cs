using System.ComponentModel.DataAnnotations;
using Jianguan.Analytics.Scoring;

namespace Jianguan.Features.Warnings;

/// <summary>
/// How the analysis over the database runs (configuration section <c>Jianguan:Analysis</c>, e.g. the environment
/// variable <c>Jianguan__Analysis__UseModel=false</c>); checked when the host starts.
/// </summary>
public sealed class AnalysisOptions
{
    public const string Section = "Jianguan:Analysis";

    /// <summary>Score with the shipped model as well as the rules (off in tests that need the rules alone).</summary>
    public bool UseModel { get; set; } = true;

    /// <summary>The market's expected share of collusive sections: the model's probabilities are shifted to it.</summary>
    [Range(1e-6, 1 - 1e-6)]
    public double BaseRate { get; set; } = ModelHook.DefaultBaseRate;

    /// <summary>Markets up to this many sections are analysed whole after every import.</summary>
    [Range(1, int.MaxValue)]
    public int WholeMarketSections { get; set; } = AlertAnalysis.WholeMarketSections;
}
