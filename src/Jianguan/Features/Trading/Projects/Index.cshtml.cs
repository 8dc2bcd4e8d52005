using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Trading.Projects;

[Authorize(Policy = Policies.TradingRead)]
[OversightQuery]
public sealed class IndexModel(JianguanDbContext db, CurrentDataScope scope) : Shared.PagedPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public string? Error { get; private set; }

    public PagedResult<ProjectListItem> Result { get; private set; } = new(0, 1, TradingQueries.PageSize, []);

    public async Task OnGetAsync(CancellationToken ct)
    {
        TradingCategory? category = null;
        if (!string.IsNullOrEmpty(Category))
        {
            if (TradingLabels.TryParseCategory(Category, out var c))
            {
                category = c;
            }
            else
            {
                Error = "未知的交易类别，已忽略该条件。";
            }
        }

        if (!ModelState.IsValid)
        {
            Error = "日期格式应为 年-月-日，已忽略无效的条件。";
        }

        Result = await TradingQueries.ListProjectsAsync(db, await scope.GetAsync(ct), new ProjectFilter(Q, category, Region, From, To, PageNumber), ct);
    }
}
