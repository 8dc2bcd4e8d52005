using System.Globalization;
using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;

namespace Jianguan.Features.Alerts;

public sealed record ChartBar(double X, double Y, double Width, double Height, string Class, string Title, string Label);

public sealed record ChartRule(double Y, string Class, string Label);

public sealed record ChartTick(double Y, string Label);

/// <summary>A section's bids as bars, lowest first, with the control price and estimate as lines: drawn as SVG on the server.</summary>
public sealed record PriceChart(double Width, double Height, double Left, double Right, double Top, double Bottom,
    IReadOnlyList<ChartBar> Bars, IReadOnlyList<ChartRule> Rules, IReadOnlyList<ChartTick> Ticks, string Description);

public sealed record NetNode(long Id, string Name, double X, double Y, double R, string Class, string Label, double LabelX, double LabelY, string Anchor);

public sealed record NetLink(double X1, double Y1, double X2, double Y2, double Width, string Title);

/// <summary>A group as a network: members on a circle in a fixed order (deterministic, prints the same every time).</summary>
public sealed record NetworkChart(double Width, double Height, IReadOnlyList<NetNode> Nodes, IReadOnlyList<NetLink> Links, string Description);

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

    public static NetworkChart Network(IReadOnlyList<GroupMemberInfo> members, IReadOnlyList<NetworkEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(edges);
        const double width = 640, height = 520;
        var cx = width / 2;
        var cy = height / 2;
        var radius = Math.Min(width, height) / 2 - 90;
        var ordered = members.OrderBy(m => m.Id).ToList();
        var maxBids = Math.Max(1, ordered.Count == 0 ? 1 : ordered.Max(m => m.Bids));
        var position = new Dictionary<long, (double X, double Y)>();
        var nodes = new List<NetNode>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var m = ordered[i];
            var angle = (2 * Math.PI * i / ordered.Count) - (Math.PI / 2);
            var x = cx + (radius * Math.Cos(angle));
            var y = cy + (radius * Math.Sin(angle));
            position[m.Id] = (x, y);
            var r = 8 + (12 * Math.Sqrt((double)m.Bids / maxBids));
            var cls = "node" + (m.Wins > 0 ? " winner" : "") + (m.OnFocusList ? " focus" : "") + (m.Score >= 70 ? " red" : m.Score >= 40 ? " orange" : "");
            var label = m.Name.Length > 12 ? m.Name[..12] + "…" : m.Name;
            var lx = cx + ((radius + r + 8) * Math.Cos(angle));
            var ly = cy + ((radius + r + 8) * Math.Sin(angle)) + 4;
            var anchor = Math.Abs(Math.Cos(angle)) < 0.2 ? "middle" : Math.Cos(angle) > 0 ? "start" : "end";
            nodes.Add(new NetNode(m.Id, m.Name, x, y, r, cls, label, lx, ly, anchor));
        }

        var maxMeet = Math.Max(1, edges.Count == 0 ? 1 : edges.Max(e => e.Meetings));
        var links = edges.Where(e => position.ContainsKey(e.A) && position.ContainsKey(e.B))
            .Select(e =>
            {
                var a = position[e.A];
                var b = position[e.B];
                var na = ordered.First(m => m.Id == e.A).Name;
                var nb = ordered.First(m => m.Id == e.B).Name;
                return new NetLink(a.X, a.Y, b.X, b.Y, 1 + (7.0 * e.Meetings / maxMeet), $"{na} — {nb}：同场投标 {e.Meetings} 次");
            }).ToList();
        var description = $"团体 {ordered.Count} 家成员按固定顺序排成一圈；连线越粗，两家同场投标越多；圆越大，投标越多；实心为有中标记录。";
        return new NetworkChart(width, height, nodes, links, description);
    }
}
