using Jianguan.Platform.Crypto;
using Jianguan.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jianguan;

/// <summary>The database connection the host was started with.</summary>
public sealed class DatabaseOptions
{
    public string ConnectionString { get; set; } = Database.DefaultConnection;

    public DbProvider Provider => Database.ProviderOf(ConnectionString);

    /// <summary>A malformed connection string stops the host at start, with the provider's own message.</summary>
    internal sealed class Validator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                return ValidateOptionsResult.Fail("数据库连接串为空 / the database connection string is empty");
            }

            try
            {
                _ = options.Provider == DbProvider.Postgres
                    ? new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString).ConnectionString
                    : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).ConnectionString;
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail($"数据库连接串无效 / invalid database connection string: {e.Message}");
            }
        }
    }
}

/// <summary>
/// The one composition root of what the web app and the command line share: database, clock, audit trail, field
/// cipher, calendar, statutory clocks and each feature module's services (Features/Modules: the import handler,
/// the warning analysis, …), with their options validated at start. `serve` adds
/// the web-only parts on top (<see cref="WebApp.ConfigureServices"/>); a command builds a generic host with this
/// (<see cref="Commands.CliHost"/>).
/// </summary>
public static class CoreServices
{
    public static IServiceCollection AddJianguanCore(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        // Every host registers its configuration first; a bare service collection (a test) reads the environment.
        services.TryAddSingleton<IConfiguration>(_ => new ConfigurationBuilder().AddEnvironmentVariables().Build());
        // Quiet by default: one line per SQL command or request drowns the warnings that matter.
        services.AddLogging(b => b
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning));

        services.AddOptions<DatabaseOptions>().Configure(o => o.ConnectionString = connectionString).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptions.Validator>();
        services.AddJianguanDb(connectionString);

        // The keys are read and checked once, at start: a production host without keys stops there, not at the
        // first bid it reads.
        services.AddOptions<FieldKeyOptions>().Configure<IConfiguration>((o, c) => c.Bind(o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FieldKeyOptions>, FieldKeyOptions.Validator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FieldKeyOptions>>().Value.CreateCipher());

        services.AddOptions<Platform.Tabular.XlsxLimits>().BindConfiguration(Platform.Tabular.XlsxLimits.Section);
        services.AddSingleton(sp => AuditChain.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptions.Validator>();
        services.AddScheduledJob<AuditCheckpointJob>(AuditCheckpointJob.Name, AuditCheckpointJob.Cron);
        services.AddSingleton<Platform.Calendar.CalendarService>();
        Platform.Clocks.ClockSweepJob.AddStatutoryClocks(services);
        Features.Modules.AddServices(services);
        return services;
    }

    /// <summary>
    /// Runs the start-up validation of the options (what <c>ValidateOnStart</c> does when a host starts) for hosts
    /// that are built but never started, such as the command line's, and before `serve` touches the database.
    /// </summary>
    public static void ValidateOptions(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<IStartupValidator>()?.Validate();
    }
}
