using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jianguan.Platform.Inbox;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Platform;

/// <summary>The inbox API: each person sees and marks only what is addressed to them, their unit or their roles.</summary>
[Trait("Category", "Database")]
public sealed class InboxTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private async Task<int> OrganisationAsync()
    {
        var organisation = new Organisation { Code = "ORG-" + Guid.NewGuid().ToString("N")[..8], Name = "测试单位", Kind = OrgKind.Industry };
        await factory.SeedAsync(db =>
        {
            db.Organisations.Add(organisation);
            return Task.CompletedTask;
        });
        return organisation.Id;
    }

    /// <summary>A signed-in account with its user id; placed in the unit when one is given.</summary>
    private async Task<(HttpClient Client, string UserId)> UserAsync(string role, int? organisationId = null)
    {
        var name = "i" + Guid.NewGuid().ToString("N")[..12];
        await factory.CreateUserAsync(name, role);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(name))!;
            user.OrganisationId = organisationId;
            await users.UpdateAsync(user);
        }

        await using var read = factory.Services.CreateAsyncScope();
        var id = await read.ServiceProvider.GetRequiredService<JianguanDbContext>().Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync();
        return (await factory.LoginAsync(name), id);
    }

    private async Task<long> PostAsync(Recipient to, string title)
    {
        Notification? posted = null;
        await factory.SeedAsync(db =>
        {
            posted = Notifications.Post(db, to, "test", title, "正文", "/Alerts", At);
            return Task.CompletedTask;
        });
        return posted!.Id;
    }

    private static async Task<HttpResponseMessage> MarkReadAsync(HttpClient client, long id, bool withToken = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/inbox/{id}/read");
        if (withToken)
        {
            request.Headers.Add("RequestVerificationToken", await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Account/ChangePassword"));
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task List_MessagesToMeMyUnitAndMyRole_OthersNot()
    {
        var unit = await OrganisationAsync();
        var otherUnit = await OrganisationAsync();
        var role = "inbox-role-" + Guid.NewGuid().ToString("N")[..6];
        var (me, myId) = await UserAsync(role, unit);
        var (_, otherId) = await UserAsync(Roles.Police);
        var tag = Guid.NewGuid().ToString("N")[..6];

        await PostAsync(Recipient.ToUser(myId), tag + "给我");
        await PostAsync(Recipient.ToOrganisation(unit), tag + "给本单位");
        await PostAsync(Recipient.ToRole(role), tag + "给本角色");
        await PostAsync(Recipient.ToUser(otherId), tag + "给他人");
        await PostAsync(Recipient.ToOrganisation(otherUnit), tag + "给他单位");
        await PostAsync(Recipient.ToRole(Roles.Police), tag + "给他角色");
        var page = await me.GetFromJsonAsync<InboxPage>("/api/inbox", Json);

        Assert.Equal(new[] { tag + "给我", tag + "给本单位", tag + "给本角色" }.Order(StringComparer.Ordinal), page!.Items.Select(i => i.Title).Order(StringComparer.Ordinal));
        Assert.Equal(3, page.Unread);
        Assert.All(page.Items, i => Assert.Null(i.ReadAt));
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateAnonymousClient().GetAsync("/api/inbox")).StatusCode);
    }

    [Fact]
    public async Task MarkRead_OwnOnce_OthersNotFound_TokenRequired_Audited()
    {
        var unit = await OrganisationAsync();
        var (me, _) = await UserAsync(Roles.MemberSupervisor, unit);
        var (colleague, _) = await UserAsync(Roles.MemberLeader, unit);
        var (stranger, _) = await UserAsync(Roles.Police);
        var id = await PostAsync(Recipient.ToOrganisation(unit), "新线索");

        var noToken = await MarkReadAsync(me, id, withToken: false);
        var strangers = await MarkReadAsync(stranger, id);
        var first = await (await MarkReadAsync(me, id)).Content.ReadFromJsonAsync<InboxItem>(Json);
        var again = await MarkReadAsync(me, id);
        var missing = await MarkReadAsync(me, 987_654_321);
        var mine = await me.GetFromJsonAsync<InboxPage>("/api/inbox?unread=true", Json);
        var theirs = await colleague.GetFromJsonAsync<InboxPage>("/api/inbox?unread=true", Json);

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangers.StatusCode);
        Assert.NotNull(first!.ReadAt);
        Assert.Equal(first.ReadAt, (await again.Content.ReadFromJsonAsync<InboxItem>(Json))!.ReadAt);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain(mine!.Items, i => i.Id == id);
        // Read by one officer of the unit, still unread for the others.
        Assert.Contains(theirs!.Items, i => i.Id == id);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "inbox.read" && e.Target == $"notification:{id}"));
        Assert.Equal(1, await db.Set<NotificationRead>().CountAsync(r => r.NotificationId == id));
    }

    [Fact]
    public void Post_ExternalLink_Refused()
    {
        using var db = Database.Open("Data Source=:memory:", Database.ModelOnlyCipher());
        Assert.Throws<ArgumentException>(() => Notifications.Post(db, Recipient.ToRole("x"), "k", "t", null, "https://example.com/", At));
        Assert.Throws<ArgumentException>(() => Notifications.Post(db, Recipient.ToRole("x"), "k", "t", null, "//example.com/", At));
        Assert.Equal("/Alerts/1", Notifications.Post(db, Recipient.ToRole("x"), "k", "t", null, "/Alerts/1", At).Link);
    }
}
