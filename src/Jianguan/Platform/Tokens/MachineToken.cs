using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Platform.Tokens;

/// <summary>Where a token is in its request → approval life.</summary>
public enum MachineTokenStatus
{
    /// <summary>Requested by its unit, not yet approved: refused at the API.</summary>
    Pending = 0,

    /// <summary>Approved by the security administrator: works until it expires or is revoked.</summary>
    Approved = 1,

    /// <summary>Refused by the security administrator.</summary>
    Rejected = 2,
}

/// <summary>
/// A credential for another system (the trading center's data push, a reporting system): scoped, expiring,
/// revocable. Requested by the unit that owns the data (三员分立: never minted by an administrator), approved by the
/// security administrator. Only the SM3 hash of its secret is stored; the token text is shown once, to the
/// requester.
/// </summary>
public sealed class MachineToken
{
    public int Id { get; set; }

    /// <summary>Who uses it, e.g. 市交易中心数据推送; the audit trail records requests under this name.</summary>
    public required string Name { get; set; }

    /// <summary>Public part of the token, for lookup (16 hex digits).</summary>
    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    /// <summary>Space-separated <see cref="Auth.Scopes"/>.</summary>
    public string Scopes { get; set; } = "";

    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }

    /// <summary>The requester's user name (for tokens made before the request flow: the issuing administrator).</summary>
    public string CreatedBy { get; set; } = "";

    /// <summary>The requester's account id.</summary>
    public string? RequestedById { get; set; }

    /// <summary>What the unit's system does with it: the approval's basis.</summary>
    public string? Purpose { get; set; }

    /// <summary>Days of validity, counted from the approval.</summary>
    public int ValidDays { get; set; }

    public MachineTokenStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The security administrator's note (why it was refused).</summary>
    public string? DecisionNote { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Revoked { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsActive(DateTimeOffset now) => Status == MachineTokenStatus.Approved && !Revoked && ExpiresAt > now;
}

internal sealed class MachineTokenConfiguration : IEntityTypeConfiguration<MachineToken>
{
    public void Configure(EntityTypeBuilder<MachineToken> builder)
    {
        builder.ToTable("MachineTokens");
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.SecretHash).HasMaxLength(64);
        builder.Property(t => t.Scopes).HasMaxLength(256);
        builder.Property(t => t.CreatedBy).HasMaxLength(256);
        builder.Property(t => t.RevokedBy).HasMaxLength(256);
        builder.Property(t => t.RequestedById).HasMaxLength(450);
        builder.Property(t => t.Purpose).HasMaxLength(MachineTokens.PurposeMaxLength);
        builder.Property(t => t.DecidedBy).HasMaxLength(256);
        builder.Property(t => t.DecisionNote).HasMaxLength(MachineTokens.PurposeMaxLength);
        builder.HasIndex(t => t.Prefix).IsUnique();
        builder.HasOne(t => t.Organisation).WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Issuing, parsing and turning tokens into principals.</summary>
public static class MachineTokens
{
    /// <summary>Token text: <c>jgt_</c>, the 16-hex-digit prefix, <c>_</c>, 43 base64url characters (256 random bits).</summary>
    public const string Marker = "jgt_";

    public const int MaxDays = 366;

    public const int PurposeMaxLength = 500;

    /// <summary>Between the unit's name and the token's name in the audit trail: 海口市公共资源交易中心·数据推送.</summary>
    public const char UnitSeparator = '·';

    /// <summary>The claim holding the owner organisation's id, for data scoping.</summary>
    public const string OrganisationClaim = "jianguan:organisation";

    /// <summary>Revokes a token (once; a second revocation changes and records nothing) and audits it.</summary>
    public static async Task RevokeAsync(JianguanDbContext db, MachineToken token, AuditTrail audit, AuditActor actor,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        if (token.Revoked)
        {
            return;
        }

        token.Revoked = true;
        token.RevokedAt = now;
        token.RevokedBy = actor.UserName;
        await audit.RecordAsync(db, actor, "token.revoke", "token:" + token.Prefix, new { token.Name }, ct);
    }

    /// <summary>
    /// An approved token (as stored by seeding and tests; the web flow is <see cref="Request"/>, then the security
    /// administrator's approval).
    /// </summary>
    public static (MachineToken Token, string Text) Create(
        string name, IEnumerable<string> scopes, int? organisationId, string createdBy, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new MachineToken
        {
            Name = name,
            Prefix = prefix,
            SecretHash = TokenHash.Sm3Hex(secret),
            Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            OrganisationId = organisationId,
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            Status = MachineTokenStatus.Approved,
        };
        return (token, Marker + prefix + "_" + secret);
    }

    /// <summary>
    /// A unit's request: the text goes to the requester only; the token is pending (refused at the API) until the
    /// security administrator approves it, and its validity is counted from the approval.
    /// </summary>
    public static (MachineToken Token, string Text) Request(string name, IEnumerable<string> scopes, int organisationId,
        string requestedBy, string? requestedById, string purpose, int days, DateTimeOffset now)
    {
        var (token, text) = Create(name, scopes, organisationId, requestedBy, now, now);
        token.Status = MachineTokenStatus.Pending;
        token.RequestedById = requestedById;
        token.Purpose = purpose;
        token.ValidDays = days;
        return (token, text);
    }

    /// <summary>The token's state in Chinese.</summary>
    public static string StatusName(MachineToken token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Revoked ? "已吊销"
            : token.Status == MachineTokenStatus.Pending ? "待审批"
            : token.Status == MachineTokenStatus.Rejected ? "未批准"
            : token.ExpiresAt <= now ? "已过期" : "有效";
    }

    /// <summary>The name requests are audited under: the owner unit's name and the token's (单位名·令牌名).</summary>
    public static string ActorName(MachineToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Organisation is { } unit ? unit.Name + UnitSeparator + token.Name : token.Name;
    }

    public static bool TryParse(string text, out string prefix, out string secret)
    {
        prefix = secret = "";
        if (text is null || !text.StartsWith(Marker, StringComparison.Ordinal) || text.Length != Marker.Length + 16 + 1 + 43
            || text[Marker.Length + 16] != '_')
        {
            return false;
        }

        prefix = text.Substring(Marker.Length, 16);
        secret = text[(Marker.Length + 17)..];
        return prefix.All(char.IsAsciiHexDigitLower);
    }

    /// <summary>Constant-time comparison of the presented secret's hash with the stored one.</summary>
    public static bool Matches(MachineToken token, string secret)
    {
        ArgumentNullException.ThrowIfNull(token);
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(TokenHash.Sm3Hex(secret)), System.Text.Encoding.ASCII.GetBytes(token.SecretHash));
    }

    /// <summary>
    /// The principal of a request made with the token: its name is the token's name (so the audit trail shows
    /// which system acted), its scopes are claims, and it carries no role.
    /// </summary>
    public static ClaimsPrincipal Principal(MachineToken token, string scheme)
    {
        ArgumentNullException.ThrowIfNull(token);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "token:" + token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, ActorName(token)),
            new(Auth.Scopes.MachineClaim, token.Prefix),
        };
        claims.AddRange(token.ScopeList.Select(s => new Claim(Auth.Scopes.ClaimType, s)));
        if (token.OrganisationId is { } org)
        {
            claims.Add(new Claim(OrganisationClaim, org.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
