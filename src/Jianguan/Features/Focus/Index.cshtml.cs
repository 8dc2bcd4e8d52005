using Jianguan.Features.Warnings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Focus;

[Authorize(Policy = Policies.AlertsRead)]
public sealed class IndexModel(JianguanDbContext db, AuditTrail audit, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<FocusInfo> Entries { get; private set; } = [];

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
        Entries = await FocusQueries.FocusAsync(db, activeOnly: true, ct: ct);
        History = await FocusQueries.FocusHistoryAsync(db, null, ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.FocusManage)).Succeeded;
    }
}
