using System.Security.Claims;

namespace Jianguan.Platform.Inbox;

/// <summary>Whose inbox: the account, its unit (from the account record, not the cookie) and its roles.</summary>
public sealed record InboxReader(string UserId, int? OrganisationId, IReadOnlyList<string> Roles)
{
    /// <summary>The reader of a signed-in person; null for the public and machine tokens (no user id).</summary>
    public static async Task<InboxReader?> ForAsync(JianguanDbContext db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } id
            || Auth.Scopes.IsMachine(user))
        {
            return null;
        }

        var organisation = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);
        return new InboxReader(id, organisation, [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)]);
    }
}

public sealed record InboxItem(long Id, string Kind, string Title, string? Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Unread, int Total, int Page, int PageSize);

/// <summary>Posting notifications (by features, inside their own writes) and reading them (by the addressee).</summary>
public static class Notifications
{
    public const int PageSize = 50;

    /// <summary>
    /// Adds a notification to the context; the caller's SaveChanges (or audit entry) writes it with the change it
    /// reports, so a rolled-back action notifies nobody.
    /// </summary>
    public static Notification Post(JianguanDbContext db, Recipient to, string kind, string title, string? body, string? link, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(to.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        // Only links into the site: a notification must not become a phishing channel.
        if (link is not null && (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ArgumentException("notification links are site-relative paths", nameof(link));
        }

        var notification = new Notification
        {
            RecipientKind = to.Kind,
            RecipientId = to.Id,
            Kind = kind,
            Title = Clip(title, 200),
            Body = body is null ? null : Clip(body, 2000),
            Link = link,
            CreatedAt = at.ToUniversalTime(),
        };
        db.Add(notification);
        return notification;
    }

    /// <summary>The notifications addressed to the reader: to the account, to its unit or to one of its roles.</summary>
    public static IQueryable<Notification> AddressedTo(JianguanDbContext db, InboxReader reader)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reader);
        var user = reader.UserId;
        var organisation = reader.OrganisationId?.ToString(CultureInfo.InvariantCulture) ?? "";
        var roles = reader.Roles.ToList();
        return db.Set<Notification>().Where(n =>
            (n.RecipientKind == RecipientKind.User && n.RecipientId == user)
            || (n.RecipientKind == RecipientKind.Organisation && n.RecipientId == organisation)
            || (n.RecipientKind == RecipientKind.Role && roles.Contains(n.RecipientId)));
    }

    /// <summary>Member-initialised (not a constructor) so that EF can filter and order on the read time.</summary>
    private sealed class Row
    {
        public required Notification N { get; init; }

        public DateTimeOffset? ReadAt { get; init; }
    }

    private static IQueryable<Row> Rows(JianguanDbContext db, InboxReader reader) =>
        AddressedTo(db, reader).AsNoTracking().Select(n => new Row
        {
            N = n,
            ReadAt = db.Set<NotificationRead>().Where(r => r.NotificationId == n.Id && r.UserId == reader.UserId)
                .Select(r => (DateTimeOffset?)r.ReadAt).FirstOrDefault(),
        });

    private static IQueryable<InboxItem> Items(IQueryable<Row> rows) =>
        rows.Select(r => new InboxItem(r.N.Id, r.N.Kind, r.N.Title, r.N.Body, r.N.Link, r.N.CreatedAt, r.ReadAt));

    /// <summary>Newest first; <paramref name="unreadOnly"/> for the badge's list.</summary>
    public static async Task<InboxPage> ListAsync(JianguanDbContext db, InboxReader reader, bool unreadOnly = false, int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var rows = Rows(db, reader);
        var unread = await rows.CountAsync(r => r.ReadAt == null, ct);
        if (unreadOnly)
        {
            rows = rows.Where(r => r.ReadAt == null);
        }

        var total = unreadOnly ? unread : await rows.CountAsync(ct);
        var list = await Items(rows.OrderByDescending(r => r.N.CreatedAt).ThenByDescending(r => r.N.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)).ToListAsync(ct);
        return new InboxPage(list, unread, total, page, PageSize);
    }

    public static Task<int> UnreadCountAsync(JianguanDbContext db, InboxReader reader, CancellationToken ct = default) =>
        Rows(db, reader).CountAsync(r => r.ReadAt == null, ct);

    /// <summary>
    /// Marks a notification read for this reader (the first time counts; again is a no-op). Null when it is not
    /// addressed to the reader, so nobody learns of or marks another person's messages.
    /// </summary>
    public static async Task<InboxItem?> MarkReadAsync(JianguanDbContext db, InboxReader reader, long id, AuditTrail audit, AuditActor actor,
        DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var item = await Items(Rows(db, reader).Where(r => r.N.Id == id)).FirstOrDefaultAsync(ct);
        if (item is null || item.ReadAt is not null)
        {
            return item;
        }

        var receipt = new NotificationRead { NotificationId = id, UserId = reader.UserId, ReadAt = at.ToUniversalTime() };
        db.Add(receipt);
        try
        {
            await audit.RecordAsync(db, actor, "inbox.read", "notification:" + id.ToString(CultureInfo.InvariantCulture), null, ct);
        }
        catch (DbUpdateException)
        {
            // The same reader marked it in another request a moment ago: that receipt stands.
            db.Entry(receipt).State = EntityState.Detached;
        }

        return await Items(Rows(db, reader).Where(r => r.N.Id == id)).FirstOrDefaultAsync(ct);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
