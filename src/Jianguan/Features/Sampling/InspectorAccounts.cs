using System.Security.Claims;

namespace Jianguan.Features.Sampling;

/// <summary>A login account that may be linked to an inspector: it holds a role of the inspection policy and is not disabled.</summary>
public sealed record InspectorAccount(string Id, string UserName, string DisplayName, string Unit);

/// <summary>
/// Inspector-pool members linked to login accounts, and who may write an assignment's result: its assigned
/// inspectors (through their accounts) and the supervisors of the plan's department (issue 17, item 2).
/// </summary>
public static class InspectorAccounts
{
    /// <summary>Roles whose accounts may be linked to an inspector (the roles of the inspection policy).</summary>
    public static IReadOnlyList<string> CapableRoles => Policies.RolesByPolicy[Policies.SamplingInspect];

    /// <summary>Roles that, in the plan's department, write results of that department's assignments.</summary>
    public static readonly IReadOnlyList<string> SupervisorRoles = [Roles.MemberSupervisor];

    public static async Task<List<InspectorAccount>> CandidatesAsync(JianguanDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var roles = CapableRoles.ToList();
        var ids = db.UserRoles.Join(db.Roles.Where(r => roles.Contains(r.Name!)), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
        return await db.Users.AsNoTracking()
            .Where(u => !u.Disabled && ids.Contains(u.Id))
            .OrderBy(u => u.UserName)
            .Select(u => new InspectorAccount(u.Id, u.UserName!, u.DisplayName, u.Organisation == null ? "" : u.Organisation.Name))
            .ToListAsync(ct);
    }

    /// <summary>The account a user name (or account id) names, when it may be linked; otherwise the reason.</summary>
    public static async Task<(InspectorAccount? Account, string? Error)> FindAsync(JianguanDbContext db, string? identifier, CancellationToken ct)
    {
        var text = (identifier ?? "").Trim();
        if (text.Length == 0)
        {
            return (null, "未填写登录账号");
        }

        var candidates = await CandidatesAsync(db, ct);
        var account = candidates.FirstOrDefault(a => string.Equals(a.UserName, text, StringComparison.OrdinalIgnoreCase) || a.Id == text);
        if (account is not null)
        {
            return (account, null);
        }

        var normalized = text.ToUpperInvariant();
        var exists = await db.Users.AnyAsync(u => u.NormalizedUserName == normalized || u.Id == text, ct);
        return (null, exists
            ? $"账号“{text}”没有执法检查权限或已停用，不能关联为执法人员"
            : $"账号“{text}”不存在");
    }

    /// <summary>Links (or, with an empty identifier and <paramref name="unlink"/>, unlinks) an inspector's account; audited.</summary>
    public static async Task LinkAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long inspectorId, string? identifier, bool unlink, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var inspector = await db.Inspectors.SingleOrDefaultAsync(i => i.Id == inspectorId, ct) ?? throw new SamplingException("执法人员不存在");
        string? userId = null;
        string? userName = null;
        if (!unlink)
        {
            var (account, error) = await FindAsync(db, identifier, ct);
            if (account is null)
            {
                throw new SamplingException("登录账号：" + error);
            }

            var other = await db.Inspectors.Where(i => i.UserId == account.Id && i.Id != inspectorId).Select(i => i.Code).FirstOrDefaultAsync(ct);
            if (other is not null)
            {
                throw new SamplingException($"登录账号：账号“{account.UserName}”已关联执法人员 {other}，一个账号只能关联一名执法人员");
            }

            userId = account.Id;
            userName = account.UserName;
        }

        var previous = inspector.UserId;
        inspector.UserId = userId;
        inspector.UpdatedAt = now;
        await audit.RecordAsync(db, actor, "sampling.inspectors.link", $"sampling/inspectors/{inspector.Code}",
            new { inspector.Code, userId, userName, previous }, ct);
    }

    /// <summary>
    /// The assignments among <paramref name="assignments"/> whose result the account may write (the same rule as
    /// <see cref="CanWriteAsync"/>, answered for a whole draw with two queries).
    /// </summary>
    public static async Task<HashSet<long>> WritableAsync(JianguanDbContext db, ClaimsPrincipal user, IEnumerable<SamplingAssignment> assignments, string planDepartments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(assignments);
        var writable = new HashSet<long>();
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return writable;
        }

        var codes = (await db.Inspectors.AsNoTracking().Where(i => i.UserId == userId && i.Active).Select(i => i.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var unit = SupervisorRoles.Any(user.IsInRole)
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId && u.Organisation != null).Select(u => u.Organisation!.Name).SingleOrDefaultAsync(ct)
            : null;
        var planUnits = SamplingService.SplitList(planDepartments);
        foreach (var a in assignments)
        {
            if (SamplingService.SplitList(a.Inspectors).Any(codes.Contains)
                || (unit is not null && planUnits.Append(a.Department).Any(d => SamplingDepartments.SameUnit(d, unit))))
            {
                writable.Add(a.Id);
            }
        }

        return writable;
    }

    /// <summary>
    /// Whether the account may record or correct the result of the assignment: it is linked to one of the
    /// assignment's inspectors, or it is a supervisor of the assignment's department or of a department of the plan.
    /// </summary>
    public static async Task<bool> CanWriteAsync(JianguanDbContext db, ClaimsPrincipal user, long assignmentId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return false;
        }

        var a = await db.SamplingAssignments.AsNoTracking().Where(x => x.Id == assignmentId)
            .Select(x => new { x.Inspectors, x.Department, PlanDepartments = x.Draw!.Batch!.Plan!.Departments })
            .SingleOrDefaultAsync(ct);
        if (a is null)
        {
            return false;
        }

        var codes = SamplingService.SplitList(a.Inspectors).ToList();
        if (codes.Count > 0 && await db.Inspectors.AnyAsync(i => i.UserId == userId && i.Active && codes.Contains(i.Code), ct))
        {
            return true;
        }

        if (!SupervisorRoles.Any(user.IsInRole))
        {
            return false;
        }

        var unit = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.Organisation != null).Select(u => u.Organisation!.Name).SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            return false;
        }

        return SamplingService.SplitList(a.PlanDepartments).Append(a.Department).Any(d => SamplingDepartments.SameUnit(d, unit));
    }
}
