using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Jianguan.Features.Trading;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Warnings;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class IndexModel(JianguanDbContext db, Platform.Scopes.CurrentDataScope scope) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Rule { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    /// <summary><c>quality</c>: the 数据质量 view (data-quality findings only); otherwise the risk alerts, without them.</summary>
    [BindProperty(SupportsGet = true)]
    public string? View { get; set; }

    public bool QualityView => string.Equals(View, "quality", StringComparison.OrdinalIgnoreCase);

    /// <summary>The rules offered in the filter: the data-quality rules in the 数据质量 view, the others elsewhere.</summary>
    public IEnumerable<Jianguan.Analytics.Rules.Rule> Rules => Jianguan.Analytics.Rules.RuleCatalog.All
        .Where(r => (r.Category == Jianguan.Analytics.Rules.RuleCategory.DataQuality) == QualityView);

    public AlertListPage Result { get; private set; } = null!;

    public IReadOnlyList<string> Departments { get; private set; } = [];

    /// <summary>
    /// The newest alert id when the page was made: the live list shows alerts above it (the table holds the rest), and
    /// the stream is opened after it, so an alert stored between the page and its stream is not lost.
    /// </summary>
    public long LiveAfter { get; private set; }

    /// <summary>
    /// The name the account's /Alerts tabs in one browser share their one stream under (alerts-live.js): a digest of
    /// the user id, so tabs of another account signed in later in the same browser never get this account's alerts.
    /// </summary>
    public string LiveChannel =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "")))[..16];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Before the list: an alert stored meanwhile may show twice (table and live list), never not at all.
        LiveAfter = await AlertEvents.MaxIdAsync(db, ct);
        Result = await AlertQueries.ListAsync(db, await scope.GetAsync(ct), Filter(), ct);
        Departments = await AlertQueries.DepartmentsAsync(db, await scope.GetAsync(ct), ct);
        Trend = await AlertCharts.TrendAsync(db, await scope.GetAsync(ct), Filter() with { Page = 1 }, With, ct);
    }

    /// <summary>The charts above the list: the same filters and scope, all pages.</summary>
    public AlertTrend? Trend { get; private set; }

    public AlertFilter Filter() => new(
        AlertLabels.TryParseLevel(Level, out var l) ? l : null,
        string.IsNullOrWhiteSpace(Rule) ? null : Rule,
        TradingLabels.TryParseCategory(Category, out var c) ? c : null,
        string.IsNullOrWhiteSpace(Department) ? null : Department,
        From, To,
        AlertLabels.TryParseState(State, out var s) ? s : null,
        IncludeQuality: false, Bidder: null, Page: PageNumber, OnlyQuality: QualityView);

    /// <summary>The current query with one filter changed (count links).</summary>
    public string With(string key, string? value) => With(new Dictionary<string, string?> { [key] = value });

    /// <summary>The current query with some filters changed, a null value removing one (count and chart links); back to page 1.</summary>
    public string With(IReadOnlyDictionary<string, string?> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var query = Request.Query.Where(q => !changes.Keys.Contains(q.Key, StringComparer.OrdinalIgnoreCase) && !Shared.PagerModel.IsPageKey(q.Key))
            .ToDictionary(q => q.Key, q => q.Value.ToString());
        foreach (var (key, value) in changes.Where(c => c.Value is not null))
        {
            query[key] = value!;
        }

        return "/Alerts" + Microsoft.AspNetCore.Http.QueryString.Create(query!);
    }
}
