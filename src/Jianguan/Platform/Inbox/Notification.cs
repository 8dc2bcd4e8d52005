using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Platform.Inbox;

public enum RecipientKind
{
    /// <summary>One account, by its user id.</summary>
    User,

    /// <summary>Everyone of a member unit, by the organisation id.</summary>
    Organisation,

    /// <summary>Everyone holding a role, by the role code.</summary>
    Role,
}

/// <summary>Who a notification is addressed to.</summary>
public readonly record struct Recipient(RecipientKind Kind, string Id)
{
    public static Recipient ToUser(string userId) => new(RecipientKind.User, userId);

    public static Recipient ToOrganisation(int organisationId) =>
        new(RecipientKind.Organisation, organisationId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Recipient ToRole(string role) => new(RecipientKind.Role, role);
}

/// <summary>
/// An in-app notification (站内消息): a case assigned, a deadline near, a clue created. Addressed to a user, a unit
/// or a role, and kept once: who has read it is recorded per reader in <see cref="NotificationRead"/>, so a message
/// to a unit reaches whoever belongs to it when they look, and one officer reading it does not mark it for the rest.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }

    public RecipientKind RecipientKind { get; set; }

    /// <summary>User id, organisation id or role code, as <see cref="RecipientKind"/> says.</summary>
    public required string RecipientId { get; set; }

    /// <summary>A stable code of what happened, e.g. <c>clue.created</c>, for filters and icons.</summary>
    public required string Kind { get; set; }

    public required string Title { get; set; }

    public string? Body { get; set; }

    /// <summary>A site-relative link to the record (/Alerts/42); never an external address.</summary>
    public string? Link { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One reader's receipt of one notification.</summary>
public sealed class NotificationRead
{
    public long NotificationId { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.HasIndex(n => new { n.RecipientKind, n.RecipientId, n.CreatedAt });
        b.Property(n => n.RecipientKind).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.RecipientId).HasMaxLength(64);
        b.Property(n => n.Kind).HasMaxLength(64);
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(500);
    }
}

internal sealed class NotificationReadConfiguration : IEntityTypeConfiguration<NotificationRead>
{
    public void Configure(EntityTypeBuilder<NotificationRead> b)
    {
        b.ToTable("NotificationReads");
        b.HasKey(r => new { r.NotificationId, r.UserId });
        b.Property(r => r.UserId).HasMaxLength(64);
        b.HasIndex(r => r.UserId);
        b.HasOne<Notification>().WithMany().HasForeignKey(r => r.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}
