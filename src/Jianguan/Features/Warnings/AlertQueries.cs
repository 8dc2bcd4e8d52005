using System.Text.Json;
using Jianguan.Features.Trading;
using Jianguan.Platform.Scopes;
using Jianguan.Features.Clues;
using Jianguan.Features.Profiles;

namespace Jianguan.Features.Warnings;

public sealed record EntityRef(long Id, string Name);

/// <summary>
/// Filters of the alert list; dates are calendar days in Beijing time of when the facts happened. Data-quality
/// findings (category <c>data_quality</c>: decimal slips, invalid codes, missing fingerprints) are left out unless
/// <see cref="IncludeQuality"/>; <see cref="OnlyQuality"/> lists them alone (the 数据质量 view).
/// </summary>
public sealed record AlertFilter(
    AlertLevel? Level = null, string? Rule = null, TradingCategory? Category = null, string? Department = null,
    DateOnly? From = null, DateOnly? To = null, AlertState? State = null, bool IncludeQuality = false, long? Bidder = null,
    int Page = 1, bool OnlyQuality = false);

public sealed record AlertListItem(
    long Id, string RuleCode, string RuleName, string RuleCategory, AlertLevel Level, string LevelName, AlertState State,
    string StateName, double Score, long? SectionId, string? SectionCode, string? SectionName, string? ProjectName,
    string? Department, string? SharedValue, IReadOnlyList<EntityRef> Bidders, DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt, DateTimeOffset? OccurredAt);

public sealed record CountItem(string Code, string Name, int Count);

public sealed record AlertCounts(IReadOnlyList<CountItem> Levels, IReadOnlyList<CountItem> Rules);

public sealed record AlertListPage(PagedResult<AlertListItem> Result, AlertCounts Counts);

public sealed record TransitionInfo(AlertState From, AlertState To, string FromName, string ToName, string? Reason, string Actor, DateTimeOffset At, string ActorName);

public sealed record SharedField(string Key, string Value);

public sealed record AlertDetail(
    AlertListItem Alert, string Basis, string Why, JsonElement Evidence, SectionDetail? Section,
    IReadOnlyList<SharedField> SharedFields, IReadOnlyList<TransitionInfo> History, string? ClueNumber,
    IReadOnlyList<AlertAction> AllowedActions, long? GroupId, IReadOnlyList<EntityRef> LinkedSections, long? ClueId = null);

/// <summary>The read side of alerts, bidders, groups, the focus list and tracking: shared by the pages and the API.</summary>
public static class AlertQueries
{
    public const int PageSize = Shared.PagerModel.PageSize;

    public static string GroupName(long id) => "G" + id.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    public static IQueryable<RiskAlert> Apply(IQueryable<RiskAlert> q, AlertFilter f, bool level = true, bool rule = true)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (level && f.Level is { } l)
        {
            q = q.Where(a => a.Level == l);
        }

        if (f.OnlyQuality)
        {
            q = q.Where(a => a.RuleCategory == "data_quality");
        }

        if (rule && !string.IsNullOrWhiteSpace(f.Rule))
        {
            var r = f.Rule.Trim();
            q = q.Where(a => a.RuleCode == r);
        }
        else if (!f.IncludeQuality && !f.OnlyQuality)
        {
            q = q.Where(a => a.RuleCategory != "data_quality");
        }

        if (f.Category is { } c)
        {
            q = q.Where(a => a.Section != null && a.Section.Project!.Category == c);
        }

        if (!string.IsNullOrWhiteSpace(f.Department))
        {
            var d = f.Department.Trim();
            q = q.Where(a => a.Section != null && a.Section.Project!.SupervisingDepartment == d);
        }

        if (f.From is { } from)
        {
            var start = Platform.Time.ChinaTime.FilterStart(from);
            q = q.Where(a => (a.OccurredAt ?? a.FirstSeenAt) >= start);
        }

        if (f.To is { } to)
        {
            var end = Platform.Time.ChinaTime.FilterEnd(to);
            q = q.Where(a => (a.OccurredAt ?? a.FirstSeenAt) < end);
        }

        if (f.State is { } s)
        {
            q = q.Where(a => a.State == s);
        }

        if (f.Bidder is { } b)
        {
            q = q.Where(a => a.Bidders.Any(x => x.EntityId == b));
        }

        return q;
    }

    /// <summary>
    /// The alerts a data scope may see (ADR-006): a member unit those of its sector's sections; alerts about firms
    /// across sections (no section) only the whole-database roles.
    /// </summary>
    public static IQueryable<RiskAlert> Scoped(JianguanDbContext db, IQueryable<RiskAlert> q, DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind switch
        {
            DataScopeKind.All => q,
            DataScopeKind.Sector => q.Where(a => a.SectionId != null && scope.Apply(db.Sections).Select(s => s.Id).Contains(a.SectionId.Value)),
            _ => q.Where(_ => false),
        };
    }

    /// <summary>Shown in place of a section outside the reader's data scope.</summary>
    public const string MaskedSection = "（本单位权限外标段）";

    /// <summary>Shown in place of a firm that bid nowhere in the reader's data scope.</summary>
    public const string MaskedBidder = "（本单位权限外投标人）";

    /// <summary>Shown in place of a value (a fingerprint text) read from bids outside the reader's data scope.</summary>
    public const string MaskedValue = "（本单位权限外信息）";

    /// <summary>
    /// <see cref="Scoped"/> and, for a member unit, the alerts about firms across sections (no section of their own)
    /// that touch its sector (issue 12, item 5 (d)): a cross-section alert when one of its listed sections is in the
    /// sector, a group alert when the group bid jointly there, any other firm-level alert when one of its firms bid
    /// there. Such alerts are shown with the parts outside the scope masked (<see cref="Items"/>, <see cref="GetAsync"/>).
    /// </summary>
    public static async Task<IQueryable<RiskAlert>> ScopedAsync(JianguanDbContext db, IQueryable<RiskAlert> q, DataScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Kind != DataScopeKind.Sector)
        {
            return Scoped(db, q, scope);
        }

        var crossing = await CrossingAlertIdsAsync(db, scope, ct);
        var sections = scope.Apply(db.Sections).Select(s => s.Id);
        return crossing.Length == 0
            ? Scoped(db, q, scope)
            : q.Where(a => (a.SectionId != null && sections.Contains(a.SectionId.Value)) || crossing.Contains(a.Id));
    }

    /// <summary>
    /// Whether a scope may only read an alert: a member unit reads the section-less alerts that touch its sector
    /// (masked) but does not review them, since they reach other sectors; the office does.
    /// </summary>
    public static bool ReadOnlyFor(DataScope scope, AlertListItem alert)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(alert);
        return scope.Kind != DataScopeKind.All && alert.SectionId is null;
    }

    /// <summary>The ids of the section-less alerts that touch a sector scope (see <see cref="ScopedAsync"/>).</summary>
    private static async Task<long[]> CrossingAlertIdsAsync(JianguanDbContext db, DataScope scope, CancellationToken ct)
    {
        var bidders = scope.Apply(db.Bids).Select(b => b.BidderId);
        var candidates = await db.Set<RiskAlert>().AsNoTracking()
            .Where(a => a.SectionId == null && a.Bidders.Any(b => bidders.Contains(b.EntityId)))
            .Select(a => new { a.Id, a.GroupKey, a.Evidence }).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }

        var listed = candidates.ToDictionary(c => c.Id, c => EvidenceSections(c.Evidence));
        var inScope = await SectionsInScopeAsync(db, scope, listed.Values.SelectMany(v => v ?? []), ct);
        var keys = candidates.Where(c => c.GroupKey is not null && listed[c.Id] is null).Select(c => c.GroupKey!).Distinct().ToArray();
        var groups = keys.Length == 0
            ? []
            : (await ProfileQueries.JointGroups(db, scope).Where(g => keys.Contains(g.Key)).Select(g => g.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return [.. candidates
            .Where(c => listed[c.Id] is { } listedSections ? listedSections.Any(inScope.Contains) : c.GroupKey is not { } key || groups.Contains(key))
            .Select(c => c.Id)];
    }

    /// <summary>The section ids an alert's evidence lists (cross-section alerts), or null when it lists none.</summary>
    internal static long[]? EvidenceSections(string evidenceJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(evidenceJson) ? "{}" : evidenceJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("sections", out var secs)
                   && secs.ValueKind == JsonValueKind.Array
                ? [.. secs.EnumerateArray().Select(SectionId).Where(v => v > 0)]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long SectionId(JsonElement x) =>
        x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out var n) ? n
        : x.ValueKind == JsonValueKind.String && long.TryParse(x.GetString(), System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static async Task<HashSet<long>> SectionsInScopeAsync(JianguanDbContext db, DataScope scope, IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToArray();
        var found = new HashSet<long>();
        foreach (var chunk in wanted.Chunk(500))
        {
            found.UnionWith(await scope.Apply(db.Sections.AsNoTracking()).Where(s => chunk.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct));
        }

        return found;
    }

    /// <summary>The firms among <paramref name="ids"/> that bid in a scope (all of them for the whole database).</summary>
    internal static async Task<HashSet<long>> BiddersInScopeAsync(JianguanDbContext db, DataScope scope, IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToArray();
        if (scope.Kind == DataScopeKind.All)
        {
            return [.. wanted];
        }

        var found = new HashSet<long>();
        foreach (var chunk in wanted.Chunk(500))
        {
            found.UnionWith(await scope.Apply(db.Bids.AsNoTracking()).Where(b => chunk.Contains(b.BidderId)).Select(b => b.BidderId).Distinct().ToListAsync(ct));
        }

        return found;
    }

    public static async Task<AlertListPage> ListAsync(JianguanDbContext db, DataScope scope, AlertFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var all = await ScopedAsync(db, db.Set<RiskAlert>().AsNoTracking(), scope, ct);
        var query = Apply(all, filter);
        // The counts by level (without the level filter) and by rule (without the rule filter), and the list's count
        // among them. Without a rule filter both come from one count by level and rule: the rows counted by level are
        // then those of the rule counts before the level filter.
        List<(AlertLevel Key, int Count)> levels;
        List<(string Key, int Count)> rules;
        if (string.IsNullOrWhiteSpace(filter.Rule))
        {
            var both = await Apply(all, filter, level: false, rule: false).GroupBy(a => new { a.Level, a.RuleCode })
                .Select(g => new { g.Key.Level, g.Key.RuleCode, Count = g.Count() }).ToListAsync(ct);
            levels = [.. both.GroupBy(x => x.Level).Select(g => (g.Key, g.Sum(x => x.Count)))];
            rules = [.. both.Where(x => filter.Level is not { } only || x.Level == only).GroupBy(x => x.RuleCode).Select(g => (g.Key, g.Sum(x => x.Count)))];
        }
        else
        {
            levels = [.. (await Apply(all, filter, level: false).GroupBy(a => a.Level).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(x => (x.Key, x.Count))];
            rules = [.. (await Apply(all, filter, rule: false).GroupBy(a => a.RuleCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(x => (x.Key, x.Count))];
        }

        var total = levels.Where(x => filter.Level is not { } only || x.Key == only).Sum(x => x.Count);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var items = await Items(db, query.OrderByDescending(a => a.Score).ThenByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id)
            .PageAt(page), scope, ct);
        var counts = new AlertCounts(
            [.. new[] { AlertLevel.Red, AlertLevel.Orange, AlertLevel.Yellow }
                .Select(l => new CountItem(AlertLabels.LevelCode(l), AlertLabels.LevelName(l), levels.Where(x => x.Key == l).Sum(x => x.Count)))],
            [.. rules.OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new CountItem(r.Key, AlertLabels.RuleName(r.Key), r.Count))]);
        return new AlertListPage(new PagedResult<AlertListItem>(total, page, PageSize, items), counts);
    }

    /// <summary>
    /// The list rows of alerts. For a member unit, a section-less alert names only the firms that bid in its sector
    /// (the others as <see cref="MaskedBidder"/>) and shows its shared value only when every section it lists is in
    /// the sector.
    /// </summary>
    internal static async Task<List<AlertListItem>> Items(JianguanDbContext db, IQueryable<RiskAlert> query, DataScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var rows = await query.Select(a => new
        {
            a.Id,
            a.RuleCode,
            a.RuleCategory,
            a.Level,
            a.State,
            a.Score,
            a.SectionId,
            SectionCode = a.Section == null ? null : a.Section.Code,
            SectionName = a.Section == null ? null : a.Section.Name,
            ProjectName = a.Section == null ? null : a.Section.Project!.Name,
            Department = a.Section == null ? null : a.Section.Project!.SupervisingDepartment,
            a.SharedValue,
            a.FirstSeenAt,
            a.LastSeenAt,
            a.OccurredAt,
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToArray();
        var bidders = (await db.Set<RiskAlertBidder>().AsNoTracking().Where(b => ids.Contains(b.AlertId))
                .Select(b => new { b.AlertId, b.EntityId, b.Entity!.Name }).ToListAsync(ct))
            .GroupBy(b => b.AlertId)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => new EntityRef(x.EntityId, x.Name)).ToList());
        var masked = new HashSet<long>();
        if (scope.Kind != DataScopeKind.All && rows.Any(r => r.SectionId is null))
        {
            var sectionless = rows.Where(r => r.SectionId is null).Select(r => r.Id).ToHashSet();
            var visible = await BiddersInScopeAsync(db, scope, bidders.Where(x => sectionless.Contains(x.Key)).SelectMany(x => x.Value).Select(b => b.Id), ct);
            foreach (var id in sectionless)
            {
                if (bidders.TryGetValue(id, out var list))
                {
                    bidders[id] = [.. list.Where(b => visible.Contains(b.Id)), .. list.Where(b => !visible.Contains(b.Id)).Select(_ => new EntityRef(0, MaskedBidder))];
                }
            }

            var ids2 = sectionless.ToArray();
            var evidence = await db.Set<RiskAlert>().AsNoTracking().Where(a => ids2.Contains(a.Id)).Select(a => new { a.Id, a.Evidence }).ToListAsync(ct);
            var listed = evidence.ToDictionary(e => e.Id, e => EvidenceSections(e.Evidence) ?? []);
            var inScope = await SectionsInScopeAsync(db, scope, listed.Values.SelectMany(v => v), ct);
            masked.UnionWith(listed.Where(x => x.Value.Any(v => !inScope.Contains(v))).Select(x => x.Key));
        }

        return [.. rows.Select(r => new AlertListItem(
            r.Id, r.RuleCode, AlertLabels.RuleName(r.RuleCode), r.RuleCategory, r.Level, AlertLabels.LevelName(r.Level), r.State,
            AlertLabels.StateName(r.State), r.Score, r.SectionId, r.SectionCode, r.SectionName, r.ProjectName, r.Department,
            masked.Contains(r.Id) && r.SharedValue is not null ? MaskedValue : r.SharedValue, bidders.TryGetValue(r.Id, out var b) ? b : [],
            r.FirstSeenAt, r.LastSeenAt, r.OccurredAt))];
    }

    public static async Task<AlertDetail?> GetAsync(JianguanDbContext db, DataScope scope, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var item = (await Items(db, (await ScopedAsync(db, db.Set<RiskAlert>().AsNoTracking(), scope, ct)).Where(a => a.Id == id), scope, ct)).FirstOrDefault();
        if (item is null)
        {
            return null;
        }

        var row = await db.Set<RiskAlert>().AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Basis, a.Evidence, a.GroupKey, a.ClueId }).SingleAsync(ct);
        var history = await db.Set<AlertTransition>().AsNoTracking().Where(t => t.AlertId == id).OrderBy(t => t.At).ThenBy(t => t.Id)
            .ToListAsync(ct);
        var clue = row.ClueId is { } clueId ? await db.Set<Clue>().AsNoTracking().Where(c => c.Id == clueId).Select(c => c.Number).FirstOrDefaultAsync(ct) : null;
        long? groupId = row.GroupKey is { } key
            ? await Profiles.ProfileQueries.VisibleGroups(db, db.Set<RiskGroup>().AsNoTracking(), scope).Where(g => g.Key == key).Select(g => (long?)g.Id).FirstOrDefaultAsync(ct)
            : null;
        var section = item.SectionId is { } sid ? await TradingQueries.GetSectionAsync(db, scope, sid, ct) : null;
        var evidenceJson = row.Evidence;
        var linked = new List<EntityRef>();
        if (EvidenceSections(row.Evidence) is { } ids)
        {
            linked.AddRange((await scope.Apply(db.Sections.AsNoTracking()).Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Code, s.Name }).ToListAsync(ct))
                .OrderBy(s => s.Id).Select(s => new EntityRef(s.Id, s.Name ?? s.Code)));
            if (scope.Kind != DataScopeKind.All)
            {
                // The sections outside the scope stay in the count, not in the names (issue 12, item 5 (d)).
                var shown = linked.Select(l => l.Id).ToHashSet();
                linked.AddRange(ids.Distinct().Where(x => !shown.Contains(x)).Select(_ => new EntityRef(0, MaskedSection)));
                evidenceJson = MaskEvidence(row.Evidence, shown, [.. item.Bidders.Where(b => b.Id != 0).Select(b => b.Name)]);
            }
        }
        else if (scope.Kind != DataScopeKind.All && item.SectionId is null)
        {
            evidenceJson = MaskEvidence(row.Evidence, [], [.. item.Bidders.Where(b => b.Id != 0).Select(b => b.Name)]);
        }

        using var doc = JsonDocument.Parse(evidenceJson);
        var evidence = doc.RootElement.Clone();
        var actors = await UserNames.DisplayNamesAsync(db, history.Select(h => h.Actor), ct);

        return new AlertDetail(
            item, row.Basis, AlertLabels.Why(item.RuleCode, evidenceJson, [.. item.Bidders.Select(b => b.Name)]), evidence, section,
            [.. AlertLabels.SharedFields(evidenceJson).Select(x => new SharedField(x.Key, x.Value))],
            [.. history.Select(h => new TransitionInfo(h.From, h.To, AlertLabels.StateName(h.From), AlertLabels.StateName(h.To), h.Reason, h.Actor, h.At, actors[h.Actor]))],
            clue, AlertWorkflow.Allowed(item.State), groupId, linked, clue is null ? null : row.ClueId);
    }

    /// <summary>
    /// A section-less alert's evidence as a member unit may read it: listed sections outside its scope, and firm
    /// names it may not see (keys of per-member figures), replaced by marks; the fingerprint texts (shared values)
    /// replaced too when any listed section is outside the scope, since they may come from those sections' bids.
    /// Counts and ratios stay: they describe the alert, not another sector's rows.
    /// </summary>
    internal static string MaskEvidence(string evidenceJson, HashSet<long> visibleSections, HashSet<string> visibleNames)
    {
        System.Text.Json.Nodes.JsonNode? root;
        try
        {
            root = System.Text.Json.Nodes.JsonNode.Parse(string.IsNullOrWhiteSpace(evidenceJson) ? "{}" : evidenceJson);
        }
        catch (JsonException)
        {
            return "{}";
        }

        if (root is not System.Text.Json.Nodes.JsonObject obj)
        {
            return "{}";
        }

        var outside = false;
        if (obj["sections"] is System.Text.Json.Nodes.JsonArray sections)
        {
            for (var i = 0; i < sections.Count; i++)
            {
                var id = sections[i] is { } node ? SectionId(JsonSerializer.SerializeToElement(node)) : 0;
                if (!visibleSections.Contains(id))
                {
                    sections[i] = MaskedSection;
                    outside = true;
                }
            }
        }

        if (outside && obj["shared_values"] is System.Text.Json.Nodes.JsonArray values)
        {
            foreach (var v in values.OfType<System.Text.Json.Nodes.JsonObject>().Where(v => v.ContainsKey("value")))
            {
                v["value"] = MaskedValue;
            }
        }

        foreach (var key in new[] { "value", "mac", "cpu", "disk" }.Where(k => outside && obj.ContainsKey(k)))
        {
            obj[key] = MaskedValue;
        }

        foreach (var (name, node) in obj.ToList())
        {
            if (node is System.Text.Json.Nodes.JsonObject perMember && name is "wins_by_member")
            {
                var masked = new System.Text.Json.Nodes.JsonObject();
                var n = 0;
                foreach (var (firm, value) in perMember.ToList())
                {
                    perMember.Remove(firm);
                    masked[visibleNames.Contains(firm) ? firm : MaskedBidder + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture)] = value;
                }

                obj[name] = masked;
            }
        }

        return obj.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Supervising departments named by projects, for the filter.</summary>
    public static Task<List<string>> DepartmentsAsync(JianguanDbContext db, DataScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Apply(db.Projects.AsNoTracking()).Where(p => p.SupervisingDepartment != null).Select(p => p.SupervisingDepartment!)
            .Distinct().OrderBy(d => d).Take(200).ToListAsync(ct);
    }
}
