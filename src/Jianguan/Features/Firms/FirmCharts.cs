using Jianguan.Features.Profiles;
using Jianguan.Features.Warnings;

namespace Jianguan.Features.Firms;

/// <summary>One period of the timeline: how many tenders the firm bid in and how many it won.</summary>
public sealed record TimelineBar(double X, double Width, double BidY, double WinY, double Base, string Label, string? Year, string Title);

/// <summary>A firm's bids and wins per month or quarter, drawn as SVG on the server (no script; the CSP allows it).</summary>
public sealed record TimelineChart(
    double Width, double Height, double Left, double Right, double Top, double Bottom,
    IReadOnlyList<TimelineBar> Bars, IReadOnlyList<ChartTick> Ticks, string Description, int Total);

public static class FirmCharts
{
    /// <summary>Months for a period up to two years, quarters beyond; every period of the range has its bar, empty or not.</summary>
    public static TimelineChart Timeline(IReadOnlyList<(DateOnly Day, bool Won)> tenders, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(tenders);
        const double width = 760, height = 240, left = 44, right = 12, top = 14, bottom = 44;
        var quarters = ((to.Year - from.Year) * 12) + to.Month - from.Month >= 24;
        int Key(DateOnly d) => quarters ? (d.Year * 4) + ((d.Month - 1) / 3) : (d.Year * 12) + d.Month - 1;
        var first = Key(from);
        var last = Math.Max(first, Key(to));
        var count = last - first + 1;
        var bids = new int[count];
        var wins = new int[count];
        foreach (var (day, won) in tenders)
        {
            var i = Key(day) - first;
            if (i >= 0 && i < count)
            {
                bids[i]++;
                wins[i] += won ? 1 : 0;
            }
        }

        var (max, step) = NiceCount(bids.DefaultIfEmpty().Max());
        double Y(double v) => top + ((max - v) / max * (height - top - bottom));
        var plot = width - left - right;
        var slot = plot / count;
        var barWidth = Math.Max(2, Math.Min(28, slot * 0.7));
        var bars = new List<TimelineBar>();
        for (var i = 0; i < count; i++)
        {
            var key = first + i;
            var (year, part) = quarters ? (key / 4, (key % 4) + 1) : (key / 12, (key % 12) + 1);
            var label = quarters ? part + "季" : part + "月";
            var showYear = i == 0 || part == 1;
            var name = quarters ? $"{year}年第{part}季度" : $"{year}年{part}月";
            bars.Add(new TimelineBar(left + (slot * i) + ((slot - barWidth) / 2), barWidth, Y(bids[i]), Y(wins[i]), Y(0),
                // Month labels every month only when they fit; the year always shows at its first period.
                quarters || count <= 24 || part % 3 == 1 ? label : "",
                showYear ? year.ToString(CultureInfo.InvariantCulture) + "年" : null,
                $"{name}：投标 {bids[i]} 次，中标 {wins[i]} 次"));
        }

        var ticks = new List<ChartTick>();
        for (var v = 0; v <= max; v += step)
        {
            ticks.Add(new ChartTick(Y(v), v.ToString(CultureInfo.InvariantCulture)));
        }

        var total = bids.Sum();
        var description = $"按{(quarters ? "季度" : "月份")}统计：浅色柱为投标次数，深色柱为其中的中标次数；期内共投标 {total} 次，中标 {wins.Sum()} 次。";
        return new TimelineChart(width, height, left, right, top, bottom, bars, ticks, description, total);
    }

    /// <summary>A round axis maximum for counts and its tick step: 0–5 by 1, 0–10 by 2, 0–50 by 10 …</summary>
    public static (int Max, int Step) NiceCount(int value)
    {
        if (value <= 5)
        {
            return (5, 1);
        }

        var step = (int)Charts.NiceStep(value / 5.0);
        step = Math.Max(1, step);
        return ((value + step - 1) / step * step, step);
    }

    /// <summary>
    /// The firm in the middle, its most frequent co-bidders around it in order of meetings; a line's width is how
    /// often the two bid in the same section of the firm's tenders. Small networks get a small box.
    /// </summary>
    public static NetworkChart Network(long firmId, IReadOnlyList<GroupMemberInfo> members, IReadOnlyList<NetworkEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(edges);
        var others = members.Where(m => m.Id != firmId).ToList();
        var self = members.Single(m => m.Id == firmId);
        const double width = 760;
        var height = others.Count <= 3 ? 300.0 : 480.0;
        var cx = width / 2;
        var cy = height / 2;
        var radius = (height / 2) - 60;
        var position = new Dictionary<long, (double X, double Y)> { [firmId] = (cx, cy) };
        var nodes = new List<NetNode>();
        var maxBids = Math.Max(1, members.Max(m => m.Bids));
        double Radius(GroupMemberInfo m) => 8 + (12 * Math.Sqrt((double)m.Bids / maxBids));
        static string Short(string name) => name.Length > 12 ? name[..12] + "…" : name;
        var selfR = Radius(self);
        nodes.Add(new NetNode(self.Id, self.Name, cx, cy, selfR, "node self" + (self.Wins > 0 ? " winner" : ""), Short(self.Name), cx, cy + selfR + 16, "middle"));
        for (var i = 0; i < others.Count; i++)
        {
            var m = others[i];
            var angle = (2 * Math.PI * i / others.Count) - (Math.PI / 2);
            var x = cx + (radius * Math.Cos(angle));
            var y = cy + (radius * Math.Sin(angle));
            position[m.Id] = (x, y);
            var r = Radius(m);
            var anchor = Math.Abs(Math.Cos(angle)) < 0.2 ? "middle" : Math.Cos(angle) > 0 ? "start" : "end";
            var lx = x + ((r + 6) * Math.Cos(angle));
            var ly = y + ((r + 6) * Math.Sin(angle)) + 4 + (Math.Sin(angle) > 0.9 ? 8 : 0);
            nodes.Add(new NetNode(m.Id, m.Name, x, y, r, "node" + (m.Wins > 0 ? " winner" : ""), Short(m.Name), lx, ly, anchor));
        }

        var names = members.ToDictionary(m => m.Id, m => m.Name);
        var maxMeet = Math.Max(1, edges.Count == 0 ? 1 : edges.Max(e => e.Meetings));
        var links = edges.Where(e => position.ContainsKey(e.A) && position.ContainsKey(e.B))
            .OrderBy(e => e.A == firmId || e.B == firmId)
            .Select(e => new NetLink(position[e.A].X, position[e.A].Y, position[e.B].X, position[e.B].Y,
                1 + (7.0 * e.Meetings / maxMeet), $"{names[e.A]} — {names[e.B]}：同场投标 {e.Meetings} 次"))
            .ToList();
        var description = $"居中为本单位，周围为同场投标最多的 {others.Count} 家单位；连线越粗，两家在本单位参与的标段中同场越多；圆越大，投标越多；实心为有中标记录。";
        return new NetworkChart(width, height, nodes, links, description, "/Firms/");
    }
}
