using System.Security.Claims;

namespace Jianguan.Platform.Scopes;

/// <summary>How much of the trading database an account may read.</summary>
public enum DataScopeKind
{
    /// <summary>Nothing (roles outside trading, enforcement until cases refer data to it, members without a unit).</summary>
    None,

    /// <summary>The projects of one member unit: those it supervises, and those of the trading categories it covers.</summary>
    Sector,

    /// <summary>The whole trading database: the office, the trading center and the oversight bodies.</summary>
    All,
}

/// <summary>
/// The rows of trading data an account may read, as a filter that every trading query applies in SQL, so that a
/// member unit's officer never receives another sector's rows whatever page, API or export asks for them. Menus
/// hiding links are not protection; this is.
/// </summary>
public sealed class DataScope
{
    /// <summary>Roles that read the whole trading database (the oversight bodies read-only, by their policies).</summary>
    public static readonly IReadOnlySet<string> WholeDatabaseRoles = new HashSet<string>(StringComparer.Ordinal)
    {
        Roles.OfficeAdmin, Roles.TradingCenter, Roles.Discipline, Roles.Audit, Roles.Police,
    };

    /// <summary>
    /// Roles that see city-wide figures only (the city government, ADR-022): the whole database feeds their
    /// aggregates, masked, and their policies reach no page or API that lists rows.
    /// </summary>
    public static readonly IReadOnlySet<string> AggregateRoles = new HashSet<string>(StringComparer.Ordinal)
    {
        Roles.CityGovernment,
    };

    /// <summary>Roles that read their own unit's sector.</summary>
    public static readonly IReadOnlySet<string> SectorRoles = new HashSet<string>(StringComparer.Ordinal)
    {
        Roles.MemberSupervisor, Roles.MemberLeader,
    };

    /// <summary>Roles that see personal data (mobile numbers, certificate numbers) in full: they investigate.</summary>
    public static readonly IReadOnlySet<string> PersonalDataRoles = new HashSet<string>(StringComparer.Ordinal)
    {
        Roles.OfficeAdmin, Roles.Discipline, Roles.Audit, Roles.Police,
    };

    /// <summary>The whole database with personal data in full.</summary>
    public static DataScope All { get; } = new(DataScopeKind.All, null, [], revealsPersonalData: true);

    /// <summary>The whole database with personal data masked (the trading center).</summary>
    public static DataScope AllMasked { get; } = new(DataScopeKind.All, null, [], revealsPersonalData: false);

    public static DataScope None { get; } = new(DataScopeKind.None, null, [], revealsPersonalData: false);

    private DataScope(DataScopeKind kind, int? organisationId, string[] sectors, bool revealsPersonalData)
    {
        Kind = kind;
        OrganisationId = organisationId;
        Sectors = sectors;
        RevealsPersonalData = revealsPersonalData;
    }

    /// <summary>
    /// Whether mobile and certificate numbers are shown in full; otherwise masked (138****1234). Equality marks
    /// (shared fingerprints) stay visible either way: they are computed before masking.
    /// </summary>
    public bool RevealsPersonalData { get; }

    public DataScopeKind Kind { get; }

    /// <summary>The member unit whose supervised projects are in scope (sector scope only).</summary>
    public int? OrganisationId { get; }

    /// <summary>
    /// The sectors the unit declares (sector scope only), as stored: each slice maps them onto its own rows (the
    /// trading categories in <c>Features/Trading/TradingScope</c>).
    /// </summary>
    public IReadOnlyList<string> Sectors { get; }

    /// <summary>The scope of a member unit: its supervised projects and the trading categories named in its sectors.</summary>
    public static DataScope ForOrganisation(Organisation organisation)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        return new DataScope(DataScopeKind.Sector, organisation.Id,
            organisation.Sectors?.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [], revealsPersonalData: false);
    }

    /// <summary>
    /// The scope of a signed-in account: the widest of its roles. Member roles take the unit from the account
    /// record (not from the cookie), so a transfer to another unit applies at the next request.
    /// </summary>
    public static async Task<DataScope> ResolveAsync(JianguanDbContext db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return None;
        }

        if (Auth.Scopes.IsMachine(user))
        {
            return await ForMachineAsync(db, user, ct);
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (roles.Any(WholeDatabaseRoles.Contains))
        {
            return roles.Any(PersonalDataRoles.Contains) ? All : AllMasked;
        }

        if (roles.Any(AggregateRoles.Contains))
        {
            return AllMasked;
        }

        if (!roles.Any(SectorRoles.Contains) || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return None;
        }

        var organisation = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => u.Organisation)
            .FirstOrDefaultAsync(ct);
        return organisation is null ? None : ForOrganisation(organisation);
    }

    /// <summary>
    /// A machine token reads what its owner unit may read: a member unit's system its sector, the trading center's
    /// and the oversight bodies' systems the whole database; personal data stays masked for every machine.
    /// </summary>
    private static async Task<DataScope> ForMachineAsync(JianguanDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!int.TryParse(user.FindFirstValue(Tokens.MachineTokens.OrganisationClaim), System.Globalization.CultureInfo.InvariantCulture, out var organisationId))
        {
            return None;
        }

        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        return organisation?.Kind switch
        {
            null => None,
            OrgKind.Industry => ForOrganisation(organisation),
            OrgKind.Lead or OrgKind.TradingCenter or OrgKind.Discipline or OrgKind.Audit or OrgKind.Police => AllMasked,
            _ => None,
        };
    }
}

/// <summary>The scope of the current request's user, resolved once per request.</summary>
public sealed class CurrentDataScope(JianguanDbContext db, IHttpContextAccessor accessor)
{
    private DataScope? _scope;

    public async Task<DataScope> GetAsync(CancellationToken ct = default) =>
        _scope ??= accessor.HttpContext is { } context
            ? await DataScope.ResolveAsync(db, context.User, ct)
            : DataScope.None;
}
