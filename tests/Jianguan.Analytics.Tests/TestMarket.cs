using Jianguan.Analytics.Data;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Tests;

/// <summary>A tiny market built in code, for rule tests.</summary>
internal sealed class TestMarket
{
    private readonly BidTableBuilder _b = new();

    public TestMarket(bool withBidders = true)
    {
        _b.HasBidders = withBidders;
    }

    public TestMarket Bid(string section, string bidder, double price, bool won = false, BidStatus status = BidStatus.Valid,
        string? checkin = null, params (FingerprintKind Kind, string Value)[] fingerprints)
    {
        var s = _b.Section(section);
        var who = _b.HasBidders ? _b.Bidder(bidder) : -1;
        var i = _b.AddBid(s, who, price);
        if (won)
        {
            _b.SetWon(i);
        }

        if (status != BidStatus.Valid)
        {
            _b.HasStatus = true;
            _b.SetStatus(i, status);
        }

        if (checkin is not null)
        {
            _b.HasCheckin = true;
            _b.SetCheckin(i, Timestamp.Parse(System.Text.Encoding.UTF8.GetBytes(checkin)));
        }

        foreach (var (kind, value) in fingerprints)
        {
            _b.SetFingerprint(i, kind, value);
        }

        return this;
    }

    public TestMarket Fp(FingerprintKind kind)
    {
        _b.EnableFingerprint(kind);
        return this;
    }

    public TestMarket Section(string section, double control = double.NaN, string? notice = null, string? open = null,
        string? mode = null, string? category = null)
    {
        var s = _b.Section(section);
        if (double.IsFinite(control))
        {
            _b.SetControlPrice(s, control);
        }

        if (notice is not null)
        {
            _b.SetNoticeTime(s, Timestamp.Parse(System.Text.Encoding.UTF8.GetBytes(notice)));
        }

        if (open is not null)
        {
            _b.SetOpenTime(s, Timestamp.Parse(System.Text.Encoding.UTF8.GetBytes(open)));
        }

        if (mode is not null)
        {
            _b.SetMode(s, mode);
        }

        if (category is not null)
        {
            _b.SetCategory(s, category);
        }

        return this;
    }

    public TestMarket Code(string bidder, string code)
    {
        _b.SetBidderCode(_b.Bidder(bidder), code);
        return this;
    }

    public BidTable Build() => _b.Build();

    public AnalysisResult Analyze() => Engine.Analyze(Build(), new EngineOptions { MaxDegreeOfParallelism = 1 });
}

internal static class ResultExtensions
{
    public static List<Alert> Of(this AnalysisResult r, Rule rule) => r.Alerts.Where(a => a.Rule == rule).ToList();

    public static bool Fired(this AnalysisResult r, Rule rule) => r.Alerts.Any(a => a.Rule == rule);

    public static string[] Names(this AnalysisResult r, Alert a) => a.Bidders.Select(b => r.Table.BidderNames[b]).Order(StringComparer.Ordinal).ToArray();

    public static double SectionScore(this AnalysisResult r, string section) => r.Scores.Section[Array.IndexOf(r.Table.SectionIds, section)];
}
