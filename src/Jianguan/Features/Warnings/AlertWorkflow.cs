using Jianguan.Platform.Workflow;
using Jianguan.Features.Focus;
using Jianguan.Features.Clues;

namespace Jianguan.Features.Warnings;

public enum AlertAction
{
    StartReview,
    Dismiss,
    Convert,
}

/// <summary>
/// The alert's state machine: new → under review → dismissed (a reason is required) | converted to a clue.
/// Dismissed and converted are final. Each transition is kept as history and appended to the audit chain in the
/// same transaction; a transition from a state the alert is no longer in (another user was quicker) is refused.
/// </summary>
public static class AlertWorkflow
{
    /// <summary>Clue numbers: XS-yyyy-NNNNNN (线索), numbered per year in Beijing time (<see cref="ClueService.CluePrefix"/>).</summary>
    public const string ClueNumberPrefix = ClueService.CluePrefix;

    /// <summary>The state machine as data: who may act (the policy) and which actions need a reason.</summary>
    public static readonly TransitionTable<AlertState, AlertAction> Table = new(
    [
        new(AlertState.New, AlertAction.StartReview, AlertState.UnderReview, Policies.AlertsManage, ReasonRequired: false, "alert.review"),
        new(AlertState.UnderReview, AlertAction.Dismiss, AlertState.Dismissed, Policies.AlertsManage, ReasonRequired: true, "alert.dismiss"),
        new(AlertState.UnderReview, AlertAction.Convert, AlertState.Converted, Policies.AlertsManage, ReasonRequired: false, "alert.convert"),
    ]);

    public static readonly StateMachine<RiskAlert, AlertState, AlertAction> Machine = new("alert", "预警", Table,
        a => a.Id, a => a.State, AlertLabels.StateName, AlertLabels.ActionName,
        t => new AlertTransition { AlertId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    public static AlertState? Next(AlertState from, AlertAction action) => Table.Next(from, action);

    public static IReadOnlyList<AlertAction> Allowed(AlertState state) => Table.Allowed(state);

    public static bool TryParse(string? value, out AlertAction action)
    {
        action = default;
        return value?.Trim().ToLowerInvariant() switch
        {
            "review" or "start-review" or "startreview" => Set(AlertAction.StartReview, out action),
            "dismiss" => Set(AlertAction.Dismiss, out action),
            "convert" => Set(AlertAction.Convert, out action),
            _ => false,
        };
    }

    private static bool Set(AlertAction value, out AlertAction action)
    {
        action = value;
        return true;
    }

    /// <summary>Applies an action; null when the alert does not exist; <see cref="AlertRuleException"/> when refused.</summary>
    public static async Task<RiskAlert?> ApplyAsync(JianguanDbContext db, long alertId, AlertAction action, string? reason,
        AuditTrail audit, AuditActor actor, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        var alert = await db.Set<RiskAlert>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null)
        {
            return null;
        }

        TransitionPlan<AlertState, AlertAction> plan;
        try
        {
            plan = Machine.Plan(alert.Id, alert.State, action, FocusList.Clean(reason));
        }
        catch (WorkflowRefusedException e)
        {
            throw new AlertRuleException(e.Message);
        }

        var (from, to, reasonGiven) = (plan.From, plan.To, plan.Reason);
        var now = clock.GetUtcNow().ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Clue? clue = null;
        if (action == AlertAction.Convert)
        {
            var section = alert.SectionId is { } sid
                ? await db.Sections.AsNoTracking().Where(s => s.Id == sid).Select(s => s.Code).FirstOrDefaultAsync(ct)
                : null;
            var title = AlertLabels.RuleName(alert.RuleCode) + (section is null ? "" : $"（标段 {section}）");
            try
            {
                clue = await ClueService.CreateAsync(db, audit, actor, ClueSource.Alert, alert.Id.ToString(CultureInfo.InvariantCulture), title, now,
                    new ClueDetails(Description: reasonGiven, Sections: section, SourceLink: "/Alerts/" + alert.Id.ToString(CultureInfo.InvariantCulture),
                        AlertId: alert.Id), ct);
            }
            catch (ClueException e)
            {
                throw new AlertRuleException(e.Message);
            }
        }

        long? clueId = clue?.Id;
        try
        {
            await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<RiskAlert>
            {
                AlsoSet = s =>
                {
                    s.SetProperty(a => a.StateChangedAt, now);
                    if (clueId is not null)
                    {
                        s.SetProperty(a => a.ClueId, clueId);
                    }
                },
                HistoryNote = clue is null ? null : "线索编号 " + clue.Number,
                AuditDetail = new { from = from.ToString(), to = to.ToString(), reason = reasonGiven, clue = clue?.Number },
            }, ct);
        }
        catch (WorkflowRefusedException e)
        {
            throw new AlertRuleException(e.Message);
        }

        await tx.CommitAsync(ct);
        alert.State = to;
        alert.StateChangedAt = now;
        alert.ClueId = clue?.Id ?? alert.ClueId;
        return alert;
    }
}
