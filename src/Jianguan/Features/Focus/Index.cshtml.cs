using Jianguan.Features.Warnings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Jianguan.Features.Focus;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock, IAuthorizationService authorization,
    Platform.Scopes.CurrentDataScope scope) : Shared.PagedPageModel
{
    /// <summary>Name or credit code contains this.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The current page of the list.</summary>
    public IReadOnlyList<FocusInfo> Entries { get; private set; } = [];

    /// <summary>Firms on the list matching the filter (all pages).</summary>
    public int Total { get; private set; }

    public int TotalPages => Shared.PagerModel.PageCount(Total);

    public IReadOnlyList<FocusChangeInfo> History { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Adds by credit code or exact name (the office types what it has on paper).</summary>
    public async Task<IActionResult> OnPostAddAsync(string? entity, string? reason, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.FocusManage)).Succeeded)
        {
            return Forbid();
        }

        var key = entity?.Trim() ?? "";
        var ids = await db.MarketEntities.AsNoTracking().Where(e => e.CreditCode == key || e.Name == key).Select(e => e.Id).Take(2).ToListAsync(ct);
        try
        {
            if (ids.Count != 1)
            {
                throw new AlertRuleException(ids.Count == 0 ? "找不到该统一社会信用代码或名称对应的市场主体。" : "名称对应多个主体，请输入统一社会信用代码。");
            }

            await FocusList.AddAsync(db, ids[0], reason, audit, AuditActor.From(HttpContext), clock, ct);
        }
        catch (AlertRuleException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(long entityId, string? reason, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.FocusManage)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            await FocusList.RemoveAsync(db, entityId, reason, audit, AuditActor.From(HttpContext), clock, ct);
        }
        catch (AlertRuleException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // The list is bounded by the bidders on it and is ordered by score (joined in memory), so it is paged here.
        IEnumerable<FocusInfo> all = await FocusQueries.FocusAsync(db, activeOnly: true, scope: await scope.GetAsync(ct), ct: ct);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            all = all.Where(f => f.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || (f.CreditCode?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false));
        }

        var matching = all.ToList();
        Total = matching.Count;
        PageNumber = Math.Clamp(PageNumber, 1, TotalPages);
        Entries = [.. matching.Skip((PageNumber - 1) * Shared.PagerModel.PageSize).Take(Shared.PagerModel.PageSize)];
        History = await FocusQueries.FocusHistoryAsync(db, null, await scope.GetAsync(ct), ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.FocusManage)).Succeeded;
    }
}
