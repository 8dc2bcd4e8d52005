namespace Jianguan.Analytics.Learning;

/// <summary>
/// Scores with the richest of several models whose feature groups the input columns can feed (e.g. a model
/// using winners for files that mark them, a bids-only model otherwise).
/// </summary>
public sealed class ModelScorer
{
    private readonly CollusionModel[] models;

    private ModelScorer(CollusionModel[] models) => this.models = models;

    public IReadOnlyList<CollusionModel> Models => models;

    public static ModelScorer From(params CollusionModel[] models) =>
        new([.. models.OrderByDescending(m => System.Numerics.BitOperations.PopCount((uint)m.Groups))]);

    /// <summary>The model that will score tables with these columns.</summary>
    public CollusionModel Pick(TenderColumns columns)
    {
        var available = TenderFeatures.GroupsFor(columns);
        return models.FirstOrDefault(m => (m.Groups & ~available) == 0) ?? models[^1];
    }

    /// <summary>
    /// Probability of collusion per tender; with <paramref name="baseRate"/>, shifted to a market where that share
    /// of tenders is collusive (see <see cref="CollusionModel.ScoreRows"/>).
    /// </summary>
    public double[] Score(IReadOnlyList<TenderRecord> tenders, TenderColumns columns, double? baseRate = null) =>
        Pick(columns).Score(tenders, baseRate);
}

/// <summary>
/// The shipped default model, embedded in this assembly: trained with <see cref="TrainingOptions.Portable"/> on
/// public labelled data from other markets, so that it can score a city that has no labels (docs/model.md).
/// Its features are relative to the scored batch, so score a whole market (many tenders) at once.
/// </summary>
public static class DefaultModels
{
    public const string ResourcePrefix = "Jianguan.Analytics.Learning.DefaultModel.";

    /// <summary>File names of the shipped models (in Learning/DefaultModel/).</summary>
    public static readonly string[] Files = ["portable.jgm"];

    public static ModelScorer Load()
    {
        var assembly = typeof(DefaultModels).Assembly;
        var models = Files.Select(f =>
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + f)
                ?? throw new InvalidOperationException($"the default model {f} is missing from Jianguan.Analytics");
            return CollusionModel.Load(stream);
        }).ToArray();
        return ModelScorer.From(models);
    }
}
