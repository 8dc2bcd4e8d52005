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
        Category = new int[count];
        Region = new int[count];
        Month = new int[count];
        Tenderer = new int[count];
        Agency = new int[count];
        Reference = new AmountColumn(count);
        Award = new AmountColumn(count);
        Budget = new AmountColumn(count);
        Discount = new AmountColumn(count);
        Dispersion = new AmountColumn(count);
        Awarded = new bool[count];
        Opened = new bool[count];
        Winner = new long[count];
        WinnerIndex = new int[count];
        Won = new bool[count];
        Year = new int[count];
        Local = new string[count];
        BidderCount = new int[count];
        BidRows = new int[count];
        Failed = new bool[count];
        Repeated = new bool[count];
        NoticeToOpen = new AmountColumn(count);
        OpenToAward = new AmountColumn(count);
        NoticeToAward = new AmountColumn(count);
        Day = new long[count];
        Department = new int[count];
        Organisation = new int[count];
    }

    public int Count { get; }

    internal long[] SectionId { get; }

    /// <summary>The project's number (rows of one project share it), 0 … <see cref="Projects"/> − 1.</summary>
    internal int[] Project { get; }

    internal int Projects { get; private set; }

    /// <summary>The trading category as its number.</summary>
    internal int[] Category { get; }

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

    internal AmountColumn Reference { get; }

    internal AmountColumn Award { get; }

    internal AmountColumn Budget { get; }

    internal AmountColumn Discount { get; }

    internal AmountColumn Dispersion { get; }

    internal bool[] Awarded { get; }

    /// <summary>The winner's id, 0 when none.</summary>
    internal long[] Winner { get; }

    /// <summary>Index into <see cref="WinnerIds"/>, −1 when none.</summary>
    internal int[] WinnerIndex { get; }

    internal IReadOnlyList<long> WinnerIds { get; private set; } = [];

    /// <summary>A winner and a winning amount above zero: an award the market assessment counts.</summary>
    internal bool[] Won { get; }

    /// <summary>
    /// The selected <see cref="Won"/> rows with a year, ordered by category, year and winner id (row order within): a
    /// walk of it meets each category-year's firms as runs.
    /// </summary>
    internal int[] ByCategoryYearWinner(AnalysisSelection selection) => Ordered(selection, ref _byCategoryYearWinner,
        row => Won[row] && Year[row] != 0, (a, b) => (Category[a], Year[a], Winner[a], a).CompareTo((Category[b], Year[b], Winner[b], b)));

    private int[]? _byCategoryYearWinner;

    /// <summary>The selected <see cref="Won"/> rows with a tenderer, ordered by tenderer number and winner id (row order within).</summary>
    internal int[] ByTendererWinner(AnalysisSelection selection) => Ordered(selection, ref _byTendererWinner,
        row => Won[row] && Tenderer[row] >= 0, (a, b) => (Tenderer[a], Winner[a], a).CompareTo((Tenderer[b], Winner[b], b)));

    private int[]? _byTendererWinner;

    /// <summary>
    /// The selected rows that <paramref name="keep"/> takes, in an order: a small selection sorts its own rows; a large
    /// one is read out of the order of every row (sorted once per column build, kept in <paramref name="all"/>).
    /// </summary>
    private int[] Ordered(AnalysisSelection selection, ref int[]? all, Func<int, bool> keep, Comparison<int> order)
    {
        if (selection.Small)
        {
            var rows = Array.FindAll(selection.Rows, row => keep(row));
            Array.Sort(rows, order);
            return rows;
        }

        if (all is null)
        {
            var rows = Enumerable.Range(0, Count).Where(keep).ToArray();
            Array.Sort(rows, order);
            all = rows;
        }

        var selected = selection.Selected;
        return Array.FindAll(all, row => selected[row]);
    }

    /// <summary>The year of the trading day, 0 when none.</summary>
    internal int[] Year { get; }

    /// <summary>The first and last of the years in <see cref="Year"/> (last below first when no row has one).</summary>
    internal int FirstYear { get; private set; }

    internal int LastYear { get; private set; } = -1;

    /// <summary>The winner's <see cref="MarketAnalysis.LocalKind"/>.</summary>
    internal string[] Local { get; }

    /// <summary><see cref="MarketAnalysis.BidderCountOf"/>, −1 when unknown.</summary>
    internal int[] BidderCount { get; }

    /// <summary>The section's bid rows held (any status).</summary>
    internal int[] BidRows { get; }

    /// <summary>Bids were opened (a bid opening time is known).</summary>
    internal bool[] Opened { get; }

    /// <summary>A failed tender (<see cref="EfficiencyAnalysis.Failed"/>).</summary>
    internal bool[] Failed { get; }

    /// <summary>A repeated call for tenders (<see cref="EfficiencyAnalysis.Repeated"/>).</summary>
    internal bool[] Repeated { get; }

    /// <summary>Stage lengths in days (<see cref="EfficiencyAnalysis.Days"/>).</summary>
    internal AmountColumn NoticeToOpen { get; }

    internal AmountColumn OpenToAward { get; }

    internal AmountColumn NoticeToAward { get; }

    /// <summary>The trading day in UTC ticks (what the period filters), <see cref="NoDay"/> without one.</summary>
    internal long[] Day { get; }

    internal const long NoDay = long.MinValue;

    /// <summary>Index into <see cref="DepartmentKeys"/>, −1 when the project names none.</summary>
    internal int[] Department { get; }

    internal IReadOnlyList<string> DepartmentKeys { get; private set; } = [];

    /// <summary>The project's supervising member unit, −1 when none (with the category, what a sector scope reads).</summary>
    internal int[] Organisation { get; }

    /// <summary>The rows with a value in <paramref name="column"/>, ascending by it, equal values in row order (computed once per column).</summary>
    internal int[] Sorted(AmountColumn column) => _sorted.GetOrAdd(column, SortedBy);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<AmountColumn, int[]> _sorted = new(ReferenceEqualityComparer.Instance);

    /// <summary>The rows with a discount, ascending by it; equal discounts in row order (a stable sort).</summary>
    internal int[] ByDiscount => Sorted(Discount);

    /// <summary>
    /// A row column in the order of <see cref="ByDiscount"/> (computed once per column): the walks in that order read
    /// it front to back instead of jumping through memory.
    /// </summary>
    internal int[] InDiscountOrder(int[] column) =>
        _inDiscountOrder.GetOrAdd(column, key => Array.ConvertAll(ByDiscount, row => key[row]));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int[], int[]> _inDiscountOrder = new(ReferenceEqualityComparer.Instance);

    /// <summary>The row of a section, −1 when it is not one of the rows.</summary>
    internal int RowOf(long sectionId)
    {
        var rows = _rowOf ??= SectionId.Select((id, row) => (id, row)).ToDictionary(x => x.id, x => x.row);
        return rows.TryGetValue(sectionId, out var row) ? row : -1;
    }

    private Dictionary<long, int>? _rowOf;

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
        var departments = new Numbering<string>(StringComparer.Ordinal);
        var winners = new Numbering<long>(EqualityComparer<long>.Default);
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
            c.Category[i] = (int)s.Category;
            c.Region[i] = regions.Of(s.Region ?? "");
            c.Month[i] = -1;
            if (s.Month is { } month)
            {
                months.TryAdd(month, 0);
            }

            c.Tenderer[i] = s.TendererId is { } t ? tenderers.Of(t) : -1;
            c.Agency[i] = s.AgencyId is { } a ? agencies.Of(a) : -1;
            c.Reference.Set(i, s.Reference);
            c.Award.Set(i, s.AwardAmount);
            c.Won[i] = s.WinnerId is not null && c.Award.Has(i) && c.Award.Scaled[i] > 0;
            c.Budget.Set(i, s.Budget);
            c.Discount.Set(i, s.Discount);
            var figures = data.FiguresOf(s.SectionId);
            c.Dispersion.Set(i, figures.Dispersion);
            c.BidRows[i] = figures.BidRows;
            c.Awarded[i] = s.Awarded;
            c.Opened[i] = s.BidOpenAt is not null;
            c.Winner[i] = s.WinnerId ?? 0;
            c.WinnerIndex[i] = s.WinnerId is { } winner ? winners.Of(winner) : -1;
            c.Year[i] = s.Year ?? 0;
            c.Local[i] = MarketAnalysis.LocalKind(s.WinnerCreditCode);
            c.BidderCount[i] = MarketAnalysis.BidderCountOf(data, s) ?? -1;
            c.Failed[i] = EfficiencyAnalysis.Failed(data, s);
            c.Repeated[i] = EfficiencyAnalysis.Repeated(s);
            c.NoticeToOpen.Set(i, EfficiencyAnalysis.Days(s.NoticeAt, s.BidOpenAt));
            c.OpenToAward.Set(i, EfficiencyAnalysis.Days(s.BidOpenAt, s.AwardAt));
            c.NoticeToAward.Set(i, EfficiencyAnalysis.Days(s.NoticeAt, s.AwardAt));
            c.Day[i] = s.Day is { } day ? day.UtcTicks : NoDay;
            c.Department[i] = s.Department is { } department ? departments.Of(department) : -1;
            c.Organisation[i] = s.SupervisingOrganisationId ?? -1;
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
        c.DepartmentKeys = departments.Keys;
        c.WinnerIds = winners.Keys;
        if (c.Year.Where(y => y != 0).ToArray() is { Length: > 0 } years)
        {
            (c.FirstYear, c.LastYear) = (years.Min(), years.Max());
        }
        c.FirmName = id => names.GetValueOrDefault(id);
        c.Text = row => (sections[row].ProjectCode, sections[row].SectionCode, sections[row].SectionName ?? sections[row].ProjectName);
        return c;
    }

    /// <summary>The rows with a value, ascending by it, equal values in row order.</summary>
    private static int[] SortedBy(AmountColumn values)
    {
        var pairs = new List<(Int128 Value, int Row)>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (values.Has(i))
            {
                pairs.Add((values.Scaled[i], i));
            }
        }

        // Array.Sort is not stable: rows break ties, so equal values keep their row order.
        var array = pairs.ToArray();
        Array.Sort(array);
        return [.. array.Select(p => p.Row)];
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
        Rows = new int[selected.AsSpan().Count(true)];
        for (int i = 0, n = 0; n < Rows.Length; i++)
        {
            if (selected[i])
            {
                Rows[n++] = i;
            }
        }
    }

    public AnalysisColumns Columns { get; }

    /// <summary>Whether each row is kept, by row.</summary>
    public bool[] Selected { get; }

    /// <summary>The kept rows, ascending.</summary>
    public int[] Rows { get; }

    /// <summary>
    /// Fewer than an eighth of the rows: the computations walk the selection's own rows rather than an order of every
    /// row.
    /// </summary>
    internal bool Small => Rows.Length < Columns.Count / 8;

    /// <summary>The kept rows with a discount, ascending by it, equal discounts in row order (computed once).</summary>
    internal int[] ByDiscount => _byDiscount ??= Array.FindAll(Columns.ByDiscount, row => Selected[row]);

    private int[]? _byDiscount;

    public static AnalysisSelection All(AnalysisColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return new AnalysisSelection(columns, Enumerable.Repeat(true, columns.Count).ToArray());
    }
}

/// <summary>
/// An amount (or a percentage) per row as a whole number of ten-thousandths, with the decimal places it was given (at
/// most four, as PostgreSQL stores amounts): sums are exact integer additions, and a sum turned back into a decimal
/// has the places of its most precise term, as a sum of the decimals would.
/// </summary>
internal sealed class AmountColumn(int count)
{
    /// <summary>The places of a row without a value.</summary>
    public const byte Missing = byte.MaxValue;

    public const int Places = 4;

    private static readonly Int128[] Powers = [1, 10, 100, 1_000, 10_000];

    public Int128[] Scaled { get; } = new Int128[count];

    public byte[] Scale { get; } = new byte[count];

    public int Length => Scaled.Length;

    public bool Has(int row) => Scale[row] != Missing;

    public decimal? this[int row] => Has(row) ? Value(row) : null;

    public decimal Value(int row) => ToDecimal(Scaled[row], Scale[row]);

    public void Set(int row, decimal? value)
    {
        if (value is not { } v)
        {
            Scale[row] = Missing;
            return;
        }

        v = Math.Round(v, Places, MidpointRounding.AwayFromZero);
        Scale[row] = v.Scale;
        Scaled[row] = ScaledOf(v);
    }

    /// <summary>A value (of at most four places) as whole ten-thousandths, from the decimal's own 96-bit mantissa: no product that could overflow a decimal.</summary>
    public static Int128 ScaledOf(decimal value)
    {
        var v = Math.Round(value, Places, MidpointRounding.AwayFromZero);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(v, bits);
        var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        return (v < 0m ? -mantissa : mantissa) * Powers[Places - v.Scale];
    }

    /// <summary>A number of ten-thousandths as a decimal with <paramref name="scale"/> places (its value is a multiple of 10^(4 − scale)).</summary>
    public static decimal ToDecimal(Int128 scaled, byte scale)
    {
        var units = scaled / Powers[Places - scale];
        var negative = units < 0;
        var magnitude = (UInt128)(negative ? -units : units);
        if (magnitude >> 96 != 0)
        {
            throw new OverflowException("Value was either too large or too small for a Decimal.");
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, scale);
    }
}

/// <summary>A sum of an <see cref="AmountColumn"/>'s values, with their count and the most places met.</summary>
internal struct AmountSum
{
    private Int128 _sum;
    private byte _scale;

    public int Count { get; private set; }

    public readonly decimal Sum => AmountColumn.ToDecimal(_sum, _scale);

    /// <summary><see cref="Stats.Mean"/> of the values added.</summary>
    public readonly decimal? Mean => Count == 0 ? null : Stats.Round(Sum / Count);

    public void Add(AmountColumn column, int row)
    {
        var scale = column.Scale[row];
        if (scale == AmountColumn.Missing)
        {
            return;
        }

        _sum += column.Scaled[row];
        _scale = Math.Max(_scale, scale);
        Count++;
    }

    /// <summary>Adds another sum (of other rows).</summary>
    public void Add(AmountSum other)
    {
        _sum += other._sum;
        _scale = Math.Max(_scale, other._scale);
        Count += other.Count;
    }
}
