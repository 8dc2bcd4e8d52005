namespace Jianguan.Features.Sampling;

/// <summary>A unit the inspector sheet may name: its full name as the draw compares it, and its code when it is a member unit.</summary>
public sealed record KnownDepartment(string Name, string? Code);

/// <summary>
/// The units an inspector may belong to, and how a spreadsheet cell is read as one of them. The draw matches an
/// inspector to an object by the department's exact name, so the pool stores the full name the trading data uses
/// ("海口市住房和城乡建设局"); the sheet may give that name, the unit's code ("zhujianju") or a usual short name
/// ("住建局"). Anything else is refused with the list to pick from (issue 12, item 5 (a)).
/// </summary>
public sealed class SamplingDepartments
{
    /// <summary>Usual short names and the core of the full name they stand for.</summary>
    private static readonly (string Short, string Full)[] Aliases =
    [
        ("住建局", "住房和城乡建设局"),
        ("住房城乡建设局", "住房和城乡建设局"),
        ("交通局", "交通运输和港航管理局"),
        ("交通运输局", "交通运输和港航管理局"),
        ("港航局", "交通运输和港航管理局"),
        ("发改委", "发展和改革委员会"),
        ("发展改革委", "发展和改革委员会"),
        ("自规局", "自然资源和规划局"),
        ("资规局", "自然资源和规划局"),
        ("自然资源局", "自然资源和规划局"),
        ("国资委", "国有资产监督管理委员会"),
        ("卫健委", "卫生健康委员会"),
        ("执法大队", "综合行政执法局执法大队"),
        ("公管办", "公共资源交易管理委员会办公室"),
        ("交易中心", "公共资源交易中心"),
        ("纪委", "纪委监委"),
    ];

    private SamplingDepartments(IReadOnlyList<KnownDepartment> all) => All = all;

    /// <summary>Every known unit, member units first (by name), then the other names the pool and plans use.</summary>
    public IReadOnlyList<KnownDepartment> All { get; }

    /// <summary>
    /// The member units (organisations), the departments of the object pool (the trading data's supervising
    /// departments) and the joint inspection teams the batches name.
    /// </summary>
    public static async Task<SamplingDepartments> LoadAsync(JianguanDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var units = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new KnownDepartment(o.Name, o.Code)).ToListAsync(ct);
        var objects = await db.SamplingObjects.AsNoTracking().Where(o => o.Department != "").Select(o => o.Department).Distinct().ToListAsync(ct);
        var joint = (await db.SamplingBatches.AsNoTracking().Select(b => b.JointDepartments).ToListAsync(ct)).SelectMany(SamplingService.SplitList);
        return From(units, objects.Concat(joint));
    }

    public static SamplingDepartments From(IEnumerable<KnownDepartment> units, IEnumerable<string> otherNames)
    {
        var all = units.ToList();
        var names = all.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in otherNames.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (names.Add(name))
            {
                all.Add(new KnownDepartment(name, null));
            }
        }

        return new SamplingDepartments(all);
    }

    /// <summary>
    /// The one name for a cell, or null with the reason when the cell names no known unit (or several). A member
    /// unit wins over other spellings of itself: "住建局" is 海口市住房和城乡建设局 when that unit exists, even where
    /// some trading data wrote "住建局".
    /// </summary>
    public (string? Name, string? Error) Resolve(string? text)
    {
        var input = (text ?? "").Trim();
        if (input.Length == 0)
        {
            return (null, "未填写");
        }

        if (All.FirstOrDefault(d => d.Code is not null && string.Equals(d.Code, input, StringComparison.OrdinalIgnoreCase)) is { } coded)
        {
            return (coded.Name, null);
        }

        var canonical = Canonical(input);
        var units = All.Where(d => d.Code is not null && (d.Name == input || Canonical(d.Name) == canonical)).Select(d => d.Name).Distinct(StringComparer.Ordinal).ToList();
        if (units.Count == 0)
        {
            if (All.Any(d => d.Name == input))
            {
                return (input, null);
            }

            units = [.. All.Where(d => Canonical(d.Name) == canonical).Select(d => d.Name).Distinct(StringComparer.Ordinal)];
        }

        return units.Count switch
        {
            1 => (units[0], null),
            0 => (null, $"“{input}”不是已知的单位，请从模板的下拉列表中选择单位全称，或填写单位代码"),
            _ => (null, $"“{input}”可指多个单位（{string.Join("、", units)}），请填写单位全称或单位代码"),
        };
    }

    /// <summary>The name the draw compares: the resolved name, or the text itself when it names no known unit.</summary>
    public string Normalise(string department) => department.Length == 0 ? department : Resolve(department).Name ?? department;

    /// <summary>Whether two department names name the same unit ("住建局", "海口市住建局", "海口市住房和城乡建设局").</summary>
    public static bool SameUnit(string? a, string? b)
    {
        if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b))
        {
            return false;
        }

        return a.Trim() == b.Trim() || Canonical(a.Trim()) == Canonical(b.Trim());
    }

    private static string Canonical(string name)
    {
        var core = Core(name);
        return Aliases.FirstOrDefault(a => a.Short == core).Full ?? core;
    }

    /// <summary>The name without its city prefix ("海口市住房和城乡建设局" → "住房和城乡建设局").</summary>
    private static string Core(string name)
    {
        var city = name.IndexOf('市', StringComparison.Ordinal);
        return city is >= 2 and <= 4 && name.Length > city + 1 ? name[(city + 1)..] : name;
    }
}
