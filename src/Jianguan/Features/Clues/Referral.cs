namespace Jianguan.Features.Clues;

/// <summary>What a referral is for, and so where it goes.</summary>
public enum ReferralKind
{
    /// <summary>行政处罚 → 执法大队.</summary>
    Penalty,

    /// <summary>违纪违规 → 纪检监察.</summary>
    Discipline,

    /// <summary>涉嫌犯罪 → 公安.</summary>
    Crime,
}

/// <summary>待签收 → 已签收 → 办理中 → 已办结; 退回 (by the receiving unit, with a reason).</summary>
public enum ReferralState
{
    Pending,
    Received,
    Handling,
    Done,
    Returned,
}

public enum ReferralAction
{
    Receive,
    Handle,
    Complete,
    Return,
}

/// <summary>
/// A referral (移送) of a concluded clue to the unit that deals with it, with a reply deadline the sender picks
/// (an agreed clock, <c>referral/ID</c>), the receiving unit's receipt (签收) and its reply.
/// </summary>
public sealed class Referral
{
    public long Id { get; set; }

    /// <summary>YS-yyyy-NNNNNN.</summary>
    public required string Number { get; set; }
    public long ClueId { get; set; }
    public ReferralKind Kind { get; set; }
    public int ToOrganisationId { get; set; }
    public int? FromOrganisationId { get; set; }
    public string? Note { get; set; }

    /// <summary>Working days for the reply, counted from the day it was sent.</summary>
    public int DueDays { get; set; }
    public DateOnly Due { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public required string SentBy { get; set; }
    public ReferralState State { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReceivedBy { get; set; }
    public string? Reply { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
    public string? RepliedBy { get; set; }
    public string? ReturnReason { get; set; }
}

public sealed class ReferralTransition
{
    public long Id { get; set; }
    public long ReferralId { get; set; }
    public ReferralState From { get; set; }
    public ReferralState To { get; set; }
    public string? Reason { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>待答复 / 已答复 (逾期 is a pending request past its due day, shown from its clock).</summary>
public enum AssistanceState
{
    Pending,
    Answered,
}

/// <summary>
/// An assistance request (协助请求) between departments (clause 五(十)): a subject, a due date, a receipt by the
/// addressee and a written reply; both sides see it.
/// </summary>
public sealed class AssistanceRequest
{
    public long Id { get; set; }

    /// <summary>XZ-yyyy-NNNNNN.</summary>
    public required string Number { get; set; }
    public int? FromOrganisationId { get; set; }
    public int ToOrganisationId { get; set; }
    public long? ClueId { get; set; }
    public required string Subject { get; set; }
    public string? Body { get; set; }
    public int DueDays { get; set; }
    public DateOnly Due { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public required string RequestedBy { get; set; }
    public AssistanceState State { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReceivedBy { get; set; }
    public string? Reply { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
    public string? RepliedBy { get; set; }
}
