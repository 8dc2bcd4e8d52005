using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Jianguan.Platform.Workflow;

public enum WorkflowRefusal
{
    /// <summary>The table has no such action in the current state.</summary>
    NotAllowed,

    /// <summary>The action must be justified and no reason was given.</summary>
    ReasonRequired,

    /// <summary>The row left the expected state meanwhile (another user was quicker).</summary>
    Conflict,
}

/// <summary>A transition the state machine refused; the message is written for the user.</summary>
public sealed class WorkflowRefusedException(WorkflowRefusal refusal, string message) : Exception(message)
{
    public WorkflowRefusal Refusal { get; } = refusal;
}

/// <summary>A transition as it happened: what the history row and the audit entry record.</summary>
public sealed record TransitionRecord<TState, TAction>(long SubjectId, TState From, TState To, TAction Action, string? Reason,
    string Actor, DateTimeOffset At)
    where TState : struct, Enum
    where TAction : struct, Enum;

/// <summary>A transition checked against the table (allowed, reason present), not yet written.</summary>
public sealed record TransitionPlan<TState, TAction>(long SubjectId, Transition<TState, TAction> Row, string? Reason)
    where TState : struct, Enum
    where TAction : struct, Enum
{
    public TState From => Row.From;

    public TState To => Row.To;

    public TAction Action => Row.Action;
}

/// <summary>What a feature adds to a transition's write: more columns, a history note, its own audit detail.</summary>
public sealed class TransitionOptions<TEntity>
    where TEntity : class
{
    /// <summary>Further columns set by the same guarded UPDATE (a timestamp, a link to the record created).</summary>
    public Action<UpdateSettersBuilder<TEntity>>? AlsoSet { get; init; }

    /// <summary>The history row's reason when the user gave none (e.g. the number of the clue created).</summary>
    public string? HistoryNote { get; init; }

    /// <summary>The audit entry's detail; by default <c>{ from, to, reason }</c>.</summary>
    public object? AuditDetail { get; init; }
}

/// <summary>
/// Runs a <see cref="TransitionTable{TState,TAction}"/> against a table of case rows. The state changes only through
/// a conditional UPDATE that names the expected <c>from</c> state, so of two reviewers acting on the same row at
/// once exactly one succeeds and the other gets <see cref="WorkflowRefusal.Conflict"/>; the history row and the
/// audit entry are written in the same transaction as the change.
/// </summary>
/// <remarks>
/// History rows stay in each case type's own table (made by <c>history</c>), with a foreign key to the case, so
/// that a case's history is deleted with it and is read without a polymorphic join; see ADR-012.
/// </remarks>
public sealed class StateMachine<TEntity, TState, TAction>
    where TEntity : class
    where TState : struct, Enum
    where TAction : struct, Enum
{
    private readonly Expression<Func<TEntity, long>> _key;
    private readonly Expression<Func<TEntity, TState>> _state;
    private readonly Func<TState, string> _stateName;
    private readonly Func<TAction, string> _actionName;
    private readonly Func<TransitionRecord<TState, TAction>, object> _history;

    /// <param name="subject">Audit target prefix and action namespace, e.g. <c>alert</c> (target <c>alert:42</c>).</param>
    /// <param name="subjectName">The case type in the user's words, e.g. 预警, used in refusal messages.</param>
    /// <param name="key">The row's id column.</param>
    /// <param name="state">The row's state column (a plain property access).</param>
    /// <param name="history">Makes the history entity of one transition; it is added to the context.</param>
    public StateMachine(string subject, string subjectName, TransitionTable<TState, TAction> table,
        Expression<Func<TEntity, long>> key, Expression<Func<TEntity, TState>> state,
        Func<TState, string> stateName, Func<TAction, string> actionName,
        Func<TransitionRecord<TState, TAction>, object> history)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectName);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(actionName);
        ArgumentNullException.ThrowIfNull(history);
        if (state.Body is not MemberExpression)
        {
            throw new ArgumentException("the state selector must be a property access", nameof(state));
        }

        Subject = subject;
        SubjectName = subjectName;
        Table = table;
        _key = key;
        _state = state;
        _stateName = stateName;
        _actionName = actionName;
        _history = history;
    }

    public string Subject { get; }

    public string SubjectName { get; }

    public TransitionTable<TState, TAction> Table { get; }

    /// <summary>The audit target of a row: <c>{subject}:{id}</c>.</summary>
    public string Target(long id) => Subject + ":" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks an action against the table without touching the database. The reason is trimmed (blank is none).
    /// Throws <see cref="WorkflowRefusedException"/> (not allowed, reason required).
    /// </summary>
    public TransitionPlan<TState, TAction> Plan(long id, TState from, TAction action, string? reason)
    {
        var row = Table.Find(from, action) ?? throw new WorkflowRefusedException(WorkflowRefusal.NotAllowed,
            $"当前状态（{_stateName(from)}）不能执行“{_actionName(action)}”。");
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (row.ReasonRequired && reason is null)
        {
            throw new WorkflowRefusedException(WorkflowRefusal.ReasonRequired, $"{_actionName(action)}{SubjectName}须填写理由。");
        }

        return new TransitionPlan<TState, TAction>(id, row, reason);
    }

    /// <summary>
    /// Writes a planned transition: the guarded UPDATE, the history row and the audit entry, in the caller's
    /// transaction or in one of its own. Throws <see cref="WorkflowRefusedException"/> (conflict) when the row is no
    /// longer in the planned <c>from</c> state or does not exist; the caller's transaction must then be rolled back.
    /// </summary>
    public async Task<TransitionRecord<TState, TAction>> ExecuteAsync(JianguanDbContext db, TransitionPlan<TState, TAction> plan,
        AuditTrail audit, AuditActor actor, DateTimeOffset at, TransitionOptions<TEntity>? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        // PostgreSQL stores timestamptz only from UTC values.
        at = at.ToUniversalTime();
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var changed = await db.Set<TEntity>()
            .Where(InState(plan.SubjectId, plan.From))
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(_state, plan.To);
                options?.AlsoSet?.Invoke(s);
            }, ct);
        if (changed == 0)
        {
            throw new WorkflowRefusedException(WorkflowRefusal.Conflict, $"该{SubjectName}的状态已被他人更改，请刷新后重试。");
        }

        var record = new TransitionRecord<TState, TAction>(plan.SubjectId, plan.From, plan.To, plan.Action,
            plan.Reason ?? options?.HistoryNote, actor.UserName, at);
        db.Add(_history(record));
        await audit.RecordAsync(db, actor, plan.Row.AuditAction, Target(plan.SubjectId),
            options?.AuditDetail ?? new { from = plan.From.ToString(), to = plan.To.ToString(), reason = plan.Reason }, ct);
        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }

        return record;
    }

    /// <summary>
    /// Reads the row's state, plans and writes the transition in one transaction: the whole path for case types
    /// whose actions change nothing else. Null when the row does not exist.
    /// </summary>
    public async Task<TransitionRecord<TState, TAction>?> ApplyAsync(JianguanDbContext db, long id, TAction action, string? reason,
        AuditTrail audit, AuditActor actor, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var from = await CurrentStateAsync(db, id, ct);
        if (from is null)
        {
            return null;
        }

        var plan = Plan(id, from.Value, action, reason);
        return await ExecuteAsync(db, plan, audit, actor, clock.GetUtcNow().ToUniversalTime(), null, ct);
    }

    /// <summary>The row's state as stored; null when the row does not exist.</summary>
    public Task<TState?> CurrentStateAsync(JianguanDbContext db, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = _key.Parameters[0];
        var state = Expression.Lambda<Func<TEntity, TState?>>(
            Expression.Convert(Rebind(_state, row), typeof(TState?)), row);
        return db.Set<TEntity>().AsNoTracking().Where(WithId(id)).Select(state).FirstOrDefaultAsync(ct);
    }

    /// <summary><c>row =&gt; row.Id == id</c>.</summary>
    public Expression<Func<TEntity, bool>> WithId(long id)
    {
        var row = _key.Parameters[0];
        var values = Expression.Constant(new Guard(id, default));
        return Expression.Lambda<Func<TEntity, bool>>(
            Expression.Equal(_key.Body, Expression.Property(values, nameof(Guard.Id))), row);
    }

    /// <summary><c>row =&gt; row.Id == id &amp;&amp; row.State == from</c>, with both values as SQL parameters.</summary>
    private Expression<Func<TEntity, bool>> InState(long id, TState from)
    {
        var row = _key.Parameters[0];
        var values = Expression.Constant(new Guard(id, from));
        return Expression.Lambda<Func<TEntity, bool>>(
            Expression.AndAlso(
                Expression.Equal(_key.Body, Expression.Property(values, nameof(Guard.Id))),
                Expression.Equal(Rebind(_state, row), Expression.Property(values, nameof(Guard.From)))),
            row);
    }

    private static Expression Rebind(LambdaExpression lambda, ParameterExpression to) =>
        new Rebinder(lambda.Parameters[0], to).Visit(lambda.Body);

    /// <summary>Values read through a closure-like object, so that EF sends them as parameters, not literals.</summary>
    private sealed record Guard(long Id, TState From);

    private sealed class Rebinder(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
