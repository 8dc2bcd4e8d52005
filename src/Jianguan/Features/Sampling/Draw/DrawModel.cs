namespace Jianguan.Features.Sampling.Draw;

/// <summary>
/// One entry of the object pool (检查对象名录库) as the draw sees it.
/// </summary>
/// <param name="Id">Stable id of the object, e.g. <c>E:91460100…</c> for an entity or <c>S:123</c> for a section.</param>
/// <param name="Kind">entity, section or behaviour.</param>
/// <param name="Grade">The sampling grade (the plan's ratio applies per grade).</param>
/// <param name="Department">The supervising department.</param>
/// <param name="Category">Trading category or industry, matched against the inspectors' specialties; empty = any.</param>
/// <param name="Region">Region, for directed draws.</param>
/// <param name="Entity">The market entity the object belongs to (the same as Id for an entity): conflicts and the
/// 12-month rule are checked against it.</param>
/// <param name="Name">Display name; not used by the algorithm.</param>
public sealed record PoolObject(
    string Id, string Kind, string Grade, string Department, string Category, string Region = "", string Entity = "", string Name = "")
{
    public string EntityOrId => Entity.Length > 0 ? Entity : Id;
}

/// <summary>One entry of the inspector pool (执法人员名录库).</summary>
/// <param name="Conflicts">Declared conflicts of interest: object ids, entity ids or person names the inspector must not inspect.</param>
/// <param name="CertificateValidUntil">ISO date, empty when unknown; an inspector whose certificate lapsed before the draw date is excluded.</param>
public sealed record PoolInspector(
    string Id, string Department, IReadOnlyList<string> Specialties, IReadOnlyList<string> Conflicts,
    string Name = "", bool Active = true, string CertificateValidUntil = "");

/// <summary>An earlier inspection: the inspector–entity pair may not meet again within the look-back period.</summary>
public sealed record PastPair(string Inspector, string Entity, string Date);

public sealed record DrawPool(IReadOnlyList<PoolObject> Objects, IReadOnlyList<PoolInspector> Inspectors, IReadOnlyList<PastPair> History);

/// <summary>Sampling of one grade: a ratio (0–1) or a fixed count.</summary>
public sealed record GradeRule(string Grade, decimal? Ratio, int? Count);

/// <summary>Directed-draw filters; an empty list does not filter.</summary>
public sealed record DrawFilters(
    IReadOnlyList<string> Kinds, IReadOnlyList<string> Categories, IReadOnlyList<string> Departments, IReadOnlyList<string> Regions)
{
    public static DrawFilters None { get; } = new([], [], [], []);

    public bool IsDirected => Kinds.Count + Categories.Count + Departments.Count + Regions.Count > 0;

    public bool Admits(PoolObject o) =>
        (Kinds.Count == 0 || Kinds.Contains(o.Kind, StringComparer.Ordinal))
        && (Categories.Count == 0 || Categories.Contains(o.Category, StringComparer.Ordinal))
        && (Departments.Count == 0 || Departments.Contains(o.Department, StringComparer.Ordinal))
        && (Regions.Count == 0 || Regions.Contains(o.Region, StringComparer.Ordinal));
}

/// <summary>Everything the draw needs besides the pool and the seed; all of it is committed to before the draw.</summary>
/// <param name="Title">What is drawn (plan and batch), for the record.</param>
/// <param name="Reference">The platform's draw id, or empty for a simulation.</param>
/// <param name="DrawDate">ISO date of the draw: certificates and the look-back period are judged on it; empty = no date (every past pair counts).</param>
/// <param name="JointDepartments">Departments whose inspectors (the joint team) may inspect any object.</param>
public sealed record DrawParameters(
    string Title, string Reference, string DrawDate, IReadOnlyList<GradeRule> Grades, DrawFilters Filters,
    int MinInspectors, IReadOnlyList<string> JointDepartments, int LookbackMonths)
{
    public const int LegalMinimumInspectors = 2;
    public const int DefaultLookbackMonths = 12;
}

public sealed record StratumResult(string Grade, int Population, string Ratio, int? Count, string Expected, int Drawn);

/// <summary>One drawn object: assigned with its inspectors, or infeasible with the reason (never fewer than the minimum).</summary>
public sealed record Selection(int Order, string Object, string Grade, string Status, IReadOnlyList<string> Inspectors, string Reason)
{
    public const string Assigned = "assigned";
    public const string Infeasible = "infeasible";
}

/// <summary>An inspector set aside, for one object (Object set) or for the whole draw (Object empty).</summary>
public sealed record Exclusion(string Object, string Inspector, string Reason, string Detail)
{
    public const string Conflict = "conflict";
    public const string RecentPair = "recent-pair";
    public const string Inactive = "inactive";
    public const string CertificateExpired = "certificate-expired";
}

public sealed record DrawResult(
    int Eligible, IReadOnlyList<StratumResult> Strata, IReadOnlyList<Selection> Selections, IReadOnlyList<Exclusion> Exclusions);
