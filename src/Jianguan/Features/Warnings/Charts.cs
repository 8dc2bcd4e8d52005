using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;

namespace Jianguan.Features.Warnings;

public sealed record ChartBar(double X, double Y, double Width, double Height, string Class, string Title, string Label);

public sealed record ChartRule(double Y, string Class, string Label);

public sealed record ChartTick(double Y, string Label);

/// <summary>A section's bids as bars, lowest first, with the control price and estimate as lines: drawn as SVG on the server.</summary>
public sealed record PriceChart(double Width, double Height, double Left, double Right, double Top, double Bottom,
    IReadOnlyList<ChartBar> Bars, IReadOnlyList<ChartRule> Rules, IReadOnlyList<ChartTick> Ticks, string Description);

public static class Charts
{
    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Bars of the priced bids; bids of <paramref name="highlight"/> firms marked, the winner marked.</summary>
    public static PriceChart? Prices(SectionDetail section, IReadOnlySet<long> highlight)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(highlight);
        var bids = section.Bids.Where(b => b.Price is > 0m).OrderBy(b => b.Price).ThenBy(b => b.Bidder.Name, StringComparer.Ordinal).ToList();
        if (bids.Count == 0)
        {
            return null;
        }

        const double width = 760, height = 320, left = 78, right = 16, top = 16, bottom = 40;
        var prices = bids.Select(b => (double)b.Price!.Value).ToList();
        var refs = new List<(double Value, string Class, string Label)>();
        if (section.ControlPrice is > 0m)
        {
            refs.Add(((double)section.ControlPrice.Value, "control", "控制价"));
        }

        if (section.EstimatedPrice is > 0m)
        {
            refs.Add(((double)section.EstimatedPrice.Value, "estimate", "估算价"));
        }

        var all = prices.Concat(refs.Select(r => r.Value)).ToList();
        var lo = all.Min();
        var hi = all.Max();
        var pad = Math.Max((hi - lo) * 0.15, hi * 0.01);
        lo = Math.Max(0, lo - pad);
        hi += pad * 0.5;
        double Y(double v) => top + ((hi - v) / (hi - lo) * (height - top - bottom));
        var plot = width - left - right;
        var step = plot / bids.Count;
        var barWidth = Math.Max(2, Math.Min(48, step * 0.7));
        var bars = new List<ChartBar>();
        for (var i = 0; i < bids.Count; i++)
        {
            var b = bids[i];
            var p = prices[i];
            var x = left + (step * i) + ((step - barWidth) / 2);
            var y = Y(p);
            var won = section.Winner?.Id == b.Bidder.Id;
            var cls = "bar" + (highlight.Contains(b.Bidder.Id) ? " hl" : "") + (won ? " win" : "") + (b.Status != BidStatus.Valid ? " out" : "");
            bars.Add(new ChartBar(x, y, barWidth, height - bottom - y, cls,
                $"{b.Bidder.Name}：{TradingLabels.Money(b.Price)} 元{(won ? "（中标）" : "")}{(b.Status != BidStatus.Valid ? "（" + b.StatusName + "）" : "")}",
                (i + 1).ToString(CultureInfo.InvariantCulture)));
        }

        var ticks = new List<ChartTick>();
        for (var k = 0; k <= 4; k++)
        {
            var v = lo + ((hi - lo) * k / 4);
            ticks.Add(new ChartTick(Y(v), (v / 10000).ToString("#,##0.##", CultureInfo.InvariantCulture)));
        }

        var rules = refs.Select(r => new ChartRule(Y(r.Value), r.Class, $"{r.Label} {(r.Value / 10000).ToString("#,##0.##", CultureInfo.InvariantCulture)} 万元")).ToList();
        var description = $"本标段 {bids.Count} 份报价由低到高排列" + (highlight.Count > 0 ? "，预警涉及的投标人以深色标出" : "") + "，横线为控制价/估算价，单位万元。";
        return new PriceChart(width, height, left, right, top, bottom, bars, rules, ticks, description);
    }
}
