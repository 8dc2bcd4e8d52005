using Jianguan.Features.Trading;

namespace Jianguan.Features.Analysis;

/// <summary>
/// The sections of an analysis column by column (ADR-023): one array per figure, indexed by row, with the text
/// dimensions (region, month, tenderer, agency, project) numbered densely so that group sums go into arrays, and the
/// rows with a discount sorted once by it, so that every quantile of every group is found by walking that order.
/// Built from an <see cref="AnalysisDataset"/> (its sections in their order are the rows); the computations read
/// only the columns and the rows a <see cref="AnalysisSelection"/> keeps.
/// </summary>
public sealed class AnalysisColumns
{
    private AnalysisColumns(int count)
    {
        Count = count;
        SectionId = new long[count];
        Project = new int[count];
        Category = new TradingCategory[count];
        Region = new int[count];
        Month = new int[count];
        Tenderer = new int[count];
        Agency = new int[count];
        Reference = new decimal?[count];
        Award = new decimal?[count];
        Budget = new decimal?[count];
        Discount = new decimal?[count];
        Dispersion = new decimal?[count];
        Awarded = new bool[count];
    }

    public int Count { get; }

    internal long[] SectionId { get; }

    /// <summary>The project's number (rows of one project share it), 0 … <see cref="Projects"/> − 1.</summary>
    internal int[] Project { get; }

    internal int Projects { get; private set; }

    internal TradingCategory[] Category { get; }

    /// <summary>Index into <see cref="RegionKeys"/> (the region code, "" when none).</summary>
    internal int[] Region { get; }

    internal IReadOnlyList<string> RegionKeys { get; private set; } = [];

    /// <summary>Index into <see cref="MonthKeys"/> (yyyy-MM, ascending), −1 without a trading day.</summary>
    internal int[] Month { get; }

    internal IReadOnlyList<string> MonthKeys { get; private set; } = [];

    /// <summary>Index into <see cref="TendererIds"/>, −1 when none.</summary>
    internal int[] Tenderer { get; }

    internal IReadOnlyList<long> TendererIds { get; private set; } = [];

    /// <summary>Index into <see cref="AgencyIds"/>, −1 when none.</summary>
    internal int[] Agency { get; }

    internal IReadOnlyList<long> AgencyIds { get; private set; } = [];

    internal decimal?[] Reference { get; }

    internal decimal?[] Award { get; }

    internal decimal?[] Budget { get; }

    internal decimal?[] Discount { get; }

    internal decimal?[] Dispersion { get; }

    internal bool[] Awarded { get; }

    /// <summary>The rows with a discount, ascending by it; equal discounts in row order (a stable sort).</summary>
    internal int[] ByDiscount { get; private set; } = [];

    /// <summary>Firm names by id (tenderers, agencies, winners).</summary>
    internal Func<long, string?> FirmName { get; private set; } = _ => null;

    /// <summary>Codes and name of a row's section, for the rows a result lists.</summary>
    internal Func<int, (string ProjectCode, string SectionCode, string? Name)> Text { get; private set; } = _ => ("", "", null);

    /// <summary>Columns of a dataset's sections, in their order.</summary>
    public static AnalysisColumns Of(AnalysisDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sections = data.Sections;
        var c = new AnalysisColumns(sections.Count);
        var projects = new Dictionary<long, int>();
        var regions = new Numbering<string>(StringComparer.Ordinal);
        var tenderers = new Numbering<long>(EqualityComparer<long>.Default);
        var agencies = new Numbering<long>(EqualityComparer<long>.Default);
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<long, string?>();
        for (var i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            c.SectionId[i] = s.SectionId;
            if (!projects.TryGetValue(s.ProjectId, out var project))
            {
                project = projects.Count;
                projects.Add(s.ProjectId, project);
            }

            c.Project[i] = project;
            c.Category[i] = s.Category;
            c.Region[i] = regions.Of(s.Region ?? "");
            c.Month[i] = -1;
            if (s.Month is { } month)
            {
                months.TryAdd(month, 0);
            }

            c.Tenderer[i] = s.TendererId is { } t ? tenderers.Of(t) : -1;
            c.Agency[i] = s.AgencyId is { } a ? agencies.Of(a) : -1;
            c.Reference[i] = s.Reference;
            c.Award[i] = s.AwardAmount;
            c.Budget[i] = s.Budget;
            c.Discount[i] = s.Discount;
            c.Dispersion[i] = data.FiguresOf(s.SectionId).Dispersion;
            c.Awarded[i] = s.Awarded;
            Name(names, s.TendererId, s.TendererName);
            Name(names, s.AgencyId, s.AgencyName);
            Name(names, s.WinnerId, s.WinnerName);
        }

        var monthKeys = months.Keys.Order(StringComparer.Ordinal).ToList();
        for (var m = 0; m < monthKeys.Count; m++)
        {
            months[monthKeys[m]] = m;
        }

        for (var i = 0; i < sections.Count; i++)
        {
            if (sections[i].Month is { } month)
            {
                c.Month[i] = months[month];
            }
        }

        c.Projects = projects.Count;
        c.RegionKeys = regions.Keys;
        c.MonthKeys = monthKeys;
        c.TendererIds = tenderers.Keys;
        c.AgencyIds = agencies.Keys;
        c.ByDiscount = SortedBy(c.Discount);
        c.FirmName = id => names.GetValueOrDefault(id);
        c.Text = row => (sections[row].ProjectCode, sections[row].SectionCode, sections[row].SectionName ?? sections[row].ProjectName);
        return c;
    }

    /// <summary>The rows with a value, ascending by it, equal values in row order.</summary>
    private static int[] SortedBy(decimal?[] values)
    {
        var rows = new List<int>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not null)
            {
                rows.Add(i);
            }
        }

        var keys = new decimal[rows.Count];
        var order = rows.ToArray();
        for (var k = 0; k < order.Length; k++)
        {
            keys[k] = values[order[k]]!.Value;
        }

        // Array.Sort is not stable: rows break ties, so equal values keep their row order.
        var comparer = Comparer<(decimal Value, int Row)>.Create((x, y) => x.Value != y.Value ? x.Value.CompareTo(y.Value) : x.Row.CompareTo(y.Row));
        var pairs = new (decimal Value, int Row)[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            pairs[k] = (keys[k], order[k]);
        }

        Array.Sort(pairs, comparer);
        return [.. pairs.Select(p => p.Row)];
    }

    private static void Name(Dictionary<long, string?> names, long? id, string? name)
    {
        if (id is { } key)
        {
            names.TryAdd(key, name);
        }
    }

    /// <summary>Dense numbers for the distinct values met, in the order met.</summary>
    private sealed class Numbering<T>(IEqualityComparer<T> comparer)
        where T : notnull
    {
        private readonly Dictionary<T, int> _numbers = new(comparer);
        private readonly List<T> _keys = [];

        public IReadOnlyList<T> Keys => _keys;

        public int Of(T value)
        {
            if (!_numbers.TryGetValue(value, out var n))
            {
                n = _keys.Count;
                _numbers.Add(value, n);
                _keys.Add(value);
            }

            return n;
        }
    }
}

/// <summary>The rows of <see cref="AnalysisColumns"/> an analysis reads (a filter and a scope applied), in row order.</summary>
public sealed class AnalysisSelection
{
    public AnalysisSelection(AnalysisColumns columns, bool[] selected)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(selected);
        Columns = columns;
        Selected = selected;
        var rows = new List<int>();
        for (var i = 0; i < selected.Length; i++)
        {
            if (selected[i])
            {
                rows.Add(i);
            }
        }

        Rows = [.. rows];
    }

    public AnalysisColumns Columns { get; }

    /// <summary>Whether each row is kept, by row.</summary>
    public bool[] Selected { get; }

    /// <summary>The kept rows, ascending.</summary>
    public int[] Rows { get; }

    public static AnalysisSelection All(AnalysisColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return new AnalysisSelection(columns, Enumerable.Repeat(true, columns.Count).ToArray());
    }
}
