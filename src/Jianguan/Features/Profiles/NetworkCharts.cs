namespace Jianguan.Features.Profiles;

public sealed record NetNode(long Id, string Name, double X, double Y, double R, string Class, string Label, double LabelX, double LabelY, string Anchor);

public sealed record NetLink(double X1, double Y1, double X2, double Y2, double Width, string Title);

/// <summary>
/// A group as a network: members on a circle in a fixed order (deterministic, prints the same every time). Nodes link
/// to <c>LinkBase + id</c>: bidder profiles, or firm pages for the trading readers who do not read alerts.
/// </summary>
public sealed record NetworkChart(
    double Width, double Height, IReadOnlyList<NetNode> Nodes, IReadOnlyList<NetLink> Links, string Description, string LinkBase = "/Bidders/");

public static class NetworkCharts
{
    public static NetworkChart Network(IReadOnlyList<GroupMemberInfo> members, IReadOnlyList<NetworkEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(edges);
        // Two members sit side by side in a low strip: a ring of two would be a 520-px-high box holding one line.
        const double width = 640;
        var pair = members.Count <= 2;
        var height = pair ? 170.0 : 520.0;
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
            var angle = pair ? Math.PI * (1 - i) : (2 * Math.PI * i / ordered.Count) - (Math.PI / 2);
            var x = cx + ((pair ? 160 : radius) * Math.Cos(angle));
            var y = pair ? cy - 15 : cy + (radius * Math.Sin(angle));
            position[m.Id] = (x, y);
            var r = 8 + (12 * Math.Sqrt((double)m.Bids / maxBids));
            var cls = "node" + (m.Wins > 0 ? " winner" : "") + (m.OnFocusList ? " focus" : "") + (m.Score >= 70 ? " red" : m.Score >= 40 ? " orange" : "");
            var label = m.Name.Length > 12 ? m.Name[..12] + "…" : m.Name;
            var lx = pair ? x : cx + ((radius + r + 8) * Math.Cos(angle));
            var ly = pair ? y + r + 20 : cy + ((radius + r + 8) * Math.Sin(angle)) + 4;
            var anchor = pair || Math.Abs(Math.Cos(angle)) < 0.2 ? "middle" : Math.Cos(angle) > 0 ? "start" : "end";
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
        var description = pair
            ? $"团体 {ordered.Count} 家成员；连线越粗，两家同场投标越多；圆越大，投标越多；实心为有中标记录。"
            : $"团体 {ordered.Count} 家成员按固定顺序排成一圈；连线越粗，两家同场投标越多；圆越大，投标越多；实心为有中标记录。";
        return new NetworkChart(width, height, nodes, links, description);
    }
}
