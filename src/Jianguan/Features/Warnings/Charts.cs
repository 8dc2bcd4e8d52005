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

        const double width = 760, height = 400, left = 78, right = 16, top = 16, bottom = 120;
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
        var (lo, hi, tickStep) = PriceAxis(all.Min(), all.Max());
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
                $"{i + 1}. {b.Bidder.Name}：{Wan(p)} 万元{(won ? "（中标）" : "")}{(b.Status != BidStatus.Valid ? "（" + b.StatusName + "）" : "")}",
                ShortName(b.Bidder.Name)));
        }

        var ticks = new List<ChartTick>();
        for (var v = lo; v <= hi + (tickStep / 2); v += tickStep)
        {
            ticks.Add(new ChartTick(Y(v), Wan(v)));
        }

        var rules = refs.Select(r => new ChartRule(Y(r.Value), r.Class, $"{r.Label} {Wan(r.Value)} 万元")).ToList();
        var description = $"本标段 {bids.Count} 份报价由低到高排列，柱下为投标人" + (highlight.Count > 0 ? "，预警涉及的投标人以深色标出" : "")
            + "，横线为控制价/估算价，单位万元" + (lo > 0 ? $"；纵轴从 {Wan(lo)} 万元起，便于比较报价间的差距" : "") + "。";
        return new PriceChart(width, height, left, right, top, bottom, bars, rules, ticks, description);
    }

    /// <summary>
    /// A price axis with round ticks: about five steps of 1, 2, 2.5 or 5 × 10ⁿ around the values. It starts at zero
    /// when the lowest value is within a quarter of the highest; otherwise at the round value below the lowest, so
    /// that bids a few percent apart do not look equal.
    /// </summary>
    public static (double Low, double High, double Step) PriceAxis(double min, double max)
    {
        if (max <= 0)
        {
            return (0, 1, 0.25);
        }

        var range = max - min;
        if (range < max * 0.002)
        {
            // All (nearly) equal: a band of ±2% around them.
            range = max * 0.04;
            min = Math.Max(0, min - (range / 2));
        }

        var step = NiceStep(range / 5);
        var low = Math.Floor(min / step) * step;
        if (min - low < step * 0.5)
        {
            // The lowest bid keeps a visible bar.
            low -= step;
        }

        if (low < max * 0.25)
        {
            low = 0;
            step = NiceStep(max / 5);
        }

        var high = Math.Ceiling(max / step) * step;
        if (high - max < step * 0.2)
        {
            // Room above the highest bar and the reference lines' labels.
            high += step;
        }

        return (low, high, step);
    }

    /// <summary>The round step (1, 2, 2.5 or 5 × 10ⁿ) nearest above <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        if (rough <= 0 || double.IsNaN(rough) || double.IsInfinity(rough))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>An amount in 元 as 万元 for chart labels: 123.45.</summary>
    public static string Wan(double yuan) => (yuan / 10000).ToString("#,##0.####", CultureInfo.InvariantCulture);

    /// <summary>A firm's name short enough to stand under a bar: without the legal form, at most ten characters.</summary>
    public static string ShortName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var suffix in new[] { "股份有限公司", "有限责任公司", "有限公司" })
        {
            if (name.Length > suffix.Length + 2 && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name[..^suffix.Length];
                break;
            }
        }

        return name.Length > 10 ? name[..9] + "…" : name;
    }
}
