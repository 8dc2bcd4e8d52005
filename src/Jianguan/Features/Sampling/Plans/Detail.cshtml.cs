using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Sampling.Plans;

[Authorize(Policy = Policies.SamplingRead)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, IAuthorizationService authorization) : PageModel
{
    public SamplingPlan? Plan { get; private set; }

    public Dictionary<long, List<SamplingDraw>> DrawsByBatch { get; private set; } = [];

    public bool CanManage { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Per batch that can publish a commitment now: the objects that could not be staffed if drawn.</summary>
    public Dictionary<long, IReadOnlyList<(Draw.PoolObject Object, string Reason)>> Unstaffable { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Plan = await db.SamplingPlans.AsNoTracking().Include(p => p.Batches).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (Plan is null)
        {
            return false;
        }

        var batchIds = Plan.Batches.Select(b => b.Id).ToList();
        DrawsByBatch = (await db.SamplingDraws.AsNoTracking().Where(d => batchIds.Contains(d.BatchId)).OrderBy(d => d.Id).ToListAsync(ct))
            .GroupBy(d => d.BatchId).ToDictionary(g => g.Key, g => g.ToList());
        CanManage = (await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded;
        if (CanManage && Plan.ApprovedOn is not null)
        {
            var now = time.GetUtcNow();
            Draw.DrawPool? pool = null;
            foreach (var batch in Plan.Batches.Where(b => DrawsByBatch.GetValueOrDefault(b.Id)?.All(d => d.Status == SamplingDraw.Drawn) ?? true))
            {
                pool ??= await SamplingService.SnapshotPoolAsync(db, now, ct);
                try
                {
                    Unstaffable[batch.Id] = await SamplingService.UnstaffableAsync(db, batch.Id, now, pool, ct);
                }
                catch (SamplingException e)
                {
                    Error ??= e.Message;
                }
            }
        }

        return true;
    }

    private async Task<IActionResult> ManageAsync(long id, Func<AuditActor, Task<string>> action, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            return Redirect(await action(AuditActor.From(HttpContext)));
        }
        catch (SamplingException e)
        {
            Error = e.Message;
            db.ChangeTracker.Clear();
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    public Task<IActionResult> OnPostApproveAsync(long id, string? decisionRef, DateOnly? approvedOn, CancellationToken ct) =>
        ManageAsync(id, async actor =>
        {
            await SamplingService.ApprovePlanAsync(db, audit, actor, id, decisionRef ?? "", approvedOn ?? ChinaTime.Today(time), ct);
            return $"/Sampling/Plans/Detail?id={id}";
        }, ct);

    public Task<IActionResult> OnPostBatchAsync(long id, BatchInput batch, CancellationToken ct) =>
        ManageAsync(id, async actor =>
        {
            await SamplingService.AddBatchAsync(db, audit, actor, id, batch.ToBatch(), ct);
            return $"/Sampling/Plans/Detail?id={id}";
        }, ct);

    public Task<IActionResult> OnPostCommitAsync(long id, long batchId, bool acknowledgeUnstaffable, CancellationToken ct) =>
        ManageAsync(id, async actor =>
        {
            var draw = await SamplingService.CommitAsync(db, audit, actor, batchId, time.GetUtcNow(), acknowledgeUnstaffable, ct);
            return $"/Sampling/Draws/Detail?id={draw.Id}";
        }, ct);
}
