namespace Jianguan.Features.Clues;

/// <summary>Where a clue came from.</summary>
public enum ClueSource
{
    MonthlyReport,
    Alert,
    Inspection,
    Complaint,
    Transfer,
}

/// <summary>A clue's state: registered → under joint verification → concluded → routed | closed.</summary>
public enum ClueState
{
    Registered,
    Verifying,
    Concluded,
    Routed,
    Closed,
}

public enum ClueAction
{
    Verify,
    Conclude,
    Route,
    Close,
}

/// <summary>
/// A clue (问题线索): a suspected violation from the trading center's monthly report, an alert, an inspection
/// finding, a complaint or another department's transfer; verified by a joint team and routed to the enforcement
/// team, discipline inspection or the police, or closed when no violation is found.
/// </summary>
public sealed class Clue
{
    public long Id { get; set; }

    /// <summary>XS-yyyy-NNNNNN, numbered per year.</summary>
    public required string Number { get; set; }
    public required string Title { get; set; }

    /// <summary>The alert converted into this clue (kept for the alert → clue link).</summary>
    public long? AlertId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    public ClueSource Source { get; set; }

    /// <summary>The id of the record in its source (alert id, sampling assignment id, complaint id …).</summary>
    public string? SourceId { get; set; }

    /// <summary>A site-relative link to the source record.</summary>
    public string? SourceLink { get; set; }
    public string? Description { get; set; }

    /// <summary>The supervising department (成员单位) in charge of the verification.</summary>
    public int? DepartmentId { get; set; }

    /// <summary>Firms and sections involved, as written by the registering officer.</summary>
    public string? Firms { get; set; }
    public string? Sections { get; set; }

    public ClueState State { get; set; }
    public DateTimeOffset StateChangedAt { get; set; }

    /// <summary>The joint verification's conclusion (核查结论).</summary>
    public string? Conclusion { get; set; }

    /// <summary>Why the clue was closed without a violation.</summary>
    public string? CloseReason { get; set; }
}

/// <summary>One change of a clue's state (history with the actor's account name).</summary>
public sealed class ClueTransition
{
    public long Id { get; set; }
    public long ClueId { get; set; }
    public ClueState From { get; set; }
    public ClueState To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>The unit a member of the joint verification team represents.</summary>
public enum TeamUnit
{
    Supervising,
    Enforcement,
    Discipline,
    Police,
}

/// <summary>A member of a clue's joint verification team (联合核查组): an account and the unit it represents.</summary>
public sealed class ClueMember
{
    public long Id { get; set; }
    public long ClueId { get; set; }
    public required string UserId { get; set; }
    public TeamUnit Unit { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public required string AddedBy { get; set; }
}
