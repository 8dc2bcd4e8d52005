using System.Reflection;
using Jianguan.Data;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.FileProviders;

namespace Jianguan;

/// <summary>How the web application is started: database, listen address, demo seeding.</summary>
public sealed record WebAppOptions(string ConnectionString, string Urls = "http://127.0.0.1:5000", bool Demo = false);

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
        ConfigurePipeline(app);
        return app;
    }

    public static void ConfigureServices(IServiceCollection services, WebAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddJianguanDb(options.ConnectionString);
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<JianguanDbContext>()
            .AddDefaultTokenProviders();
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
        });
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<Platform.Calendar.CalendarService>();
        services.AddRazorPages();
        services.AddProblemDetails();
        services.AddOpenApi();
    }

    public static void ConfigurePipeline(IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(Assembly.GetExecutingAssembly(), "wwwroot"),
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseEndpoints(MapEndpoints);
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
        endpoints.MapOpenApi().RequireAuthorization(Policies.SignedIn);
        Platform.Calendar.CalendarEndpoints.Map(endpoints);
        endpoints.MapRazorPages();
    }

    /// <summary>Creates or migrates the schema and, when asked, seeds the demo city.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        await Database.MigrateAsync(db, ct);
        _ = app.Services.GetRequiredService<WebAppOptions>();
        await db.Database.CanConnectAsync(ct);
    }
}
