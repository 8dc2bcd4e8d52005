using Jianguan.Data;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Jianguan.Pages.Admin;

[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class IndexModel(JianguanDbContext db, TimeProvider clock) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> PolicyNames = new Dictionary<string, string>
    {
        [Policies.TradingRead] = "查阅交易数据",
        [Policies.TradingImport] = "导入交易数据",
        [Policies.PlatformAdmin] = "平台配置",
    };

    public sealed record UserRow(string UserName, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut);

    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(x => x.UserId, x => x.Name ?? "");
        var now = clock.GetUtcNow();
        Users = [.. users.Select(u => new UserRow(
            u.UserName ?? "", u.DisplayName, [.. byUser[u.Id].Order(StringComparer.Ordinal)], u.LockoutEnd > now))];
    }
}
