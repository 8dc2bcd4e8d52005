using Jianguan.Features.Firms;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Shared;

/// <summary>A series of a chart: its CSS class (colour) and its name in the legend.</summary>
public sealed record ChartSeries(string Class, string Name);

/// <summary>One part of a stacked column.</summary>
public sealed record StackSegment(double Y, double Height, string Class, string Title);

/// <summary>A column of a stacked chart; <see cref="Href"/> opens the rows it counts.</summary>
public sealed record StackColumn(double X, double Width, string Label, string? SubLabel, string Title, string? Href, int Total,
    IReadOnlyList<StackSegment> Segments);

/// <summary>Counts per column split by series (alerts per month by level, inspections per grade by result).</summary>
public sealed record StackedChart(string Id, double Width, double Height, double Left, double Right, double Top, double Bottom,
    IReadOnlyList<StackColumn> Columns, IReadOnlyList<ChartTick> Ticks, IReadOnlyList<ChartSeries> Legend, string Unit, string Description);

/// <summary>One column input of <see cref="SvgCharts.Stacked"/>: its label, tooltip name, link and a count per series.</summary>
public sealed record StackInput(string Label, string? SubLabel, string Name, string? Href, IReadOnlyList<int> Counts);

public sealed record HeatRow(double Y, string Label, string Title, string? Href);

public sealed record HeatColumn(double X, string Label, string? SubLabel);

public sealed record HeatCell(double X, double Y, double Width, double Height, string Class, string Title, string Text, string? Href);

/// <summary>Rows × periods, each cell shaded by its count (alerts per rule and month).</summary>
public sealed record HeatChart(string Id, double Width, double Height, double Left, double Top, IReadOnlyList<HeatRow> Rows,
    IReadOnlyList<HeatColumn> Columns, IReadOnlyList<HeatCell> Cells, string Description);

public sealed record DotRow(double Y, string Label, string Title, string? Href);

public sealed record DotMark(double X, double Y, double R, string Class, string Title, string? Href);

public sealed record DotAxisMark(double X, string Label);

/// <summary>One row per member along a time axis: a mark per event, filled for the member's wins (who won when).</summary>
public sealed record DotTimeline(string Id, double Width, double Height, double Left, double Right, double Top, double Bottom,
    IReadOnlyList<DotRow> Rows, IReadOnlyList<DotAxisMark> Axis, IReadOnlyList<DotMark> Marks, string WinPath, string Description);

public sealed record RingNode(double X, double Y, double R, string Class, string Label, double LabelX, double LabelY, string Anchor, string Title, string? Href);

public sealed record RingLink(double X1, double Y1, double X2, double Y2, string Class, string Title);

/// <summary>Items on a ring around a few hubs in the middle, each hub linked to each item (two firms and their sections).</summary>
public sealed record RingChart(string Id, double Width, double Height, IReadOnlyList<RingNode> Nodes, IReadOnlyList<RingLink> Links, string Description);

/// <summary>A calendar bucket of a time axis: a month, a quarter or a year.</summary>
public readonly record struct Period(int Year, int Part, PeriodKind Kind)
{
    public DateOnly First => Kind switch
    {
        PeriodKind.Month => new DateOnly(Year, Part, 1),
        PeriodKind.Quarter => new DateOnly(Year, ((Part - 1) * 3) + 1, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    public DateOnly Last => Kind switch
    {
        PeriodKind.Month => First.AddMonths(1).AddDays(-1),
        PeriodKind.Quarter => First.AddMonths(3).AddDays(-1),
        _ => new DateOnly(Year, 12, 31),
    };

    /// <summary>The short label under a column: 3月, 2季, 2025年.</summary>
    public string Label => Kind switch
    {
        PeriodKind.Month => Part.ToString(CultureInfo.InvariantCulture) + "月",
        PeriodKind.Quarter => Part.ToString(CultureInfo.InvariantCulture) + "季",
        _ => Year.ToString(CultureInfo.InvariantCulture) + "年",
    };

    /// <summary>The full name in a tooltip: 2026年3月, 2026年第2季度, 2026年.</summary>
    public string Name => Kind switch
    {
        PeriodKind.Month => $"{Year}年{Part}月",
        PeriodKind.Quarter => $"{Year}年第{Part}季度",
        _ => $"{Year}年",
    };

    /// <summary>Whether the column shows its year under the label (the first column and each year's first period).</summary>
    public bool StartsYear => Kind != PeriodKind.Year && Part == 1;
}

public enum PeriodKind
{
    Month,
    Quarter,
    Year,
}

/// <summary>
/// Charts drawn as SVG on the server: no script, and colours by class in site.css (the CSP allows neither inline
/// script nor inline style). Every mark carries a title (its tooltip) and every chart a sentence that says what it shows.
/// </summary>
public static class SvgCharts
{
    private static string F(double v) => Charts.F(v);

    /// <summary>
    /// The periods covering <paramref name="from"/>–<paramref name="to"/>: months up to two years, quarters up to
    /// eight years, years beyond.
    /// </summary>
    public static IReadOnlyList<Period> Periods(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            (from, to) = (to, from);
        }

        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;
        var kind = months <= 24 ? PeriodKind.Month : months <= 96 ? PeriodKind.Quarter : PeriodKind.Year;
        var list = new List<Period>();
        var p = PeriodOf(from, kind);
        var last = PeriodOf(to, kind);
        while (p.First <= last.First)
        {
            list.Add(p);
            var next = p.Last.AddDays(1);
            p = PeriodOf(next, kind);
        }

        return list;
    }

    public static Period PeriodOf(DateOnly day, PeriodKind kind) => kind switch
    {
        PeriodKind.Month => new Period(day.Year, day.Month, kind),
        PeriodKind.Quarter => new Period(day.Year, ((day.Month - 1) / 3) + 1, kind),
        _ => new Period(day.Year, 1, kind),
    };

    /// <summary>Columns of stacked counts, series bottom-up in the order given; a column with nothing has no bars.</summary>
    public static StackedChart Stacked(string id, IReadOnlyList<StackInput> columns, IReadOnlyList<ChartSeries> series, string unit, string description,
        double width = 760, double height = 260)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(series);
        const double left = 44, right = 12, top = 14;
        var bottom = columns.Any(c => c.SubLabel is not null) ? 44.0 : 30.0;
        var (max, step) = FirmCharts.NiceCount(columns.Select(c => c.Counts.Sum()).DefaultIfEmpty().Max());
        double Y(double v) => top + ((max - v) / max * (height - top - bottom));
        var slot = (width - left - right) / Math.Max(1, columns.Count);
        var barWidth = Math.Max(3, Math.Min(64, slot * 0.7));
        var dense = columns.Count > 24;
        var result = new List<StackColumn>();
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var x = left + (slot * i) + ((slot - barWidth) / 2);
            var segments = new List<StackSegment>();
            var sum = 0;
            for (var s = 0; s < series.Count && s < c.Counts.Count; s++)
            {
                var n = c.Counts[s];
                if (n <= 0)
                {
                    continue;
                }

                var y = Y(sum + n);
                segments.Add(new StackSegment(y, Y(sum) - y, series[s].Class, $"{c.Name}：{series[s].Name} {n} {unit}"));
                sum += n;
            }

            var parts = string.Join("，", series.Select((s, k) => k < c.Counts.Count && c.Counts[k] > 0 ? $"{s.Name} {c.Counts[k]}" : null).Where(t => t is not null));
            result.Add(new StackColumn(x, barWidth, dense && i % 3 != 0 && c.SubLabel is null ? "" : c.Label, c.SubLabel,
                $"{c.Name}：共 {sum} {unit}" + (parts.Length > 0 ? "（" + parts + "）" : ""), sum > 0 ? c.Href : null, sum, segments));
        }

        var ticks = new List<ChartTick>();
        for (var v = 0; v <= max; v += step)
        {
            ticks.Add(new ChartTick(Y(v), v.ToString(CultureInfo.InvariantCulture)));
        }

        return new StackedChart(id, width, height, left, right, top, bottom, result, ticks, series, unit, description);
    }

    /// <summary>
    /// A grid of rows × columns shaded in five steps of the largest count; an empty cell stays white. A cell links to
    /// the rows it counts when <paramref name="href"/> gives an address.
    /// </summary>
    public static HeatChart Heat(string id, IReadOnlyList<(string Label, string Name, string? Href)> rows, IReadOnlyList<(string Label, string? SubLabel, string Name)> columns,
        int[,] counts, Func<int, int, string?> href, string unit, string description)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(href);
        const double left = 200, right = 12, top = 8, rowHeight = 24;
        var bottom = columns.Any(c => c.SubLabel is not null) ? 40.0 : 26.0;
        var width = 760.0;
        var cellWidth = (width - left - right) / Math.Max(1, columns.Count);
        var height = top + (rowHeight * rows.Count) + bottom;
        var max = 0;
        foreach (var n in counts)
        {
            max = Math.Max(max, n);
        }

        var cells = new List<HeatCell>();
        var heatRows = new List<HeatRow>();
        var dense = columns.Count > 24;
        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + (rowHeight * r);
            var label = rows[r].Label.Length > 14 ? rows[r].Label[..13] + "…" : rows[r].Label;
            heatRows.Add(new HeatRow(y + (rowHeight / 2) + 4, label, rows[r].Name, rows[r].Href));
            for (var c = 0; c < columns.Count; c++)
            {
                var n = counts[r, c];
                var shade = n == 0 || max == 0 ? 0 : Math.Clamp((int)Math.Ceiling(5.0 * n / max), 1, 5);
                cells.Add(new HeatCell(left + (cellWidth * c) + 1, y + 1, Math.Max(1, cellWidth - 2), rowHeight - 2, "heat heat-" + shade.ToString(CultureInfo.InvariantCulture),
                    $"{rows[r].Name}，{columns[c].Name}：{n} {unit}", n > 0 && cellWidth >= 22 ? n.ToString(CultureInfo.InvariantCulture) : "", n > 0 ? href(r, c) : null));
            }
        }

        var heatColumns = columns.Select((c, i) => new HeatColumn(left + (cellWidth * i) + (cellWidth / 2), dense && i % 3 != 0 && c.SubLabel is null ? "" : c.Label, c.SubLabel)).ToList();
        return new HeatChart(id, width, height, left, top + (rowHeight * rows.Count), heatRows, heatColumns, cells, description);
    }

    /// <summary>
    /// Who won when: one row per member, one mark per event at its day (hollow where the member took part, filled
    /// where it won), and a line through the winners in time order so that turns taken show as a zigzag.
    /// </summary>
    public static DotTimeline Rotation(string id, IReadOnlyList<(long Id, string Name, string? Href)> members,
        IReadOnlyList<(DateOnly Day, string Title, string? Href, IReadOnlyCollection<long> Present, long? Winner)> events, string description)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(events);
        const double width = 760, left = 190, right = 16, top = 12, rowHeight = 26;
        var bottom = 40.0;
        var height = top + (rowHeight * Math.Max(1, members.Count)) + bottom;
        var days = events.Select(e => e.Day).ToList();
        var from = days.Count == 0 ? new DateOnly(2000, 1, 1) : days.Min();
        var to = days.Count == 0 ? from : days.Max();
        var periods = Periods(from, to);
        var start = periods[0].First;
        var end = periods[^1].Last.AddDays(1);
        var span = Math.Max(1, end.DayNumber - start.DayNumber);
        double X(DateOnly d) => left + ((width - left - right) * (d.DayNumber - start.DayNumber) / span);
        var rowOf = new Dictionary<long, int>();
        var rows = new List<DotRow>();
        for (var i = 0; i < members.Count; i++)
        {
            rowOf[members[i].Id] = i;
            var name = members[i].Name;
            rows.Add(new DotRow(top + (rowHeight * i) + (rowHeight / 2), name.Length > 13 ? name[..12] + "…" : name, name, members[i].Href));
        }

        double RowY(int row) => top + (rowHeight * row) + (rowHeight / 2);
        var marks = new List<DotMark>();
        var path = new List<string>();
        foreach (var e in events.OrderBy(e => e.Day))
        {
            var x = X(e.Day);
            foreach (var m in e.Present.Where(rowOf.ContainsKey))
            {
                var won = e.Winner == m;
                marks.Add(new DotMark(x, RowY(rowOf[m]), won ? 6 : 4, won ? "dot won" : "dot", $"{ChinaTime.FormatDate(e.Day)} {e.Title}：{members[rowOf[m]].Name}{(won ? "中标" : "参与投标")}", e.Href));
            }

            if (e.Winner is { } w && rowOf.TryGetValue(w, out var wr))
            {
                path.Add(F(x) + "," + F(RowY(wr)));
            }
        }

        var axis = new List<DotAxisMark>();
        var everyOther = periods.Count > 12;
        for (var i = 0; i < periods.Count; i++)
        {
            var p = periods[i];
            if (!everyOther || i % 2 == 0 || p.StartsYear)
            {
                axis.Add(new DotAxisMark(X(p.First), i == 0 || p.StartsYear || p.Kind == PeriodKind.Year ? p.Name : p.Label));
            }
        }

        return new DotTimeline(id, width, height, left, right, top, bottom, rows, axis, marks, string.Join(' ', path), description);
    }

    /// <summary>
    /// Hubs (up to a few) side by side in the middle, items on a ring around them, every hub linked to every item:
    /// the same pair of firms meeting in section after section.
    /// </summary>
    public static RingChart Ring(string id, IReadOnlyList<(string Name, string? Href, string Class)> hubs, IReadOnlyList<(string Name, string? Href, string Class)> items,
        string linkTitle, string description)
    {
        ArgumentNullException.ThrowIfNull(hubs);
        ArgumentNullException.ThrowIfNull(items);
        const double width = 760;
        var height = items.Count <= 4 ? 340.0 : 460.0;
        var cx = width / 2;
        var cy = height / 2;
        var radius = (height / 2) - 50;
        static string Short(string name, int max) => name.Length > max ? name[..(max - 1)] + "…" : name;
        var nodes = new List<RingNode>();
        var hubPos = new List<(double X, double Y)>();
        var spacing = hubs.Count <= 1 ? 0 : Math.Min(130, radius * 1.1 / (hubs.Count - 1));
        for (var i = 0; i < hubs.Count; i++)
        {
            var x = cx + (spacing * (i - ((hubs.Count - 1) / 2.0)));
            hubPos.Add((x, cy));
            var below = i % 2 == 1;
            nodes.Add(new RingNode(x, cy, 14, "node hub " + hubs[i].Class, Short(hubs[i].Name, 10), x, below ? cy + 32 : cy - 22, "middle", hubs[i].Name, hubs[i].Href));
        }

        var links = new List<RingLink>();
        for (var i = 0; i < items.Count; i++)
        {
            var angle = (2 * Math.PI * i / Math.Max(1, items.Count)) - (Math.PI / 2);
            var x = cx + (radius * Math.Cos(angle));
            var y = cy + (radius * Math.Sin(angle));
            foreach (var (hx, hy) in hubPos)
            {
                links.Add(new RingLink(hx, hy, x, y, "link", string.Format(CultureInfo.InvariantCulture, linkTitle, items[i].Name)));
            }

            var anchor = Math.Abs(Math.Cos(angle)) < 0.2 ? "middle" : Math.Cos(angle) > 0 ? "start" : "end";
            var lx = x + (14 * Math.Cos(angle));
            var ly = y + (14 * Math.Sin(angle)) + 4 + (Math.Sin(angle) > 0.9 ? 8 : 0);
            nodes.Add(new RingNode(x, y, 7, "node item " + items[i].Class, Short(items[i].Name, 14), lx, ly, anchor, items[i].Name, items[i].Href));
        }

        return new RingChart(id, width, height, nodes, links, description);
    }
}
