using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Jianguan.Platform.Tokens;
using Jianguan.Tests.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using static Jianguan.Platform.Auth.Roles;

namespace Jianguan.Tests.Security;

/// <summary>
/// Who may call what, written out by hand and checked against the application as built: every endpoint and page
/// of the endpoint data source must have a row here and an explicit policy, and for every role, the public and a
/// machine token of each scope the application's decision must equal the row. A new endpoint fails this test
/// until someone decides, in one line below, who may use it.
/// </summary>
[Trait("Category", "Database")]
public sealed class AuthorizationMatrixTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    /// <summary>Who is allowed: the public (anonymous), roles, machine-token scopes.</summary>
    public sealed record Access(bool Anonymous, string[] Roles, string[] Scopes)
    {
        public Access Or(params string[] scopes) => this with { Scopes = [.. Scopes, .. scopes] };

        public override string ToString() =>
            (Anonymous ? "public " : "") + string.Join(",", Roles) + (Scopes.Length > 0 ? " +" + string.Join(",", Scopes) : "");
    }

    private static readonly string[] AllRoles = [.. Jianguan.Platform.Auth.Roles.All];

    /// <summary>Anyone: the public, every role, every token.</summary>
    private static readonly Access Public = new(true, AllRoles, [.. Jianguan.Platform.Auth.Scopes.All]);

    /// <summary>Any person's account; not the public, not a machine token.</summary>
    private static readonly Access SignedIn = new(false, AllRoles, []);

    private static Access Only(params string[] roles) => new(false, roles, []);

    private static readonly Access TradingReaders =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, TradingCenter, Enforcement, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police);

    private static readonly Access SamplingReaders =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Justice, Enforcement, Discipline, Jianguan.Platform.Auth.Roles.Audit);

    private static readonly Access ClueReaders =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Enforcement, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police);

    private static readonly Access ClueManagers = Only(OfficeAdmin, MemberSupervisor, MemberLeader);

    private static readonly Access AssistanceUsers =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Justice, TradingCenter, Enforcement, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police);
    private static readonly Access ComplaintReaders =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police);

    private static readonly Access AlertReaders =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police);

    private static readonly Access GovernanceMembers =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Justice, TradingCenter, Enforcement, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police);
    private static readonly Access AnalysisReaders =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police);
    /// <summary>The analysis overview alone: its readers and the city government (ADR-022).</summary>
    private static readonly Access AnalysisOverviewReaders =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police, CityGovernment);

    private static readonly Access CreditReaders =
        Only(OfficeAdmin, MemberSupervisor, MemberLeader, Justice, TradingCenter, Enforcement, Discipline, Jianguan.Platform.Auth.Roles.Audit, Police);

    private static readonly Access CreditManagers = Only(OfficeAdmin, MemberSupervisor, MemberLeader, Enforcement);

    private static readonly Access MonthlyReportReaders =
        Only(TradingCenter, OfficeAdmin, MemberSupervisor, MemberLeader, Discipline, Police, Jianguan.Platform.Auth.Roles.Audit);

    /// <summary>
    /// The expected table: HTTP method and route pattern → who. Pages list GET plus POST when they have a POST
    /// handler. One line per endpoint; features add theirs here.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Access> Expected = new Dictionary<string, Access>
    {
        // Platform
        ["GET /healthz"] = Public,
        ["GET /openapi/{documentName}.json"] = Only(SystemAdmin),
        ["GET /scalar/{documentName?}"] = Only(SystemAdmin),
        // The API reference UI's own script and icon: static, no data; Scalar marks them [AllowAnonymous].
        ["GET /scalar/scalar.js"] = Public,
        ["GET /scalar/scalar.aspnetcore.js"] = Public,
        ["GET /scalar/favicon.svg"] = Public,
        ["GET /api/calendar/working-day"] = SignedIn,
        ["GET /api/deadlines"] = SignedIn,
        ["GET /api/deadlines/{rule}"] = SignedIn,
        // Each person's own notifications (the handler answers only about the caller's; see InboxTests).
        ["GET /api/inbox"] = SignedIn,
        ["POST /api/inbox/{id:long}/read"] = SignedIn,
        ["GET /"] = Public,

        // Account (login protection)
        ["GET /Account/Login"] = Public,
        ["POST /Account/Login"] = Public,
        ["GET /Account/LoginWith2fa"] = Public,
        ["POST /Account/LoginWith2fa"] = Public,
        ["GET /Account/Logout"] = Public,
        ["POST /Account/Logout"] = Public,
        ["GET /Account/Denied"] = Public,
        ["GET /Account"] = SignedIn,
        ["GET /Account/ChangePassword"] = SignedIn,
        ["POST /Account/ChangePassword"] = SignedIn,
        ["GET /Account/TwoFactor"] = SignedIn,
        ["POST /Account/TwoFactor"] = SignedIn,

        // Administration (三员分立)
        ["GET /Admin"] = Only(SystemAdmin, SecurityAdmin, AuditAdmin, OfficeAdmin),
        ["GET /Admin/Calendar"] = Only(SystemAdmin, OfficeAdmin),
        ["POST /Admin/Calendar"] = Only(SystemAdmin, OfficeAdmin),
        ["GET /Admin/Users"] = Only(SystemAdmin),
        ["POST /Admin/Users"] = Only(SystemAdmin),
        ["GET /Admin/Users/Edit/{id}"] = Only(SystemAdmin),
        ["POST /Admin/Users/Edit/{id}"] = Only(SystemAdmin),
        ["GET /Admin/Roles"] = Only(SecurityAdmin),
        ["GET /Admin/Roles/Edit/{id}"] = Only(SecurityAdmin),
        ["POST /Admin/Roles/Edit/{id}"] = Only(SecurityAdmin),
        ["GET /Admin/Tokens"] = Only(SecurityAdmin),
        ["POST /Admin/Tokens"] = Only(SecurityAdmin),
        ["GET /Admin/Audit"] = Only(AuditAdmin),

        // Trading data
        ["GET /Trading/Projects"] = TradingReaders,
        ["GET /Trading/Projects/{id:long}"] = TradingReaders,
        ["GET /Trading/Sections"] = TradingReaders,
        ["GET /Trading/Sections/{id:long}"] = TradingReaders,
        // Firm lookup (单位查询): the firm page's XLSX export is its GET handler, under the same policy.
        ["GET /Firms"] = TradingReaders,
        ["GET /Firms/{id:long}"] = TradingReaders,
        ["GET /Trading/Import"] = Only(OfficeAdmin, TradingCenter),
        ["POST /Trading/Import"] = Only(OfficeAdmin, TradingCenter),
        ["GET /api/trading/projects"] = TradingReaders.Or(Jianguan.Platform.Auth.Scopes.TradingRead),
        ["GET /api/trading/projects/{id:long}"] = TradingReaders.Or(Jianguan.Platform.Auth.Scopes.TradingRead),
        ["GET /api/trading/sections"] = TradingReaders.Or(Jianguan.Platform.Auth.Scopes.TradingRead),
        ["GET /api/trading/sections/{id:long}"] = TradingReaders.Or(Jianguan.Platform.Auth.Scopes.TradingRead),
        ["POST /api/trading/import"] = Only(OfficeAdmin, TradingCenter).Or(Jianguan.Platform.Auth.Scopes.TradingPush),
        // Machine tokens are requested by the data's owner units and approved on /Admin/Tokens (三员分立).
        ["GET /Trading/Tokens"] = Only(OfficeAdmin, TradingCenter),
        ["POST /Trading/Tokens"] = Only(OfficeAdmin, TradingCenter),

        // Random inspections (双随机、一公开). POST rows are the page's gate; the plan, draw and publish handlers
        // further require sampling-manage (office-admin), checked in SamplingWebTests.
        ["GET /Sampling"] = SamplingReaders,
        ["GET /Sampling/Plans/Detail"] = SamplingReaders,
        ["POST /Sampling/Plans/Detail"] = SamplingReaders,
        ["GET /Sampling/Plans/Create"] = Only(OfficeAdmin),
        ["POST /Sampling/Plans/Create"] = Only(OfficeAdmin),
        ["GET /Sampling/Objects"] = Only(OfficeAdmin),
        ["POST /Sampling/Objects"] = Only(OfficeAdmin),
        ["GET /Sampling/Inspectors"] = Only(Justice),
        ["POST /Sampling/Inspectors"] = Only(Justice),
        ["GET /Sampling/Draws/Detail"] = SamplingReaders,
        ["POST /Sampling/Draws/Detail"] = SamplingReaders,
        ["GET /Sampling/Draws/Print"] = SamplingReaders,
        ["GET /Sampling/Assignments/Edit"] = Only(OfficeAdmin, MemberSupervisor, Enforcement),
        ["POST /Sampling/Assignments/Edit"] = Only(OfficeAdmin, MemberSupervisor, Enforcement),
        ["GET /Sampling/Results"] = SamplingReaders,
        ["POST /Sampling/Results"] = SamplingReaders,
        ["GET /Public/Inspections"] = Public,
        ["GET /api/sampling/draws/{id:long}/commitment"] = Public,
        ["GET /api/sampling/draws/{id:long}/record"] = SamplingReaders,
        ["GET /api/sampling/results"] = Public,

        // Clues, referrals, assistance requests (线索与移送). Page POST rows are the page's gate; the handlers further
        // require clues-manage (clue actions), referrals-receive and the receiving unit (referral actions), the
        // addressee's unit (assistance answers): checked in ClueWebTests.
        ["GET /Clues"] = ClueReaders,
        ["GET /Clues/Create"] = ClueManagers,
        ["POST /Clues/Create"] = ClueManagers,
        ["GET /Clues/{id:long}"] = ClueReaders,
        ["POST /Clues/{id:long}"] = ClueReaders,
        ["GET /Referrals"] = ClueReaders,
        ["POST /Referrals"] = ClueReaders,
        ["GET /Referrals/Assistance"] = AssistanceUsers,
        ["POST /Referrals/Assistance"] = AssistanceUsers,
        ["GET /api/clues"] = ClueReaders,
        ["GET /api/clues/{id:long}"] = ClueReaders,
        ["POST /api/clues"] = ClueManagers,
        ["POST /api/clues/{id:long}/{action}"] = ClueManagers,
        ["POST /api/clues/{id:long}/team"] = ClueManagers,
        ["GET /api/referrals"] = ClueReaders,
        ["GET /api/referrals/{id:long}"] = ClueReaders,
        ["POST /api/referrals"] = ClueManagers,
        ["POST /api/referrals/{id:long}/receipt"] = Only(Enforcement, Discipline, Police),
        ["POST /api/referrals/{id:long}/{action}"] = Only(Enforcement, Discipline, Police),

        // Warnings (智慧监管). POST rows of the pages are the page's gate; the review, dismissal and conversion
        // handlers further require alerts-manage, the focus-list handlers focus-manage (checked in AlertWebTests).
        ["GET /Alerts"] = AlertReaders,
        ["GET /Alerts/{id:long}"] = AlertReaders,
        ["POST /Alerts/{id:long}"] = AlertReaders,
        ["GET /Bidders/{id:long}"] = AlertReaders,
        ["POST /Bidders/{id:long}"] = AlertReaders,
        ["GET /Groups"] = AlertReaders,
        ["GET /Groups/{id:long}"] = AlertReaders,
        ["GET /Focus"] = AlertReaders,
        ["POST /Focus"] = AlertReaders,
        ["GET /Focus/Tracking"] = AlertReaders,
        ["GET /api/alerts"] = AlertReaders,
        ["GET /api/alerts/{id:long}"] = AlertReaders,
        ["GET /api/alerts/runs"] = AlertReaders,
        ["POST /api/alerts/{id:long}/review"] = Only(OfficeAdmin, MemberSupervisor, MemberLeader),
        ["POST /api/alerts/{id:long}/dismiss"] = Only(OfficeAdmin, MemberSupervisor, MemberLeader),
        ["POST /api/alerts/{id:long}/convert"] = Only(OfficeAdmin, MemberSupervisor, MemberLeader),
        ["GET /api/bidders/{id:long}"] = AlertReaders,
        ["GET /api/groups"] = AlertReaders,
        ["GET /api/groups/{id:long}"] = AlertReaders,
        ["GET /api/focus"] = AlertReaders,
        ["GET /api/focus/history"] = AlertReaders,
        ["POST /api/focus"] = Only(OfficeAdmin),
        ["POST /api/focus/{entityId:long}/remove"] = Only(OfficeAdmin),
        ["GET /api/tracking"] = AlertReaders,

        // The trading center's monthly report. POST rows are the pages' gate; generating and editing further require
        // monthly-report-write (trading center), reviewing monthly-report-review, forwarding monthly-report-forward
        // (office), and each reader sees only the states meant for them (checked in MonthlyReportTests).
        // The two reports sent to the city government, for the city government's read-only account (ADR-022).
        ["GET /Reports/City"] = Only(OfficeAdmin, CityGovernment),
        ["GET /Reports/Monthly"] = MonthlyReportReaders,
        ["POST /Reports/Monthly"] = MonthlyReportReaders,
        ["GET /Reports/Monthly/{key}"] = MonthlyReportReaders,
        ["POST /Reports/Monthly/{key}"] = MonthlyReportReaders,
        ["GET /api/reports/monthly"] = MonthlyReportReaders,
        ["GET /api/reports/monthly/{key}"] = MonthlyReportReaders,
        // Complaints and reports (issue 13). The action, assignment and reveal handlers further require the receiving
        // department (and, to reveal, being its assigned handler): checked in ComplaintWebTests.
        ["GET /Complaints"] = ComplaintReaders,
        ["GET /Complaints/{id:long}"] = ComplaintReaders,
        ["POST /Complaints/{id:long}"] = ComplaintReaders,
        ["GET /Complaints/New"] = Only(MemberSupervisor, MemberLeader),
        ["POST /Complaints/New"] = Only(MemberSupervisor, MemberLeader),
        ["GET /Complaints/Channels"] = Only(OfficeAdmin, MemberSupervisor, MemberLeader),
        ["POST /Complaints/Channels"] = Only(OfficeAdmin, MemberSupervisor, MemberLeader),
        ["GET /Public/Channels"] = Public,
        ["GET /Public/Complaints/New"] = Public,
        ["POST /Public/Complaints/New"] = Public,
        ["GET /Public/Complaints/Track"] = Public,
        ["POST /Public/Complaints/Track"] = Public,
        ["GET /api/complaints"] = ComplaintReaders,
        ["GET /api/complaints/{id:long}"] = ComplaintReaders,
        ["POST /api/complaints"] = Only(MemberSupervisor, MemberLeader),
        ["POST /api/complaints/{id:long}/transitions"] = Only(MemberSupervisor, MemberLeader),
        ["POST /api/complaints/{id:long}/clue"] = Only(MemberSupervisor, MemberLeader),
        // Governance (issue 14 items 1–3). Member-unit POST handlers further check the unit (own tasks, own directory entry,
        // own department's items) and office-only actions the governance-office policy: checked in GovernanceWebTests.
        ["GET /Meetings"] = GovernanceMembers,
        ["GET /Meetings/New"] = GovernanceMembers,
        ["POST /Meetings/New"] = GovernanceMembers,
        ["GET /Meetings/{id:long}"] = GovernanceMembers,
        ["POST /Meetings/{id:long}"] = GovernanceMembers,
        ["GET /Meetings/Tasks"] = GovernanceMembers,
        ["GET /Meetings/AnnualReport"] = Only(OfficeAdmin),
        ["POST /Meetings/AnnualReport"] = Only(OfficeAdmin),
        ["GET /PowerList"] = GovernanceMembers,
        ["POST /PowerList"] = GovernanceMembers,
        ["GET /PowerList/{id:long}"] = GovernanceMembers,
        ["POST /PowerList/{id:long}"] = GovernanceMembers,
        ["GET /PowerList/New"] = Only(OfficeAdmin, MemberSupervisor, MemberLeader),
        ["POST /PowerList/New"] = Only(OfficeAdmin, MemberSupervisor, MemberLeader),
        ["GET /Public/PowerList"] = Public,
        ["GET /Directory"] = GovernanceMembers,
        ["POST /Directory"] = GovernanceMembers,
        ["GET /api/meetings"] = GovernanceMembers,
        ["GET /api/meetings/tasks"] = GovernanceMembers,
        ["POST /api/meetings"] = GovernanceMembers,
        ["GET /Analysis"] = AnalysisOverviewReaders,
        ["GET /Analysis/Prices"] = AnalysisReaders,
        ["GET /Analysis/Market"] = AnalysisReaders,
        ["GET /Analysis/Efficiency"] = AnalysisReaders,
        ["GET /api/analysis/prices"] = AnalysisReaders,
        ["GET /api/analysis/market"] = AnalysisReaders,
        ["GET /api/analysis/efficiency"] = AnalysisReaders,
        // Scheduled jobs' runs, per node (issue 16).
        ["GET /Admin/Jobs"] = Only(SystemAdmin, OfficeAdmin),
        // Red alerts as they arrive (server-sent events), scoped like /api/alerts.
        ["GET /api/alerts/stream"] = AlertReaders,

        // Credit: penalty decisions, blacklist, information requests, accountability (issue 14 items 4-6). Write
        // handlers of the read pages further require credit-manage (and the deciding unit) inside.
        ["GET /Credit"] = CreditReaders,
        ["POST /Credit"] = CreditReaders,
        ["GET /Credit/New"] = CreditManagers,
        ["POST /Credit/New"] = CreditManagers,
        ["GET /Credit/{id:long}"] = CreditReaders,
        ["POST /Credit/{id:long}"] = CreditReaders,
        ["GET /Public/Blacklist"] = Public,
        ["GET /api/penalties"] = CreditReaders,
        ["GET /api/public/penalties"] = Public,
        ["GET /Penalties"] = CreditReaders,
        ["GET /Penalties/New"] = CreditManagers,
        ["POST /Penalties/New"] = CreditManagers,
        ["GET /Penalties/{id:long}"] = CreditReaders,
        ["POST /Penalties/{id:long}"] = CreditReaders,
        ["GET /Penalties/Requests"] = CreditReaders,
        ["POST /Penalties/Requests"] = CreditReaders,
        ["GET /Public/Penalties"] = Public,
        ["GET /Accountability"] = Only(OfficeAdmin, MemberLeader, Discipline, Jianguan.Platform.Auth.Roles.Audit),
        ["GET /api/credit/blacklist"] = CreditReaders,
        ["GET /api/credit/blacklist/{id:long}"] = CreditReaders,
        ["POST /api/credit/blacklist/{id:long}/{action}"] = CreditManagers,
        ["GET /api/public/blacklist"] = Public,
        ["GET /api/accountability"] = Only(OfficeAdmin, MemberLeader, Discipline, Jianguan.Platform.Auth.Roles.Audit),
        // The governance and information-sharing API (issue 14 item 7); task completion and decisions further check the unit inside.
        ["GET /api/meetings/{id:long}"] = GovernanceMembers,
        ["POST /api/meetings/tasks/{id:long}/complete"] = GovernanceMembers,
        ["GET /api/public/powerlist"] = Public,
        ["GET /api/powerlist"] = GovernanceMembers,
        ["GET /api/powerlist/{itemKey}/history"] = GovernanceMembers,
        ["GET /api/directory"] = GovernanceMembers,
        ["GET /api/info-requests"] = CreditReaders,
        ["POST /api/info-requests"] = CreditReaders,
        ["POST /api/info-requests/{id:long}/{action}"] = CreditReaders,
    };

    /// <summary>Cookie-less machine endpoints that take no anti-forgery token (SameSite=Strict guards cookie callers).</summary>
    private static readonly HashSet<string> AntiforgeryExempt = ["POST /api/trading/import"];

    public sealed record Found(string Key, Endpoint Endpoint, string Route, bool IsPage);

    private async Task<List<Found>> EnumerateAsync()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var loader = factory.Services.GetRequiredService<PageLoader>();
        var found = new List<Found>();
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                // Index pages have two routes ("/Admin" and "/Admin/Index"); the table lists the short one.
                if (route.EndsWith("/Index", StringComparison.Ordinal) || route.Contains("/Index/", StringComparison.Ordinal))
                {
                    continue;
                }

                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var methods = new SortedSet<string>(StringComparer.Ordinal) { "GET" };
                foreach (var handler in compiled.HandlerMethods)
                {
                    methods.Add(handler.HttpMethod.ToUpperInvariant());
                }

                found.AddRange(methods.Select(m => new Found($"{m} {route}", endpoint, route, true)));
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
                found.AddRange(methods.Select(m => new Found($"{m} {route}", endpoint, route, false)));
            }
        }

        return [.. found.DistinctBy(f => f.Key)];
    }

    [Fact]
    public async Task Endpoints_Every_HasARowAndAnExplicitPolicy()
    {
        var found = await EnumerateAsync();
        var missing = found.Where(f => !Expected.ContainsKey(f.Key)).Select(f => f.Key).ToList();
        Assert.True(missing.Count == 0, "endpoints missing from the expected table: " + string.Join(", ", missing));
        var stale = Expected.Keys.Except(found.Select(f => f.Key)).ToList();
        Assert.True(stale.Count == 0, "rows without an endpoint: " + string.Join(", ", stale));
        // [AllowAnonymous] (set by a library) counts as explicit only where the table says public.
        var implicitPolicy = found.Where(f => f.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                ? Expected.GetValueOrDefault(f.Key) != Public
                : f.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>() is not { Count: > 0 } data
                  || data.Any(d => string.IsNullOrEmpty(d.Policy)))
            .Select(f => f.Key).ToList();
        Assert.True(implicitPolicy.Count == 0, "endpoints without an explicit named policy: " + string.Join(", ", implicitPolicy));
    }

    public static IEnumerable<(string Name, ClaimsPrincipal User, Func<Access, bool> Expected)> Principals()
    {
        yield return ("anonymous", new ClaimsPrincipal(new ClaimsIdentity()), a => a.Anonymous);
        foreach (var role in AllRoles)
        {
            var identity = new ClaimsIdentity(
                [new(ClaimTypes.NameIdentifier, "id-" + role), new(ClaimTypes.Name, "user-" + role), new(ClaimTypes.Role, role)],
                IdentityConstants.ApplicationScheme, ClaimTypes.Name, ClaimTypes.Role);
            yield return (role, new ClaimsPrincipal(identity), a => a.Roles.Contains(role));
        }

        foreach (var scope in Jianguan.Platform.Auth.Scopes.All)
        {
            var (token, _) = MachineTokens.Create("token-" + scope, [scope], null, "test", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
            yield return ("token " + scope, MachineTokens.Principal(token, MachineTokenHandler.SchemeName), a => a.Scopes.Contains(scope));
        }

        // A machine token with every scope must still not reach what no scope grants.
        var (all, _) = MachineTokens.Create("token-all", Jianguan.Platform.Auth.Scopes.All, null, "test", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        yield return ("token all scopes", MachineTokens.Principal(all, MachineTokenHandler.SchemeName), a => a.Scopes.Length > 0);
    }

    [Fact]
    public async Task Endpoints_EveryPrincipal_DecisionMatchesTable()
    {
        var policies = factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = factory.Services.GetRequiredService<IAuthorizationService>();
        var mismatches = new List<string>();
        var checks = 0;
        foreach (var found in (await EnumerateAsync()).Where(f => Expected.ContainsKey(f.Key)))
        {
            var anonymous = found.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policy = anonymous
                ? await policies.GetPolicyAsync(Policies.Public)
                : await AuthorizationPolicy.CombineAsync(policies, found.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                    found.Endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
            Assert.NotNull(policy);
            foreach (var (name, user, expected) in Principals())
            {
                // A token authenticates only on /api paths (the scheme selector; proved over HTTP below), so its
                // principal never meets a page's policy.
                if (name.StartsWith("token", StringComparison.Ordinal) && !WebApp.IsApiPath(new PathString(found.Route)))
                {
                    continue;
                }

                var allowed = (await authorization.AuthorizeAsync(user, new DefaultHttpContext(), policy)).Succeeded;
                checks++;
                if (allowed != expected(Expected[found.Key]))
                {
                    mismatches.Add($"{found.Key} for {name}: application says {(allowed ? "allow" : "deny")}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.True(checks > 500, $"only {checks} checks");
    }

    /// <summary>
    /// The city government's account is read-only and narrow (ADR-022): beyond what every signed-in account reaches,
    /// only the analysis overview and the reports page, and never a write.
    /// </summary>
    [Fact]
    public void Table_CityGovernment_ReachesOnlyTheOverviewAndTheReports()
    {
        var reached = Expected.Where(e => e.Value.Roles.Contains(CityGovernment) && !e.Value.Roles.SequenceEqual(AllRoles))
            .Select(e => e.Key).Order(StringComparer.Ordinal);

        Assert.Equal(["GET /Analysis", "GET /Reports/City"], reached);
    }

    [Fact]
    public async Task Policies_AdminRoles_NeverReadTradingData()
    {
        var authorization = factory.Services.GetRequiredService<IAuthorizationService>();
        foreach (var (name, user, _) in Principals().Where(p => Administrators.Contains(p.Name)))
        {
            foreach (var policy in new[] { Policies.TradingRead, Policies.TradingImport })
            {
                Assert.False((await authorization.AuthorizeAsync(user, policy)).Succeeded, $"{name} satisfies {policy}");
            }
        }

        foreach (var admin in Administrators)
        {
            var others = Administrators.Where(a => a != admin).Select(a => a switch
            {
                SystemAdmin => Policies.AccountAdmin,
                Jianguan.Platform.Auth.Roles.SecurityAdmin => Policies.SecurityAdmin,
                _ => Policies.AuditRead,
            });
            var user = Principals().Single(p => p.Name == admin).User;
            foreach (var policy in others)
            {
                Assert.False((await authorization.AuthorizeAsync(user, policy)).Succeeded, $"{admin} satisfies {policy}");
            }
        }
    }

    /// <summary>Real requests for GET endpoints without route parameters, for a sample of principals.</summary>
    [Fact]
    public async Task Endpoints_SampleOverHttp_AnswerAsTheTableSays()
    {
        var gets = (await EnumerateAsync()).Where(f => f.Key.StartsWith("GET ", StringComparison.Ordinal) && !f.Route.Contains('{', StringComparison.Ordinal)).ToList();
        Assert.True(gets.Count >= 20, $"only {gets.Count} GET endpoints");
        var clients = new List<(string Name, HttpClient Client, Func<Access, bool> Expected)>
        {
            ("anonymous", factory.CreateAnonymousClient(), a => a.Anonymous),
        };
        foreach (var role in new[] { TradingCenter, Police, SystemAdmin, Jianguan.Platform.Auth.Roles.SecurityAdmin, AuditAdmin, OfficeAdmin })
        {
            clients.Add((role, await factory.CreateUserAndLoginAsync(role), a => a.Roles.Contains(role)));
        }

        foreach (var scope in Jianguan.Platform.Auth.Scopes.All)
        {
            var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var (token, text) = MachineTokens.Create("matrix-" + scope + Guid.NewGuid().ToString("N")[..6], [scope], null, "test",
                now, now.AddDays(1));
            await factory.SeedAsync(db =>
            {
                db.MachineTokens.Add(token);
                return Task.CompletedTask;
            });
            var client = factory.CreateAnonymousClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", text);
            clients.Add(("token " + scope, client, a => a.Scopes.Contains(scope)));
        }

        var mismatches = new List<string>();
        foreach (var found in gets)
        {
            foreach (var (name, client, expected) in clients)
            {
                var response = await client.GetAsync(found.Route);
                var location = SecurityFactory.PathOf(response.Headers.Location);
                var api = WebApp.IsApiPath(new PathString(found.Route));
                var denied = response.StatusCode == HttpStatusCode.Unauthorized
                    || (api && response.StatusCode == HttpStatusCode.Forbidden)
                    || (response.StatusCode == HttpStatusCode.Redirect
                        && (location.StartsWith("/Account/Login", StringComparison.Ordinal) || location.StartsWith("/Account/Denied", StringComparison.Ordinal)));
                if (denied == expected(Expected[found.Key]))
                {
                    mismatches.Add($"{found.Key} for {name}: {(int)response.StatusCode} {location}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    /// <summary>Every page refuses a POST without an anti-forgery token, even from a user allowed to post there.</summary>
    [Fact]
    public async Task Pages_PostWithoutAntiforgeryToken_Return400()
    {
        var pages = (await EnumerateAsync()).Where(f => f.IsPage).DistinctBy(f => f.Route).ToList();
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var page in pages)
        {
            var access = Expected.TryGetValue("POST " + page.Route, out var post) ? post : Expected["GET " + page.Route];
            var who = access.Anonymous ? "" : access.Roles[0];
            if (!clients.TryGetValue(who, out var client))
            {
                client = who == "" ? factory.CreateAnonymousClient() : await factory.CreateUserAndLoginAsync(who);
                clients[who] = client;
            }

            var path = page.Route.Replace("{id:long}", "1", StringComparison.Ordinal).Replace("{id}", "x", StringComparison.Ordinal);
            var response = await client.PostAsync(path, new FormUrlEncodedContent([]));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"POST {path} as {(who == "" ? "anonymous" : who)}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(pages.Count >= 20, $"only {pages.Count} pages");
        var apiPosts = (await EnumerateAsync()).Where(f => !f.IsPage && f.Key.StartsWith("POST ", StringComparison.Ordinal)).ToList();
        Assert.All(apiPosts, f => Assert.True(
            AntiforgeryExempt.Contains(f.Key) || f.Endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation == true,
            $"{f.Key} accepts a POST without anti-forgery"));
    }
}
