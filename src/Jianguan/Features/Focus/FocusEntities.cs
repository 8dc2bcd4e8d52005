using Jianguan.Features.Trading;

namespace Jianguan.Features.Focus;

public enum FocusOrigin
{
    /// <summary>Put on the list by the alert history (red alerts or a high score in the last 12 months).</summary>
    Derived,

    /// <summary>Added by the office (公管办) with a reason.</summary>
    Manual,
}

/// <summary>
/// 重点关注对象名单: one row per market entity. Removal by the office is kept (inactive, with its reason) so that
/// re-derivation does not put the firm back unless a new red alert arrives after the removal.
/// </summary>
public sealed class FocusEntry
{
    public long Id { get; set; }
    public long EntityId { get; set; }
    public MarketEntity? Entity { get; set; }
    public FocusOrigin Origin { get; set; }
    public bool Active { get; set; } = true;
    public required string Reason { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
    public string? RemovedBy { get; set; }
    public string? RemovedReason { get; set; }
}

/// <summary>The history of the focus list (also in the audit chain).</summary>
public sealed class FocusChange
{
    public long Id { get; set; }
    public long EntityId { get; set; }
    public bool Added { get; set; }
    public required string Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>跟踪提示: a newly imported section in which a focus-list firm takes part.</summary>
public sealed class TrackingNotice
{
    public long Id { get; set; }
    public long SectionId { get; set; }
    public Section? Section { get; set; }
    public long EntityId { get; set; }
    public MarketEntity? Entity { get; set; }
    public long FocusEntryId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
