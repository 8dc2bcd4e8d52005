namespace Jianguan.Platform.Auth;

/// <summary>
/// Account names as people read them: histories, receipts and registers show 张三, not <c>zhujianju-zf1</c>. One
/// lookup for every case module.
/// </summary>
public static class UserNames
{
    /// <summary>
    /// Display name of each account name given: the account's display name when it has one, 系统 for the system
    /// actor, else the account name itself (a deleted account stays readable).
    /// </summary>
    public static async Task<Dictionary<string, string>> DisplayNamesAsync(JianguanDbContext db, IEnumerable<string?> userNames, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(userNames);
        var names = userNames.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName!))
            .Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct);
        var map = found.Where(u => !string.IsNullOrEmpty(u.DisplayName)).ToDictionary(u => u.UserName!, u => u.DisplayName, StringComparer.Ordinal);
        foreach (var name in names.Where(n => !map.ContainsKey(n)))
        {
            map[name] = name == AuditActor.System.UserName ? "系统" : name;
        }

        return map;
    }
}
