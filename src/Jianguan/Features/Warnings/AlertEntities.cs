using Jianguan.Features.Trading;

namespace Jianguan.Features.Warnings;

/// <summary>The review state of an alert: new → under review → dismissed (with a reason) | converted to a clue.</summary>
public enum AlertState
{
    New,
    UnderReview,
    Dismissed,
    Converted,
}

/// <summary>Warning levels as stored (the engine's levels without "none").</summary>
public enum AlertLevel
{
    None = 0,
    Yellow = 1,
    Orange = 2,
    Red = 3,
}

/// <summary>
/// A warning of the engine as the platform keeps it: one row per de-duplication key (rule + section + sorted
/// bidders + shared value), so that re-analysis refreshes the row instead of adding another.
/// </summary>
public sealed class RiskAlert
{
    public long Id { get; set; }

    /// <summary>SHA-256 (hex) of the de-duplication key; see <see cref="AlertKeys"/>.</summary>
    public required string Key { get; set; }
    public required string RuleCode { get; set; }

    /// <summary>fingerprint, price_screen, competition, network, data_quality.</summary>
    public required string RuleCategory { get; set; }
    public AlertLevel Level { get; set; }
    public required string Basis { get; set; }
    public double Score { get; set; }
    public long? SectionId { get; set; }
    public Section? Section { get; set; }

    /// <summary>The group an alert is about (network rules), by its stable key.</summary>
    public string? GroupKey { get; set; }

    /// <summary>The shared value (fingerprint text, identical price) that is part of the key, for display.</summary>
    public string? SharedValue { get; set; }

    /// <summary>The engine's evidence as JSON (fingerprint text read back from the bids).</summary>
    public required string Evidence { get; set; }
    public AlertState State { get; set; } = AlertState.New;
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>When the facts happened: the section's bid opening (else its notice); null for market-wide alerts.</summary>
    public DateTimeOffset? OccurredAt { get; set; }

    /// <summary>
    /// The Beijing calendar month (yyyymm) of <see cref="OccurredAt"/>, else of <see cref="FirstSeenAt"/>: the day the
    /// alert list's filters and trend go by, to the month. Computed by the database from those two columns
    /// (<see cref="RiskAlertConfiguration.Month"/>), whoever writes the row, so the trend counts months in SQL.
    /// </summary>
    public int OccurredMonth { get; private set; }
    public DateTimeOffset? StateChangedAt { get; set; }
    public long? ClueId { get; set; }
    public List<RiskAlertBidder> Bidders { get; } = [];
    public List<AlertTransition> History { get; } = [];
}

public sealed class RiskAlertBidder
{
    public long AlertId { get; set; }
    public long EntityId { get; set; }
    public MarketEntity? Entity { get; set; }
}

/// <summary>One state change of an alert, kept as its history (the audit chain holds the same fact).</summary>
public sealed class AlertTransition
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public AlertState From { get; set; }
    public AlertState To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A section's risk score from the latest analysis that covered it (only sections scoring above 0).</summary>
public sealed class SectionRisk
{
    public long SectionId { get; set; }
    public double Score { get; set; }
    public AlertLevel Level { get; set; }
    public required string Rules { get; set; }
    public double? ModelProbability { get; set; }
    public DateTimeOffset AnalysedAt { get; set; }
}

/// <summary>One run of the analysis: what triggered it, how much it covered, how long it took.</summary>
public sealed class AnalysisRun
{
    public long Id { get; set; }

    /// <summary>import, nightly, refresh.</summary>
    public required string Trigger { get; set; }

    /// <summary>market (the whole market) or neighbourhood (the touched sections and their bidders' history).</summary>
    public required string Scope { get; set; }
    public int SectionsAnalysed { get; set; }
    public int SectionsStored { get; set; }
    public int AlertsNew { get; set; }
    public int AlertsUpdated { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public long DurationMs { get; set; }

    /// <summary>
    /// A whole-market run's price norms (the engine's market quantiles, JSON): every node judges its incremental
    /// runs by the newest of them, whichever node computed it.
    /// </summary>
    public string? Norms { get; set; }
}
