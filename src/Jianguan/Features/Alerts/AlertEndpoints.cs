namespace Jianguan.Features.Alerts;

/// <summary>The alerts JSON API and the services of the feature.</summary>
public static partial class AlertEndpoints
{
    public static void AddAlerts(IServiceCollection services)
    {
        services.AddSingleton<AlertAnalysis>();
        services.AddHostedService<NightlyAnalysisJob>();
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
    }
}
