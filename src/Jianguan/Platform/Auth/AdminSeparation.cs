namespace Jianguan.Platform.Auth;

/// <summary>
/// 三员分立: the rules a role change must keep. Checked by the security administrator's page before anything is
/// written, so a refused change leaves the account as it was.
/// </summary>
public static class AdminSeparation
{
    /// <summary>The reason the change is refused, or null when it may be made.</summary>
    public static string? Check(string actorUserId, string targetUserId, IReadOnlyCollection<string> before, IReadOnlyCollection<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (string.Equals(actorUserId, targetUserId, StringComparison.Ordinal))
        {
            return "不能修改自己的角色：权限变更须由另一名安全管理员办理。";
        }

        if (after.Any(r => !Roles.ChineseNames.ContainsKey(r)))
        {
            return "未知的角色。";
        }

        var admins = after.Where(r => Roles.Administrators.Contains(r)).ToList();
        if (admins.Count > 1)
        {
            return $"三员分立：同一账户不得同时担任{string.Join("、", admins.Select(r => Roles.ChineseNames[r]))}。";
        }

        if (admins.Count == 1 && after.Count > 1)
        {
            return $"三员分立：{Roles.ChineseNames[admins[0]]}账户专用于管理，不得兼任业务角色。";
        }

        return null;
    }
}
