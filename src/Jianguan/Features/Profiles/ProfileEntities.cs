using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;

namespace Jianguan.Features.Profiles;

/// <summary>A bidder's risk score from the latest analysis that covered it (only bidders scoring above 0).</summary>
public sealed class BidderRisk
{
    public long EntityId { get; set; }
    public double Score { get; set; }
    public AlertLevel Level { get; set; }
    public required string Rules { get; set; }
    public string? GroupKey { get; set; }
    public DateTimeOffset AnalysedAt { get; set; }
}

/// <summary>A suspect group of co-bidders; its key is the hash of its sorted member ids, stable across runs.</summary>
public sealed class RiskGroup
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public double Score { get; set; }
    public AlertLevel Level { get; set; }
    public double Cohesion { get; set; }
    public double Exclusivity { get; set; }
    public int JointSections { get; set; }
    public int GroupWins { get; set; }
    public int DistinctWinners { get; set; }
    public required string Rules { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public List<RiskGroupMember> Members { get; } = [];
}

public sealed class RiskGroupMember
{
    public long GroupId { get; set; }
    public long EntityId { get; set; }
    public MarketEntity? Entity { get; set; }
}
