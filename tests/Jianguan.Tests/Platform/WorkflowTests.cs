using System.Security.Claims;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Workflow;
using Jianguan.Tests.Import;
using Microsoft.AspNetCore.Authorization;
using Jianguan.Features.Clues;

namespace Jianguan.Tests.Platform;

/// <summary>The transition table and the guarded state machine, over the alerts table as its first user.</summary>
[Trait("Category", "Database")]
public sealed class WorkflowTests : IAsyncLifetime
{
    private ImportTestDb _t = null!;
    private AuditTrail _audit = null!;

    private static readonly AuditActor Officer = new("u1", "officer", "office-admin", "127.0.0.1");

    public async Task InitializeAsync()
    {
        _t = await ImportTestDb.CreateAsync();
        _audit = new AuditTrail(_t.Clock, new AuditChain(null));
    }

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private async Task<long> AlertAsync(AlertState state = AlertState.New)
    {
        var alert = new RiskAlert
        {
            Key = Guid.NewGuid().ToString("N"),
            RuleCode = "a40.1.file_code",
            RuleCategory = "fingerprint",
            Basis = "《招标投标法实施条例》第四十条",
            Evidence = "{}",
            Level = AlertLevel.Red,
            State = state,
            // A real instant: DateTimeOffset.MinValue reaches PostgreSQL as -infinity, which has no Beijing month.
            FirstSeenAt = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero),
        };
        _t.Db.Set<RiskAlert>().Add(alert);
        await _t.Db.SaveChangesAsync();
        _t.Db.ChangeTracker.Clear();
        return alert.Id;
    }

    [Fact]
    public void Table_DuplicateRowOrMissingPolicy_Refused()
    {
        Assert.Throws<ArgumentException>(() => new TransitionTable<AlertState, AlertAction>(
        [
            new(AlertState.New, AlertAction.StartReview, AlertState.UnderReview, "p", false, "a.b"),
            new(AlertState.New, AlertAction.StartReview, AlertState.Dismissed, "p", false, "a.c"),
        ]));
        Assert.Throws<ArgumentException>(() => new TransitionTable<AlertState, AlertAction>(
            [new(AlertState.New, AlertAction.StartReview, AlertState.UnderReview, " ", false, "a.b")]));
    }

    [Fact]
    public void AlertTable_SameMachineAsBefore()
    {
        var t = AlertWorkflow.Table;
        Assert.Equal(AlertState.UnderReview, t.Next(AlertState.New, AlertAction.StartReview));
        Assert.Null(t.Next(AlertState.New, AlertAction.Dismiss));
        Assert.Equal([AlertAction.Dismiss, AlertAction.Convert], t.Allowed(AlertState.UnderReview));
        Assert.Empty(t.Allowed(AlertState.Converted));
        Assert.True(t.IsFinal(AlertState.Dismissed));
        Assert.False(t.IsFinal(AlertState.New));
        Assert.True(t.Find(AlertState.UnderReview, AlertAction.Dismiss)!.ReasonRequired);
        Assert.All(t.Rows, r => Assert.Equal(Policies.AlertsManage, r.Policy));
    }

    [Fact]
    public async Task AllowedForAsync_OnlyActionsWhosePolicyTheUserHolds()
    {
        var services = new ServiceCollection().AddLogging().AddAuthorization(o => Policies.Add(o, Jianguan.Features.Modules.RolesByPolicy)).BuildServiceProvider();
        var authorization = services.GetRequiredService<IAuthorizationService>();
        ClaimsPrincipal User(string role) => new(new ClaimsIdentity([new(ClaimTypes.Name, "x"), new(ClaimTypes.Role, role)], "test", ClaimTypes.Name, ClaimTypes.Role));

        Assert.Equal([AlertAction.Dismiss, AlertAction.Convert],
            await AlertWorkflow.Table.AllowedForAsync(AlertState.UnderReview, authorization, User(Roles.MemberSupervisor)));
        Assert.Empty(await AlertWorkflow.Table.AllowedForAsync(AlertState.UnderReview, authorization, User(Roles.Police)));
    }

    [Fact]
    public void Plan_RefusalsSpeakTheUsersLanguage()
    {
        var m = AlertWorkflow.Machine;

        var notAllowed = Assert.Throws<WorkflowRefusedException>(() => m.Plan(1, AlertState.New, AlertAction.Dismiss, "x"));
        var noReason = Assert.Throws<WorkflowRefusedException>(() => m.Plan(1, AlertState.UnderReview, AlertAction.Dismiss, "  "));
        var plan = m.Plan(1, AlertState.UnderReview, AlertAction.Dismiss, "  同一集团  ");

        Assert.Equal(WorkflowRefusal.NotAllowed, notAllowed.Refusal);
        Assert.Equal("当前状态（新预警）不能执行“排除”。", notAllowed.Message);
        Assert.Equal(WorkflowRefusal.ReasonRequired, noReason.Refusal);
        Assert.Equal("排除预警须填写理由。", noReason.Message);
        Assert.Equal(("同一集团", AlertState.Dismissed), (plan.Reason, plan.To));
    }

    [Fact]
    public async Task ExecuteAsync_RowMovedAfterPlanning_ConflictAndNothingWritten()
    {
        var id = await AlertAsync();
        var m = AlertWorkflow.Machine;
        var stale = m.Plan(id, AlertState.New, AlertAction.StartReview, null);
        var now = _t.Clock.GetUtcNow();
        await m.ExecuteAsync(_t.Db, stale, _audit, Officer, now);

        var conflict = await Assert.ThrowsAsync<WorkflowRefusedException>(() => m.ExecuteAsync(_t.Db, stale, _audit, Officer, now));

        Assert.Equal(WorkflowRefusal.Conflict, conflict.Refusal);
        Assert.Equal("该预警的状态已被他人更改，请刷新后重试。", conflict.Message);
        Assert.Equal(AlertState.UnderReview, await m.CurrentStateAsync(_t.Db, id));
        Assert.Equal(1, await _t.Db.Set<AlertTransition>().CountAsync(h => h.AlertId == id));
        Assert.Equal(["alert.review"], await _t.Db.AuditEntries.Where(e => e.Target == $"alert:{id}").Select(e => e.Action).ToListAsync());
        Assert.Null(await m.CurrentStateAsync(_t.Db, 987_654));
    }

    [Fact]
    public async Task ApplyAsync_GenericPath_WritesStateHistoryAndAudit()
    {
        var id = await AlertAsync(AlertState.UnderReview);

        var done = await AlertWorkflow.Machine.ApplyAsync(_t.Db, id, AlertAction.Dismiss, "经核实无串通", _audit, Officer, _t.Clock);

        Assert.Equal((AlertState.UnderReview, AlertState.Dismissed, "经核实无串通"), (done!.From, done.To, done.Reason));
        Assert.Equal(AlertState.Dismissed, (await _t.Db.Set<RiskAlert>().AsNoTracking().SingleAsync(a => a.Id == id)).State);
        var history = await _t.Db.Set<AlertTransition>().AsNoTracking().SingleAsync(h => h.AlertId == id);
        Assert.Equal(("officer", "经核实无串通"), (history.Actor, history.Reason));
        var entry = await _t.Db.AuditEntries.SingleAsync(e => e.Target == $"alert:{id}");
        Assert.Equal("alert.dismiss", entry.Action);
        Assert.Contains("经核实无串通", entry.Detail, StringComparison.Ordinal);
        Assert.Null(await AlertWorkflow.Machine.ApplyAsync(_t.Db, 987_654, AlertAction.Dismiss, "x", _audit, Officer, _t.Clock));
        Assert.True((await _audit.VerifyAsync(_t.Db)).Ok);
    }

    [Fact]
    public async Task AlertWorkflow_ConcurrentReviewers_ExactlyOneTransitions()
    {
        var id = await AlertAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await using var db = Database.Open(_t.ConnectionString, _t.Cipher);
            await start.Task;
            try
            {
                await AlertWorkflow.ApplyAsync(db, id, AlertAction.StartReview, null, _audit,
                    Officer with { UserName = "officer" + i }, _t.Clock);
                return true;
            }
            catch (AlertRuleException)
            {
                return false;
            }
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(tasks);

        Assert.Equal(1, outcomes.Count(o => o));
        Assert.Equal(1, await _t.Db.Set<AlertTransition>().CountAsync(h => h.AlertId == id));
        Assert.Equal(1, await _t.Db.AuditEntries.CountAsync(e => e.Target == $"alert:{id}"));
        Assert.True((await _audit.VerifyAsync(_t.Db)).Ok);
    }

    [Fact]
    public async Task AlertWorkflow_ConcurrentConversions_DistinctConsecutiveClueNumbers()
    {
        var ids = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await AlertAsync(AlertState.UnderReview));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = ids.Select(id => Task.Run(async () =>
        {
            await using var db = Database.Open(_t.ConnectionString, _t.Cipher);
            await start.Task;
            await AlertWorkflow.ApplyAsync(db, id, AlertAction.Convert, null, _audit, Officer, _t.Clock);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(tasks);

        var numbers = await _t.Db.Set<Clue>().Select(c => c.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"XS-2026-{n:D6}"), numbers.Order(StringComparer.Ordinal));
        var notes = await _t.Db.Set<AlertTransition>().Select(h => h.Reason).ToListAsync();
        Assert.All(notes, n => Assert.StartsWith("线索编号 XS-2026-", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AlertWorkflow_Convert_NotifiesTheOfficersUnit()
    {
        var unit = new Organisation { Code = "ORG-1", Name = "住建局", Kind = OrgKind.Industry };
        _t.Db.Organisations.Add(unit);
        var user = new AppUser { UserName = "officer", DisplayName = "officer", OrganisationId = null };
        _t.Db.Users.Add(user);
        await _t.Db.SaveChangesAsync();
        user.OrganisationId = unit.Id;
        await _t.Db.SaveChangesAsync();
        var withUnit = await AlertAsync(AlertState.UnderReview);
        var withoutUnit = await AlertAsync(AlertState.UnderReview);

        await AlertWorkflow.ApplyAsync(_t.Db, withUnit, AlertAction.Convert, null, _audit, Officer with { UserId = user.Id }, _t.Clock);
        await AlertWorkflow.ApplyAsync(_t.Db, withoutUnit, AlertAction.Convert, null, _audit, Officer with { UserId = null }, _t.Clock);

        var notice = await _t.Db.Set<Jianguan.Platform.Inbox.Notification>().AsNoTracking().SingleAsync();
        Assert.Equal((Jianguan.Platform.Inbox.RecipientKind.Organisation, unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "clue.created"),
            (notice.RecipientKind, notice.RecipientId, notice.Kind));
        Assert.Equal("预警已转为线索 XS-2026-000001", notice.Title);
        // The clue is a case of its own now: the notice opens it (ClueService).
        var clueId = await _t.Db.Set<RiskAlert>().Where(a => a.Id == withUnit).Select(a => a.ClueId).SingleAsync();
        Assert.Equal($"/Clues/{clueId}", notice.Link);
    }
}
