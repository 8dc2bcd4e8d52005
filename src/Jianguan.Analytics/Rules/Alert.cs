using Jianguan.Analytics.Data;

namespace Jianguan.Analytics.Rules;

/// <summary>One rule hit with its evidence. Section and group are -1 when the alert is about bidders only.</summary>
public sealed class Alert(Rule rule, int section, int[] bidders)
{
    public Rule Rule { get; } = rule;
    public int Section { get; } = section;
    public int Group { get; set; } = -1;
    public int[] Bidders { get; } = bidders;

    /// <summary>How strongly the evidence supports the rule, 0–1 (scales the rule's weight in the scores).</summary>
    public double Strength { get; set; } = 1;

    public List<KeyValuePair<string, object?>> Evidence { get; } = [];

    public Alert With(string key, object? value)
    {
        Evidence.Add(new(key, value));
        return this;
    }

    public double Score => Math.Round(100 * Rule.LevelWeight(Rule.Level) * Strength, 1);

    /// <summary>The rule's level, lowered when the evidence is weak (a strength below 1), never below yellow.</summary>
    public Level Level => Strength >= 1 ? Rule.Level : (Level)Math.Max((int)Level.Yellow, Math.Min((int)Rule.Level, (int)Rule.LevelOf(Score)));
}

/// <summary>A fingerprint's text, read from the input only when the alert is written.</summary>
public readonly record struct RawValue(int Bid, FingerprintKind Kind);

/// <summary>A pair of different bidders sharing one fingerprint value in one section: the material of cross-section links.</summary>
public readonly record struct FingerprintHit(int BidderA, int BidderB, FingerprintKind Kind, ulong Value, int Section, int Bid);
