using System.Globalization;
using Jianguan.Data;
using Jianguan.Platform.Audit;
using Microsoft.EntityFrameworkCore;

namespace Jianguan.Features.Alerts;

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
    public static AlertState? Next(AlertState from, AlertAction action) => (from, action) switch
    {
        (AlertState.New, AlertAction.StartReview) => AlertState.UnderReview,
        (AlertState.UnderReview, AlertAction.Dismiss) => AlertState.Dismissed,
        (AlertState.UnderReview, AlertAction.Convert) => AlertState.Converted,
        _ => null,
    };

    public static IReadOnlyList<AlertAction> Allowed(AlertState state) =>
        [.. Enum.GetValues<AlertAction>().Where(a => Next(state, a) is not null)];

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

        var from = alert.State;
        var to = Next(from, action)
            ?? throw new AlertRuleException($"当前状态（{AlertLabels.StateName(from)}）不能执行“{AlertLabels.ActionName(action)}”。");
        reason = FocusList.Clean(reason);
        if (action == AlertAction.Dismiss && reason is null)
        {
            throw new AlertRuleException("排除预警须填写理由。");
        }

        var now = clock.GetUtcNow().ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Clue? clue = null;
        if (action == AlertAction.Convert)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"XS-{now.ToOffset(Platform.Time.ChinaTime.Offset).Year}-");
            var count = await db.Set<Clue>().CountAsync(c => c.Number.StartsWith(prefix), ct);
            var section = alert.SectionId is { } sid
                ? await db.Sections.AsNoTracking().Where(s => s.Id == sid).Select(s => s.Code).FirstOrDefaultAsync(ct)
                : null;
            clue = new Clue
            {
                Number = prefix + (count + 1).ToString("D6", CultureInfo.InvariantCulture),
                Title = AlertLabels.RuleName(alert.RuleCode) + (section is null ? "" : $"（标段 {section}）"),
                AlertId = alert.Id,
                CreatedAt = now,
                CreatedBy = actor.UserName,
            };
            db.Set<Clue>().Add(clue);
            await db.SaveChangesAsync(ct);
        }

        long? clueId = clue?.Id;
        var changed = await db.Set<RiskAlert>()
            .Where(a => a.Id == alertId && a.State == from)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(a => a.State, to).SetProperty(a => a.StateChangedAt, now);
                if (clueId is not null)
                {
                    s.SetProperty(a => a.ClueId, clueId);
                }
            }, ct);
        if (changed == 0)
        {
            throw new AlertRuleException("该预警的状态已被他人更改，请刷新后重试。");
        }

        db.Set<AlertTransition>().Add(new AlertTransition
        {
            AlertId = alertId,
            From = from,
            To = to,
            Reason = reason ?? (clue is null ? null : "线索编号 " + clue.Number),
            Actor = actor.UserName,
            At = now,
        });
        var verb = action switch
        {
            AlertAction.StartReview => "alert.review",
            AlertAction.Dismiss => "alert.dismiss",
            _ => "alert.convert",
        };
        await audit.RecordAsync(db, actor, verb, "alert:" + alertId.ToString(CultureInfo.InvariantCulture),
            new { from = from.ToString(), to = to.ToString(), reason, clue = clue?.Number }, ct);
        await tx.CommitAsync(ct);
        alert.State = to;
        alert.StateChangedAt = now;
        alert.ClueId = clue?.Id ?? alert.ClueId;
        return alert;
    }
}
