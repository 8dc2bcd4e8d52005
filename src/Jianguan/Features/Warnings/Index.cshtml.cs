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

    [BindProperty(SupportsGet = true)]
    public bool Quality { get; set; }

    public AlertListPage Result { get; private set; } = null!;

    public IReadOnlyList<string> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await AlertQueries.ListAsync(db, await scope.GetAsync(ct), Filter(), ct);
        Departments = await AlertQueries.DepartmentsAsync(db, await scope.GetAsync(ct), ct);
    }

    public AlertFilter Filter() => new(
        AlertLabels.TryParseLevel(Level, out var l) ? l : null,
        string.IsNullOrWhiteSpace(Rule) ? null : Rule,
        TradingLabels.TryParseCategory(Category, out var c) ? c : null,
        string.IsNullOrWhiteSpace(Department) ? null : Department,
        From, To,
        AlertLabels.TryParseState(State, out var s) ? s : null,
        Quality, null, PageNumber);

    /// <summary>The current query with one filter changed (count links).</summary>
    public string With(string key, string? value)
    {
        var query = Request.Query.Where(q => !string.Equals(q.Key, key, StringComparison.OrdinalIgnoreCase) && !Shared.PagerModel.IsPageKey(q.Key))
            .ToDictionary(q => q.Key, q => q.Value.ToString());
        if (value is not null)
        {
            query[key] = value;
        }

        return "/Alerts" + Microsoft.AspNetCore.Http.QueryString.Create(query!);
    }
}
