using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Jianguan.Platform.Inbox;

/// <summary>
/// The signed-in person's own notifications. Any account may call these, and each answers only about the caller's
/// messages: another person's id is 404, not 403, so ids reveal nothing.
/// </summary>
public static class InboxEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/inbox", ListAsync).WithTags("站内消息 / inbox").WithName("ListInbox")
            .WithSummary("我的站内消息（最新在前，含未读数） / my notifications, newest first, with the unread count")
            .RequireAuthorization(Policies.SignedIn);
        endpoints.MapPost("/api/inbox/{id:long}/read", MarkReadAsync).WithTags("站内消息 / inbox").WithName("MarkInboxRead")
            .WithSummary("标记为已读 / mark one of my notifications read")
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .RequireAuthorization(Policies.SignedIn);
    }

    public static async Task<Results<Ok<InboxPage>, ForbidHttpResult>> ListAsync(JianguanDbContext db, HttpContext http, CancellationToken ct,
        bool unread = false, int page = 1) =>
        await InboxReader.ForAsync(db, http.User, ct) is { } reader
            ? TypedResults.Ok(await Notifications.ListAsync(db, reader, unread, page, ct))
            : TypedResults.Forbid();

    public static async Task<Results<Ok<InboxItem>, NotFound, ForbidHttpResult, ProblemHttpResult>> MarkReadAsync(long id, JianguanDbContext db,
        AuditTrail audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        // The anti-forgery middleware only records its verdict for JSON endpoints; the handler enforces it.
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return TypedResults.Problem("缺少或无效的防伪令牌（请求头 RequestVerificationToken）/ missing or invalid anti-forgery token",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (await InboxReader.ForAsync(db, http.User, ct) is not { } reader)
        {
            return TypedResults.Forbid();
        }

        return await Notifications.MarkReadAsync(db, reader, id, audit, AuditActor.From(http), clock.GetUtcNow(), ct) is { } item
            ? TypedResults.Ok(item)
            : TypedResults.NotFound();
    }
}
