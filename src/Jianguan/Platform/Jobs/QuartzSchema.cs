using System.Text.RegularExpressions;

namespace Jianguan.Platform.Jobs;

/// <summary>
/// Quartz's tables (<c>qrtz_*</c>) for the clustered job store, created on PostgreSQL by <c>db migrate</c> (and
/// every other path through <see cref="Data.Database.MigrateAsync"/>), never on SQLite. The script is the one the
/// Quartz package ships for its own provisioning: every statement is <c>CREATE … IF NOT EXISTS</c>, so running it
/// again, or on a database Quartz already set up, changes nothing. Kept out of the EF migrations because its
/// columns follow the Quartz version, not our model.
/// </summary>
public static partial class QuartzSchema
{
    private const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>The statements, with the table prefix filled in.</summary>
    public static IReadOnlyList<string> Statements()
    {
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the Quartz package has no {Resource}");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd()
            .Replace("{0}", ScheduledJobs.QuartzTablePrefix, StringComparison.Ordinal)
            .Replace("{1}", ScheduledJobs.QuartzTablePrefix, StringComparison.Ordinal);
        return [.. Separator().Split(script).Select(s => s.Trim()).Where(s => s.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("--", StringComparison.Ordinal)))];
    }

    public static async Task CreateAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var statement in Statements())
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }
    }

    [GeneratedRegex(@"^--;;\s*$", RegexOptions.Multiline)]
    private static partial Regex Separator();
}
