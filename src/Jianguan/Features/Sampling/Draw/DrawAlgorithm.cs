namespace Jianguan.Features.Sampling.Draw;

/// <summary>
/// Draw algorithm <c>jianguan-draw/1</c>: a pure function of (pool, parameters, seed). Every random choice comes
/// from <see cref="HashCounterDrbg"/> in the order documented here, so a verifier replays it exactly.
/// <para><b>Objects</b> (stratified sampling without replacement, randomised rounding). The pool's objects are
/// sorted by id (ordinal) and the directed-draw filters applied. Grades are taken in ordinal order (every grade of
/// an eligible object and every grade the parameters name). For a grade with N eligible objects:
/// a count rule draws n = min(count, N); a ratio rule r draws n = ⌊r·N⌋, plus one more when a Bernoulli trial
/// with probability frac(r·N) succeeds (one word, taken only when the fraction is not zero). n objects are then
/// chosen by a partial Fisher–Yates shuffle of the grade's id-sorted list: for i = 0 … n−1, j = i + U(N − i),
/// swap(i, j). Given n the choice is uniform, and E[n] = r·N, so each object is included with probability exactly
/// r — small grades included, where rounding r·N would drop them to 0 or raise them to 1.</para>
/// <para><b>Inspectors</b> (after all objects). Inspectors inactive or whose certificate lapsed before the draw
/// date are set aside for the whole draw. For each selected object, in selection order, the candidates are the
/// inspectors of the object's department or of a joint department whose specialties include the object's category
/// (any, when the category is empty); a candidate is withdrawn (回避) when a declared conflict names the object or
/// its entity, or when the pair inspector–entity appears in the history within the look-back months before the
/// draw date. With fewer than the minimum left, the object is recorded as infeasible with the counts, and nobody
/// is assigned. Otherwise the minimum number is chosen one at a time: among the remaining candidates with the
/// lowest load so far in this draw (sorted by id), one is taken with U(ties). Exclusions are recorded with reasons.</para>
/// </summary>
public static class DrawAlgorithm
{
    public const string Version = "jianguan-draw/1";

    public static DrawResult Run(DrawPool pool, DrawParameters parameters, ReadOnlySpan<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(parameters);
        Validate(pool, parameters);
        var drbg = new HashCounterDrbg(seed);

        var eligible = pool.Objects.Where(parameters.Filters.Admits).OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        var rules = parameters.Grades.ToDictionary(g => g.Grade, StringComparer.Ordinal);
        var grades = eligible.Select(o => o.Grade).Concat(rules.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        var strata = new List<StratumResult>();
        var drawn = new List<PoolObject>();
        foreach (var grade in grades)
        {
            var population = eligible.Where(o => o.Grade == grade).ToArray();
            var rule = rules.GetValueOrDefault(grade) ?? new GradeRule(grade, 0m, null);
            int n;
            string expected;
            if (rule.Count is { } count)
            {
                n = Math.Min(count, population.Length);
                expected = n.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                var ratio = rule.Ratio ?? 0m;
                var exact = ratio * population.Length;
                var whole = decimal.Floor(exact);
                n = (int)whole;
                if (exact > whole && drbg.NextBernoulli(exact - whole))
                {
                    n++;
                }

                expected = Decimals.Format(exact);
            }

            for (var i = 0; i < n; i++)
            {
                var j = i + drbg.NextInt(population.Length - i);
                (population[i], population[j]) = (population[j], population[i]);
                drawn.Add(population[i]);
            }

            strata.Add(new StratumResult(grade, population.Length, rule.Count is null ? Decimals.Format(rule.Ratio ?? 0m) : "",
                rule.Count, expected, n));
        }

        var (selections, exclusions) = Match(pool, parameters, drawn, drbg);
        return new DrawResult(eligible.Count, strata, selections, exclusions);
    }

    /// <summary>
    /// The objects the parameters admit that could not be staffed if drawn: fewer than the minimum inspectors of the
    /// matching department or joint team and specialty once inactive, lapsed, conflicted and recent pairs are set
    /// aside (the same rules as the draw; no randomness decides feasibility). Checked before a commitment is published.
    /// </summary>
    public static IReadOnlyList<(PoolObject Object, string Reason)> Unstaffable(DrawPool pool, DrawParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(parameters);
        Validate(pool, parameters);
        var eligible = pool.Objects.Where(parameters.Filters.Admits).OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        var byId = eligible.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var (selections, _) = Match(pool, parameters, eligible, new HashCounterDrbg(new byte[32]));
        return [.. selections.Where(s => s.Status == Selection.Infeasible).Select(s => (byId[s.Object], s.Reason))];
    }

    private static (List<Selection>, List<Exclusion>) Match(DrawPool pool, DrawParameters parameters, List<PoolObject> drawn, HashCounterDrbg drbg)
    {
        var exclusions = new List<Exclusion>();
        var drawDate = ParseDate(parameters.DrawDate);
        var usable = new List<PoolInspector>();
        foreach (var inspector in pool.Inspectors.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            if (!inspector.Active)
            {
                exclusions.Add(new Exclusion("", inspector.Id, Exclusion.Inactive, "名录中为停用状态"));
            }
            else if (drawDate is { } d && ParseDate(inspector.CertificateValidUntil) is { } until && until < d)
            {
                exclusions.Add(new Exclusion("", inspector.Id, Exclusion.CertificateExpired,
                    $"执法证有效期至 {inspector.CertificateValidUntil}，早于抽取日 {parameters.DrawDate}"));
            }
            else
            {
                usable.Add(inspector);
            }
        }

        var lookbackStart = drawDate?.AddMonths(-parameters.LookbackMonths);
        var recent = pool.History
            .Where(h => lookbackStart is not { } start || ParseDate(h.Date) is not { } date || date > start)
            .GroupBy(h => (h.Inspector, h.Entity))
            .ToDictionary(g => g.Key, g => g.Select(h => h.Date).Max(StringComparer.Ordinal)!);
        var joint = parameters.JointDepartments.ToHashSet(StringComparer.Ordinal);
        var load = usable.ToDictionary(i => i.Id, _ => 0, StringComparer.Ordinal);
        var selections = new List<Selection>();
        foreach (var item in drawn)
        {
            var entity = item.EntityOrId;
            var matching = usable.Where(i =>
                    (i.Department == item.Department || joint.Contains(i.Department))
                    && (item.Category.Length == 0 || i.Specialties.Contains(item.Category, StringComparer.Ordinal)))
                .ToList();
            var candidates = new List<PoolInspector>();
            int conflicts = 0, repeats = 0;
            foreach (var inspector in matching)
            {
                var conflict = inspector.Conflicts.Where(c => c == item.Id || c == entity).Order(StringComparer.Ordinal).FirstOrDefault();
                if (conflict is not null)
                {
                    conflicts++;
                    exclusions.Add(new Exclusion(item.Id, inspector.Id, Exclusion.Conflict, $"申报的利害关系：{conflict}"));
                }
                else if (recent.TryGetValue((inspector.Id, entity), out var last))
                {
                    repeats++;
                    exclusions.Add(new Exclusion(item.Id, inspector.Id, Exclusion.RecentPair,
                        $"{last} 已检查过 {entity}（{parameters.LookbackMonths} 个月内不得重复）"));
                }
                else
                {
                    candidates.Add(inspector);
                }
            }

            var order = selections.Count + 1;
            if (candidates.Count < parameters.MinInspectors)
            {
                selections.Add(new Selection(order, item.Id, item.Grade, Selection.Infeasible, [],
                    $"可选执法人员 {candidates.Count} 名，少于 {parameters.MinInspectors} 名"
                    + $"（部门或联合检查组且专业匹配 {matching.Count} 名，利害关系回避 {conflicts} 名，"
                    + $"{parameters.LookbackMonths} 个月内检查过该主体 {repeats} 名）"));
                continue;
            }

            var chosen = new List<string>();
            for (var k = 0; k < parameters.MinInspectors; k++)
            {
                var least = candidates.Min(c => load[c.Id]);
                var ties = candidates.Where(c => load[c.Id] == least).ToList();
                var pick = ties[drbg.NextInt(ties.Count)];
                candidates.Remove(pick);
                load[pick.Id]++;
                chosen.Add(pick.Id);
            }

            selections.Add(new Selection(order, item.Id, item.Grade, Selection.Assigned, chosen, ""));
        }

        return (selections, exclusions);
    }

    /// <summary>Rejects parameters that the law or the algorithm does not allow, with a plain message.</summary>
    public static void Validate(DrawPool pool, DrawParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.MinInspectors < DrawParameters.LegalMinimumInspectors)
        {
            throw new DrawInputException($"每个对象至少 {DrawParameters.LegalMinimumInspectors} 名执法人员 / at least {DrawParameters.LegalMinimumInspectors} inspectors per object (行政处罚法第四十二条)");
        }

        if (parameters.LookbackMonths < 0)
        {
            throw new DrawInputException("回避期不能为负 / the look-back period cannot be negative");
        }

        if (parameters.DrawDate.Length > 0 && ParseDate(parameters.DrawDate) is null)
        {
            throw new DrawInputException($"抽取日期格式应为 YYYY-MM-DD / the draw date must be YYYY-MM-DD: {parameters.DrawDate}");
        }

        foreach (var rule in parameters.Grades)
        {
            if ((rule.Ratio is null) == (rule.Count is null))
            {
                throw new DrawInputException($"等级 {rule.Grade} 须设定比例或数量之一 / grade {rule.Grade}: give a ratio or a count");
            }

            if (rule.Ratio is { } r && (r < 0m || r > 1m))
            {
                throw new DrawInputException($"等级 {rule.Grade} 的比例应在 0 到 1 之间 / grade {rule.Grade}: the ratio must be between 0 and 1");
            }

            if (rule.Count is < 0)
            {
                throw new DrawInputException($"等级 {rule.Grade} 的数量不能为负 / grade {rule.Grade}: the count cannot be negative");
            }
        }

        Unique(parameters.Grades.Select(g => g.Grade), "等级 / grade");
        Unique(pool.Objects.Select(o => o.Id), "检查对象 / object");
        Unique(pool.Inspectors.Select(i => i.Id), "执法人员 / inspector");
        if (pool.Objects.Any(o => o.Id.Length == 0) || pool.Inspectors.Any(i => i.Id.Length == 0))
        {
            throw new DrawInputException("对象或执法人员的编号为空 / an object or inspector has an empty id");
        }
    }

    private static void Unique(IEnumerable<string> ids, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
            {
                throw new DrawInputException($"{what} 重复 / duplicate: {id}");
            }
        }
    }

    internal static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

/// <summary>Input the draw cannot run on (message in Chinese and English).</summary>
public sealed class DrawInputException(string message) : Exception(message);

/// <summary>Decimals as they appear in draw records: invariant, no exponent, no trailing zeros.</summary>
public static class Decimals
{
    public static string Format(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
