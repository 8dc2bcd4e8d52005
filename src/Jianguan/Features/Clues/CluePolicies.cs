namespace Jianguan.Features.Clues;

/// <summary>The clue module's policies (registered through <see cref="Modules"/>).</summary>
public static class CluePolicies
{
    /// <summary>Read clues (what the viewer may see), referrals and assistance requests of one's unit.</summary>
    public const string Read = "clues-read";

    /// <summary>Register, verify, conclude, close and refer clues: the office and the member units.</summary>
    public const string Manage = "clues-manage";

    /// <summary>Sign for, handle and answer referrals sent to one's unit: the enforcement team, discipline inspection, police.</summary>
    public const string Receive = "referrals-receive";

    /// <summary>Send and answer assistance requests between departments.</summary>
    public const string Assistance = "assistance";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Read] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Enforcement, Roles.Discipline, Roles.Audit, Roles.Police,
        ],
        [Manage] = [Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader],
        [Receive] = [Roles.Enforcement, Roles.Discipline, Roles.Police],
        [Assistance] =
        [
            Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Justice, Roles.TradingCenter, Roles.Enforcement,
            Roles.Discipline, Roles.Audit, Roles.Police,
        ],
    };
}
