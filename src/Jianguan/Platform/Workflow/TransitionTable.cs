using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Jianguan.Platform.Workflow;

/// <summary>
/// One row of a state machine: in <paramref name="From"/>, <paramref name="Action"/> leads to <paramref name="To"/>
/// for holders of <paramref name="Policy"/>; <paramref name="ReasonRequired"/> for actions that must be justified
/// on the record (dismissing, returning, closing without action). <paramref name="AuditAction"/> is the stable code
/// written to the audit chain.
/// </summary>
public sealed record Transition<TState, TAction>(TState From, TAction Action, TState To, string Policy, bool ReasonRequired,
    string AuditAction)
    where TState : struct, Enum
    where TAction : struct, Enum;

/// <summary>
/// A case type's state machine as data, so that the rules, the buttons a page offers and the policy each action
/// needs are read from one table instead of a switch repeated in handlers and views.
/// </summary>
public sealed class TransitionTable<TState, TAction>
    where TState : struct, Enum
    where TAction : struct, Enum
{
    private readonly Dictionary<(TState, TAction), Transition<TState, TAction>> _rows;

    public TransitionTable(IEnumerable<Transition<TState, TAction>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = [.. rows];
        _rows = [];
        foreach (var row in Rows)
        {
            if (string.IsNullOrWhiteSpace(row.Policy) || string.IsNullOrWhiteSpace(row.AuditAction))
            {
                throw new ArgumentException($"transition {row.From} --{row.Action}--> {row.To} needs a policy and an audit action", nameof(rows));
            }

            if (!_rows.TryAdd((row.From, row.Action), row))
            {
                throw new ArgumentException($"two transitions for {row.Action} in {row.From}", nameof(rows));
            }
        }
    }

    /// <summary>The rows in the order given (the order in which <see cref="Allowed"/> lists actions).</summary>
    public IReadOnlyList<Transition<TState, TAction>> Rows { get; }

    public Transition<TState, TAction>? Find(TState from, TAction action) => _rows.GetValueOrDefault((from, action));

    public TState? Next(TState from, TAction action) => Find(from, action)?.To;

    /// <summary>Actions possible in a state, whoever asks.</summary>
    public IReadOnlyList<TAction> Allowed(TState state) => [.. Rows.Where(r => EqualityComparer<TState>.Default.Equals(r.From, state)).Select(r => r.Action)];

    /// <summary>A state no action leaves (closed, dismissed, converted …).</summary>
    public bool IsFinal(TState state) => !Rows.Any(r => EqualityComparer<TState>.Default.Equals(r.From, state));

    /// <summary>Actions possible in a state for this user: those whose policy the user satisfies.</summary>
    public async Task<IReadOnlyList<TAction>> AllowedForAsync(TState state, IAuthorizationService authorization, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(user);
        var allowed = new List<TAction>();
        foreach (var row in Rows.Where(r => EqualityComparer<TState>.Default.Equals(r.From, state)))
        {
            if ((await authorization.AuthorizeAsync(user, row.Policy)).Succeeded)
            {
                allowed.Add(row.Action);
            }
        }

        return allowed;
    }
}
