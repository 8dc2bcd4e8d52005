using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jianguan.Features.Focus;
using Jianguan.Features.Profiles;
using Jianguan.Features.Warnings;
using Jianguan.Features.Trading;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Identity;

namespace Jianguan.Tests.Alerts;

/// <summary>
/// Groups, bidder profiles, the focus list and tracking notices follow the data scope (ADR-006): a member unit's
/// account sees the sections, bids and alerts of its sector only, and a group or firm with nothing there answers 404.
/// </summary>
[Trait("Category", "Database")]
public class AlertScopeTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Housing section H: 甲 (winner) and 乙. Transport sections T1: 甲, 乙 and 戊; T2: 丙 and 丁. Group 1 (甲, 乙) has an
    /// alert on H and one on T1; group 2 (丙, 丁) one on T2; 甲 is on the focus list with a notice on H and on T1.
    /// </summary>
    private sealed record World(
        string Prefix, int Housing, long Jia, long Bing, long Wu, long HousingSection, long TransportSection,
        long HousingAlert, long TransportAlert, long OtherGroupAlert, long CrossAlert, long Group, long OtherGroup)
    {
        /// <summary>Texts that only the transport sector's rows carry.</summary>
        public string[] TransportMarks => [Prefix + "-T1", Prefix + "-T2", Prefix + "交通秘密工程", Prefix + "二标段"];
    }

    private async Task<World> SeedAsync()
    {
        var prefix = "Q" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var housing = new Organisation { Code = prefix + "-zj", Name = prefix + "住房和城乡建设局", Kind = OrgKind.Industry, Sectors = "房屋建筑工程" };
        var transport = new Organisation { Code = prefix + "-jt", Name = prefix + "交通运输局", Kind = OrgKind.Industry, Sectors = "交通工程" };
        db.Organisations.AddRange(housing, transport);
        MarketEntity Firm(string name) => new() { Key = prefix + name, Name = prefix + name + "建设有限公司" };
        var (jia, yi, bing, ding, wu) = (Firm("甲"), Firm("乙"), Firm("丙"), Firm("丁"), Firm("戊"));
        await db.SaveChangesAsync();

        static Section Section(string code, string name, params MarketEntity[] bidders)
        {
            var section = new Section { Code = code, Name = name, BidOpenAt = new DateTimeOffset(2026, 2, 2, 1, 30, 0, TimeSpan.Zero) };
            var price = 100m;
            foreach (var bidder in bidders)
            {
                section.Bids.Add(new Bid { Bidder = bidder, Price = price++ });
            }

            return section;
        }

        var h = Section(prefix + "-H1", prefix + "住建一标段", jia, yi);
        var t1 = Section(prefix + "-T1", prefix + "二标段", jia, yi, wu);
        var t2 = Section(prefix + "-T2", prefix + "三标段", bing, ding);
        var housingProject = new TradingProject
        {
            Code = prefix + "-PH",
            Name = prefix + "住建工程",
            Category = TradingCategory.Construction,
            SupervisingOrganisationId = housing.Id,
        };
        housingProject.Sections.Add(h);
        var transportProject = new TradingProject
        {
            Code = prefix + "-PT",
            Name = prefix + "交通秘密工程",
            Category = TradingCategory.Construction,
            SupervisingOrganisationId = transport.Id,
        };
        transportProject.Sections.AddRange([t1, t2]);
        db.Projects.AddRange(housingProject, transportProject);
        await db.SaveChangesAsync();
        h.WinnerId = jia.Id;
        t1.WinnerId = wu.Id;

        var at = new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero);
        RiskAlert Alert(string key, long? section, string? groupKey, string evidence, params MarketEntity[] bidders)
        {
            var alert = new RiskAlert
            {
                Key = prefix + key,
                RuleCode = "a40.1.file_code",
                RuleCategory = "fingerprint",
                Level = AlertLevel.Red,
                Basis = "第四十条",
                Score = 90,
                SectionId = section,
                GroupKey = groupKey,
                Evidence = evidence,
                FirstSeenAt = at,
                LastSeenAt = at,
            };
            alert.Bidders.AddRange(bidders.Select(b => new RiskAlertBidder { EntityId = b.Id }));
            db.Set<RiskAlert>().Add(alert);
            return alert;
        }

        var group = new RiskGroup { Key = prefix + "g1", Score = 80, Level = AlertLevel.Red, Rules = "network", FirstSeenAt = at, LastSeenAt = at, JointSections = 2 };
        group.Members.AddRange([new RiskGroupMember { EntityId = jia.Id }, new RiskGroupMember { EntityId = yi.Id }]);
        var other = new RiskGroup { Key = prefix + "g2", Score = 80, Level = AlertLevel.Red, Rules = "network", FirstSeenAt = at, LastSeenAt = at, JointSections = 1 };
        other.Members.AddRange([new RiskGroupMember { EntityId = bing.Id }, new RiskGroupMember { EntityId = ding.Id }]);
        db.Set<RiskGroup>().AddRange(group, other);
        var housingAlert = Alert("h", h.Id, group.Key, "{}", jia, yi);
        var transportAlert = Alert("t1", t1.Id, group.Key, "{}", jia, yi);
        var otherAlert = Alert("t2", t2.Id, other.Key, "{}", bing, ding);
        var cross = Alert("x", null, group.Key, $$"""{"sections":["{{h.Id}}","{{t1.Id}}"]}""", jia, yi);
        var focus = new FocusEntry { EntityId = jia.Id, Reason = "举报涉及", AddedAt = at, AddedBy = "office" };
        db.Set<FocusEntry>().Add(focus);
        await db.SaveChangesAsync();
        db.Set<TrackingNotice>().AddRange(
            new TrackingNotice { SectionId = h.Id, EntityId = jia.Id, FocusEntryId = focus.Id, CreatedAt = at },
            new TrackingNotice { SectionId = t1.Id, EntityId = jia.Id, FocusEntryId = focus.Id, CreatedAt = at });
        await db.SaveChangesAsync();
        return new World(prefix, housing.Id, jia.Id, bing.Id, wu.Id, h.Id, t1.Id, housingAlert.Id, transportAlert.Id, otherAlert.Id, cross.Id,
            group.Id, other.Id);
    }

    private async Task<HttpClient> LoginAsync(string role, int? organisationId)
    {
        var userName = "q" + Guid.NewGuid().ToString("N")[..12];
        await factory.CreateUserAsync(userName, role);
        if (organisationId is not null)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName);
            user!.OrganisationId = organisationId;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        return await factory.LoginAsync(userName);
    }

    private static void AssertNothingOf(World w, string url, string body)
    {
        foreach (var mark in w.TransportMarks)
        {
            Assert.False(body.Contains(mark, StringComparison.Ordinal), $"{url} shows {mark}");
        }
    }

    [Fact]
    public async Task GroupsBiddersFocusTracking_HousingSupervisor_ShowNothingOfTransport()
    {
        var w = await SeedAsync();
        var client = await LoginAsync(Roles.MemberSupervisor, w.Housing);

        foreach (var url in new[]
                 {
                     "/api/groups", "/Groups", $"/api/groups/{w.Group}", $"/Groups/{w.Group}", $"/api/bidders/{w.Jia}", $"/Bidders/{w.Jia}",
                     "/api/focus", "/api/focus/history", "/Focus", "/api/tracking", "/Focus/Tracking", $"/Alerts/{w.HousingAlert}",
                     $"/api/alerts/{w.HousingAlert}", "/Alerts", $"/api/alerts/{w.CrossAlert}", $"/Alerts/{w.CrossAlert}", "/api/alerts",
                 })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            AssertNothingOf(w, url, await response.Content.ReadAsStringAsync());
        }

        foreach (var url in new[]
                 {
                     $"/api/groups/{w.OtherGroup}", $"/Groups/{w.OtherGroup}", $"/api/bidders/{w.Bing}", $"/Bidders/{w.Bing}",
                     $"/api/bidders/{w.Wu}", $"/Bidders/{w.Wu}", $"/api/alerts/{w.TransportAlert}",
                 })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }
    }

    /// <summary>Issue 17, low: the focus list and the group figures of a sector show only the sector's firms and sections.</summary>
    [Fact]
    public async Task FocusListAndGroupFigures_HousingSupervisor_OnlyTheSector()
    {
        var w = await SeedAsync();
        await factory.SeedAsync(db =>
        {
            db.Set<FocusEntry>().Add(new FocusEntry { EntityId = w.Bing, Reason = "交通线索", AddedAt = DateTimeOffset.UnixEpoch, AddedBy = "office" });
            return Task.CompletedTask;
        });
        var client = await LoginAsync(Roles.MemberSupervisor, w.Housing);

        var focus = await client.GetFromJsonAsync<List<FocusInfo>>("/api/focus", Json);
        var groups = await client.GetFromJsonAsync<PagedResult<GroupListItem>>("/api/groups", Json);
        var group = await client.GetFromJsonAsync<GroupDetail>($"/api/groups/{w.Group}", Json);

        Assert.Contains(focus!, f => f.EntityId == w.Jia);
        Assert.DoesNotContain(focus!, f => f.EntityId == w.Bing);
        Assert.Equal(1, Assert.Single(groups!.Items, g => g.Id == w.Group).JointSections);
        Assert.Equal(1, group!.Group.JointSections);
        Assert.Equal(2, group.Group.MemberList.Count);

        var office = await LoginAsync(Roles.OfficeAdmin, null);
        Assert.Contains(await office.GetFromJsonAsync<List<FocusInfo>>("/api/focus", Json) ?? [], f => f.EntityId == w.Bing);
        Assert.Equal(2, (await office.GetFromJsonAsync<GroupDetail>($"/api/groups/{w.Group}", Json))!.Group.JointSections);
    }

    [Fact]
    public async Task GroupAndBidder_HousingSupervisor_OnlyHousingSectionsBidsAndAlerts()
    {
        var w = await SeedAsync();
        var client = await LoginAsync(Roles.MemberSupervisor, w.Housing);

        var groups = await client.GetFromJsonAsync<PagedResult<GroupListItem>>("/api/groups", Json);
        var group = await client.GetFromJsonAsync<GroupDetail>($"/api/groups/{w.Group}", Json);
        var profile = await client.GetFromJsonAsync<BidderProfile>($"/api/bidders/{w.Jia}", Json);
        var tracking = await client.GetFromJsonAsync<PagedResult<TrackingItem>>("/api/tracking", Json);
        var alert = await client.GetFromJsonAsync<AlertDetail>($"/api/alerts/{w.HousingAlert}", Json);

        Assert.Contains(groups!.Items, g => g.Id == w.Group);
        Assert.DoesNotContain(groups.Items, g => g.Id == w.OtherGroup);
        Assert.Equal([w.HousingSection], group!.Sections.Select(s => s.Id));
        Assert.Equal([w.HousingAlert, w.CrossAlert], group.Alerts.Select(a => a.Id).Order());
        Assert.All(group.Members, m => Assert.Equal(1, m.Bids));
        Assert.Equal(1, Assert.Single(group.Edges).Meetings);
        Assert.Equal(1, profile!.Bids);
        Assert.Equal([w.HousingSection], profile.History.Select(h => h.SectionId));
        Assert.Equal([w.Prefix + "乙建设有限公司"], profile.CoBidders.Select(c => c.Name));
        Assert.Equal(1, Assert.Single(profile.CoBidders).Meetings);
        Assert.Equal([w.Group], profile.Groups.Select(g => g.Id));
        Assert.Equal([w.HousingAlert, w.CrossAlert], profile.Alerts.Select(a => a.Id).Order());
        Assert.Equal([w.HousingSection], tracking!.Items.Where(t => t.EntityId == w.Jia).Select(t => t.SectionId));
        Assert.Equal(w.Group, alert!.GroupId);
    }

    [Fact]
    public async Task GroupAndBidder_Office_SeesEverySector()
    {
        var w = await SeedAsync();
        var client = await LoginAsync(Roles.OfficeAdmin, null);

        var group = await client.GetFromJsonAsync<GroupDetail>($"/api/groups/{w.Group}", Json);
        var profile = await client.GetFromJsonAsync<BidderProfile>($"/api/bidders/{w.Jia}", Json);
        var tracking = await client.GetFromJsonAsync<PagedResult<TrackingItem>>("/api/tracking", Json);

        Assert.Equal([w.HousingSection, w.TransportSection], group!.Sections.Select(s => s.Id).Order());
        Assert.Equal(3, group.Alerts.Count);
        Assert.Equal(2, profile!.Bids);
        Assert.Contains(profile.CoBidders, c => c.Id == w.Wu);
        Assert.Equal(2, tracking!.Items.Count(t => t.EntityId == w.Jia));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/groups/{w.OtherGroup}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Bidders/{w.Wu}")).StatusCode);
    }
    /// <summary>
    /// Issue 12, item 5 (d): a cross-section alert with one section in the sector and a group alert naming a firm of
    /// another sector are shown to the housing supervisor, with the transport section, the transport-only firms, and
    /// the fingerprint text read from transport bids masked on the list, the detail, the group and the bidder pages
    /// and in the API.
    /// </summary>
    [Fact]
    public async Task CrossSectionAndGroupAlerts_HousingSupervisor_ShownWithOtherSectorMasked()
    {
        var w = await SeedAsync();
        long cross = 0, rotation = 0, t2 = 0;
        var secret = w.Prefix + "-MAC-交通";
        await factory.SeedAsync(async db =>
        {
            t2 = await db.Sections.Where(s => s.Code == w.Prefix + "-T2").Select(s => s.Id).SingleAsync();
            var group = await db.Set<RiskGroup>().SingleAsync(g => g.Id == w.Group);
            var at = new DateTimeOffset(2026, 2, 4, 0, 0, 0, TimeSpan.Zero);
            var x = new RiskAlert
            {
                Key = w.Prefix + "x2",
                RuleCode = "link.cross_section",
                RuleCategory = "fingerprint",
                Level = AlertLevel.Red,
                Basis = "第四十条",
                Score = 95,
                SharedValue = secret,
                FirstSeenAt = at,
                LastSeenAt = at,
                Evidence = $$"""{"category":"fingerprint","sections":["{{w.HousingSection}}","{{t2}}"],"section_count":2,"fields":["mac"],"shared_values":[{"field":"mac","value":"{{secret}}"} ]}""",
            };
            x.Bidders.AddRange([new RiskAlertBidder { EntityId = w.Jia }, new RiskAlertBidder { EntityId = w.Bing }]);
            var r = new RiskAlert
            {
                Key = w.Prefix + "rot",
                RuleCode = "net.rotation",
                RuleCategory = "network",
                Level = AlertLevel.Orange,
                Basis = "第三十九条",
                Score = 70,
                GroupKey = group.Key,
                FirstSeenAt = at,
                LastSeenAt = at,
                Evidence = $$$"""{"category":"network","joint_sections":2,"group_wins":2,"distinct_winners":2,"wins_by_member":{"{{{w.Prefix}}}甲建设有限公司":1,"{{{w.Prefix}}}戊建设有限公司":1}}""",
            };
            r.Bidders.AddRange([new RiskAlertBidder { EntityId = w.Jia }, new RiskAlertBidder { EntityId = w.Wu }]);
            db.Set<RiskAlert>().AddRange(x, r);
            await db.SaveChangesAsync();
            (cross, rotation) = (x.Id, r.Id);
        });
        var client = await LoginAsync(Roles.MemberSupervisor, w.Housing);
        string[] hidden = [.. w.TransportMarks, w.Prefix + "丙", w.Prefix + "戊", secret, $"\"{t2}\"", $"/Trading/Sections/{t2}", $"/Bidders/{w.Bing}", $"/Bidders/{w.Wu}"];

        foreach (var url in new[]
                 {
                     $"/api/alerts/{cross}", $"/Alerts/{cross}", $"/api/alerts/{rotation}", $"/Alerts/{rotation}", "/api/alerts", "/Alerts",
                     $"/api/groups/{w.Group}", $"/Groups/{w.Group}", $"/api/bidders/{w.Jia}", $"/Bidders/{w.Jia}",
                 })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            foreach (var mark in hidden)
            {
                Assert.False(body.Contains(mark, StringComparison.Ordinal), $"{url} shows {mark}");
            }
        }

        var detail = await client.GetFromJsonAsync<AlertDetail>($"/api/alerts/{cross}", Json);
        Assert.Equal([w.Prefix + "甲建设有限公司", AlertQueries.MaskedBidder], detail!.Alert.Bidders.Select(b => b.Name));
        Assert.Equal(AlertQueries.MaskedValue, detail.Alert.SharedValue);
        Assert.Equal([w.HousingSection.ToString(System.Globalization.CultureInfo.InvariantCulture), AlertQueries.MaskedSection],
            detail.Evidence.GetProperty("sections").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal([w.HousingSection, 0], detail.LinkedSections.Select(l => l.Id));
        var page = await client.GetStringAsync($"/Alerts/{cross}");
        Assert.Contains(AlertQueries.MaskedSection, page, StringComparison.Ordinal);
        Assert.Contains("masked-note", page, StringComparison.Ordinal);
        Assert.Contains("read-only-note", page, StringComparison.Ordinal);
        Assert.DoesNotContain("dismiss-form", page, StringComparison.Ordinal);

        // It reaches another sector: the member unit reads it, the office reviews it; its own alerts it still reviews.
        var manager = await JianguanFactory.WithAntiforgeryHeaderAsync(client);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"/api/alerts/{cross}/review", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsync($"/api/alerts/{w.HousingAlert}/review", null)).StatusCode);
        var rot = await client.GetFromJsonAsync<AlertDetail>($"/api/alerts/{rotation}", Json);
        Assert.Contains(AlertQueries.MaskedBidder + "1", rot!.Evidence.GetProperty("wins_by_member").EnumerateObject().Select(p => p.Name));
        var group = await client.GetFromJsonAsync<GroupDetail>($"/api/groups/{w.Group}", Json);
        Assert.Contains(group!.Alerts, a => a.Id == rotation);
        Assert.Contains(group.Alerts, a => a.Id == w.CrossAlert);

        // The office reads everything unmasked.
        var office = await LoginAsync(Roles.OfficeAdmin, null);
        var full = await office.GetFromJsonAsync<AlertDetail>($"/api/alerts/{cross}", Json);
        Assert.Equal(secret, full!.Alert.SharedValue);
        Assert.Contains(full.Alert.Bidders, b => b.Id == w.Bing);
    }
    /// <summary>
    /// Issue 17, lows: a sector's group wins and winners are counted on its sections (score, cohesion and exclusivity
    /// stay whole-market and say 全市场), the bidder profile says which figures are whose, and the focus list's
    /// change history (page and API) names only the sector's firms.
    /// </summary>
    [Fact]
    public async Task GroupWinsAndFocusHistory_HousingSupervisor_ScopedOrLabelledWholeMarket()
    {
        var w = await SeedAsync();
        await factory.SeedAsync(async db =>
        {
            var group = await db.Set<RiskGroup>().SingleAsync(g => g.Id == w.Group);
            (group.GroupWins, group.DistinctWinners) = (5, 2);
            db.Set<FocusChange>().AddRange(
                new FocusChange { EntityId = w.Bing, Added = true, Reason = w.Prefix + "交通举报", Actor = "office", At = DateTimeOffset.UnixEpoch },
                new FocusChange { EntityId = w.Jia, Added = true, Reason = w.Prefix + "住建举报", Actor = "office", At = DateTimeOffset.UnixEpoch });
        });
        var client = await LoginAsync(Roles.MemberSupervisor, w.Housing);

        var group = (await client.GetFromJsonAsync<GroupDetail>($"/api/groups/{w.Group}", Json))!.Group;
        Assert.Equal((1, 1, 1, true), (group.JointSections, group.GroupWins, group.DistinctWinners, group.WholeMarketScores));
        var page = await client.GetStringAsync($"/Groups/{w.Group}");
        Assert.Contains("风险分（全市场）", page, StringComparison.Ordinal);
        Assert.Contains("团体中标 / 不同中标人（本单位监管范围）", page, StringComparison.Ordinal);
        Assert.Contains("风险分（全市场）", await client.GetStringAsync($"/Bidders/{w.Jia}"), StringComparison.Ordinal);
        Assert.True((await client.GetFromJsonAsync<BidderProfile>($"/api/bidders/{w.Jia}", Json))!.WholeMarketScores);

        var history = await client.GetFromJsonAsync<List<FocusChangeInfo>>("/api/focus/history", Json);
        Assert.Contains(history!, h => h.Reason == w.Prefix + "住建举报");
        Assert.DoesNotContain(history!, h => h.EntityId == w.Bing);
        var focusPage = await client.GetStringAsync("/Focus");
        Assert.DoesNotContain(w.Prefix + "交通举报", focusPage, StringComparison.Ordinal);

        var office = await LoginAsync(Roles.OfficeAdmin, null);
        var whole = (await office.GetFromJsonAsync<GroupDetail>($"/api/groups/{w.Group}", Json))!.Group;
        Assert.Equal((5, 2, false), (whole.GroupWins, whole.DistinctWinners, whole.WholeMarketScores));
        Assert.DoesNotContain("（全市场）", await office.GetStringAsync($"/Groups/{w.Group}"), StringComparison.Ordinal);
        Assert.Contains(await office.GetFromJsonAsync<List<FocusChangeInfo>>("/api/focus/history", Json) ?? [], h => h.EntityId == w.Bing);
    }
}
