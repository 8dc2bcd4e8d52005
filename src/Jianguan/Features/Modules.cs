using Jianguan.Features.Clues;
using Jianguan.Features.Complaints;
using Jianguan.Features.Focus;
using Jianguan.Features.Governance;
using Jianguan.Features.Profiles;
using Jianguan.Features.Reports;
using Jianguan.Features.Sampling;
using Jianguan.Features.Trading;
using Jianguan.Features.Warnings;

namespace Jianguan.Features;

/// <summary>
/// A capability's registration: its services (shared by `serve` and the commands, so no web-only parts here; jobs
/// scheduled here run only where the host starts the scheduler), its endpoints and the authorization policies it
/// adds (policy name → roles allowed). Pages need no registration: the Razor Pages root is Features/.
/// </summary>
public sealed record FeatureModule(
    string Name,
    Action<IServiceCollection>? AddServices = null,
    Action<IEndpointRouteBuilder>? MapEndpoints = null,
    IReadOnlyDictionary<string, string[]>? Policies = null);

/// <summary>Every capability, one line each. A new module adds its line here and its entry in Platform/Web/Navigation.</summary>
public static class Modules
{
    public static IReadOnlyList<FeatureModule> All { get; } =
    [
        new("trading", TradingEndpoints.AddTrading, e => e.MapTradingEndpoints()),
        new("warnings", AlertEndpoints.AddAlerts, AlertEndpoints.Map),
        new("profiles", MapEndpoints: ProfileEndpoints.Map),
        new("focus", MapEndpoints: FocusEndpoints.Map),
        new("sampling", MapEndpoints: e => e.MapSamplingEndpoints()),
        new("reports", MonthlyReportEndpoints.AddReports, MonthlyReportEndpoints.Map, ReportPolicies.RolesByPolicy),
        new("clues", ClueEndpoints.AddClues, ClueEndpoints.Map, CluePolicies.RolesByPolicy),
        new("complaints", ComplaintEndpoints.AddComplaints, ComplaintEndpoints.Map, ComplaintWorkflow.Policies),
        new("governance", Governance.Meetings.GovernanceServices.Add, GovernanceEndpoints.Map, GovernancePolicies.RolesByPolicy),
        new("analysis", MapEndpoints: Analysis.AnalysisEndpoints.Map, Policies: Analysis.AnalysisPolicies.RolesByPolicy),
        new("credit", Credit.CreditEndpoints.AddCredit, Credit.CreditEndpoints.Map, Credit.CreditPolicies.RolesByPolicy),
    ];

    /// <summary>Every policy with the roles it admits: the platform's table and each module's own.</summary>
    public static IReadOnlyDictionary<string, string[]> RolesByPolicy { get; } = CollectPolicies();

    private static Dictionary<string, string[]> CollectPolicies()
    {
        var all = new Dictionary<string, string[]>(Policies.RolesByPolicy);
        foreach (var module in All)
        {
            foreach (var (policy, roles) in module.Policies ?? new Dictionary<string, string[]>())
            {
                if (!all.TryAdd(policy, roles))
                {
                    throw new InvalidOperationException($"Module {module.Name} defines policy {policy} a second time.");
                }
            }
        }

        return all;
    }

    public static void AddServices(IServiceCollection services)
    {
        foreach (var module in All)
        {
            module.AddServices?.Invoke(services);
        }
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        foreach (var module in All)
        {
            module.MapEndpoints?.Invoke(endpoints);
        }
    }
}
