namespace Jianguan.Features.Clues;

/// <summary>
/// A clue (线索) created from an alert. A placeholder with its reference number until the clue-handling feature
/// takes it over.
/// </summary>
public sealed class Clue
{
    public long Id { get; set; }

    /// <summary>XS-yyyy-NNNNNN, numbered per year.</summary>
    public required string Number { get; set; }
    public required string Title { get; set; }
    public long? AlertId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}
