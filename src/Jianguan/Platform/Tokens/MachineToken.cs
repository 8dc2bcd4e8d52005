using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Platform.Tokens;

/// <summary>
/// A credential for another system (the trading center's data push, a reporting system): scoped, expiring,
/// revocable. Only the SM3 hash of its secret is stored; the token text is shown once, when it is issued.
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

    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Revoked { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsActive(DateTimeOffset now) => !Revoked && ExpiresAt > now;
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

    /// <summary>The claim holding the owner organisation's id, for data scoping.</summary>
    public const string OrganisationClaim = "jianguan:organisation";

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
        };
        return (token, Marker + prefix + "_" + secret);
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
            new(ClaimTypes.Name, token.Name),
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
