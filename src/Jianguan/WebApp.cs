using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Jianguan.Platform.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;

namespace Jianguan;

/// <summary>How the web application is started: database, listen address, demo seeding.</summary>
public sealed record WebAppOptions(string ConnectionString, string Urls = "http://127.0.0.1:5000", bool Demo = false,
    Platform.Jobs.JobStore JobStore = Platform.Jobs.JobStore.Auto);

/// <summary>
/// Composition of the web application. Split into services, pipeline and endpoints so that `serve`, the HTTP
/// tests (WebApplicationFactory) and the browser tests build exactly the same application.
/// </summary>
public static class WebApp
{
    public static WebApplication Build(WebAppOptions options, Action<WebApplicationBuilder>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls);
        ConfigureServices(builder.Services, options);
        customize?.Invoke(builder);
        var app = builder.Build();
        // Before the database is touched: a production host without field keys stops here with the key message.
        CoreServices.ValidateOptions(app.Services);
        if (!app.Services.GetRequiredService<AuditChain>().Keyed)
        {
            app.Logger.LogWarning(
                "审计链未配置密钥 {Variable}：有数据库写权限者可重建整条链而不被发现（见 docs/security.md）/ the audit chain is unkeyed: anyone who can write to the database can rebuild it undetected",
                AuditChain.KeyVariable);
        }

        ConfigurePipeline(app);
        return app;
    }

    public static void ConfigureServices(IServiceCollection services, WebAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddJianguanCore(options.ConnectionString);
        services.PostConfigure<AuditOptions>(o => o.Demo |= options.Demo);
        services.PostConfigure<Platform.Crypto.FieldKeyOptions>(o => o.Demo |= options.Demo);
        services.AddIdentity<AppUser, IdentityRole>(SecuritySetup.ConfigureIdentity)
            .AddEntityFrameworkStores<JianguanDbContext>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddJianguanIdentityParts()
            .AddSignInManager<JianguanSignInManager>();
        services.AddJianguanSecurity();
        Platform.Crypto.DataProtectionKeys.AddJianguanDataProtection(services);
        services.AddJianguanReverseProxy();
        services.AddJianguanRateLimits();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/Denied";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            o.Cookie.Name = "jianguan.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // API clients get a status code, not the login page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization(o => Policies.Add(o, Features.Modules.RolesByPolicy));
        // Jobs run in the web host only; modules schedule theirs in their own registration.
        Platform.Jobs.ScheduledJobs.AddJianguanJobs(services, options.ConnectionString, options.JobStore);
        services.AddHttpContextAccessor();
        services.AddScoped<Platform.Scopes.CurrentDataScope>();
        services.AddRazorPages().WithRazorPagesRoot("/Features");
        // Chinese text stays readable in the HTML instead of becoming numeric character references.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "公共资源交易协同监管平台 API";
            document.Info.Description = "交易数据查询与导入。浏览器使用登录后的 Cookie；未登录的调用返回 401，无权限返回 403。";
            return Task.CompletedTask;
        }));
    }

    /// <summary>Paths answered with JSON: a 401/403 there is a status code, never a redirect.</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApiPath(ctx.Request.Path))
        {
            ctx.Response.StatusCode = status;
        }
        else
        {
            ctx.Response.Redirect(ctx.RedirectUri);
        }

        return Task.CompletedTask;
    }

    public static void ConfigurePipeline(IApplicationBuilder app) => ConfigurePipelineWith(app, extraEndpoints: null);

    /// <summary>The pipeline, with <paramref name="extraEndpoints"/> mapped next to the application's (tests' probes).</summary>
    public static void ConfigurePipelineWith(IApplicationBuilder app, Action<IEndpointRouteBuilder>? extraEndpoints)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseJianguanForwardedHeaders();
        app.UseSecurityHeaders();
        // Only on HTTPS requests to a non-local host, i.e. behind TLS (the middleware skips the rest).
        app.UseHsts();
        app.UseExceptionHandler();
        // After the forwarded headers: the partition is the client's address, not the proxy's (docs/security.md §20).
        app.UseJianguanRateLimits();
        app.UseStatusCodePages(ErrorPages.StatusCodePageAsync);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(Assembly.GetExecutingAssembly(), "wwwroot"),
        });
        app.UseRouting();
        app.UseAuthentication();
        // Before authorization, so that refused requests (403) are recorded too.
        app.UseAuditedRequests();
        app.UseCookieWriteGuard();
        app.UseMustChangePassword();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseEndpoints(endpoints =>
        {
            MapEndpoints(endpoints);
            extraEndpoints?.Invoke(endpoints);
        });
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", async (JianguanDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct)
                    ? Results.Text("ok")
                    : Results.Problem("数据库无法连接 / database unreachable", statusCode: StatusCodes.Status503ServiceUnavailable))
            .RequireAuthorization(Policies.Public)
            .ExcludeFromDescription();
        endpoints.MapOpenApi().RequireAuthorization(Policies.ApiDocs);
        Platform.Calendar.CalendarEndpoints.Map(endpoints);
        Platform.Inbox.InboxEndpoints.Map(endpoints);
        endpoints.MapScalarApiReference(o => o
                .WithTitle("公共资源交易协同监管平台 API")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .WithNonce())
            .RequireAuthorization(Policies.ApiDocs);
        Features.Modules.MapEndpoints(endpoints);
        endpoints.MapRazorPages();
    }

    /// <summary>Creates or migrates the schema and, when asked, seeds the demo city.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        await Database.MigrateAsync(db, ct);
        if (app.Services.GetRequiredService<WebAppOptions>().Demo)
        {
            await Features.Demo.DemoSeeder.SeedAsync(scope.ServiceProvider, Console.Out, ct);
        }
    }
}
