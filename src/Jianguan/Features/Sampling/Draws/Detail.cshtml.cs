using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Sampling.Draws;

[Authorize(Policy = Policies.SamplingRead)]
public sealed class DetailModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, IAuthorizationService authorization) : PageModel
{
    public SamplingDraw? Draw { get; private set; }

    public bool CanManage { get; private set; }

    public bool CanInspect { get; private set; }

    /// <summary>The assignments whose result this account may record (their 登记结果 link is shown).</summary>
    public HashSet<long> Writable { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    internal static Task<SamplingDraw?> FindAsync(JianguanDbContext db, long id, CancellationToken ct) =>
        db.SamplingDraws.AsNoTracking().Include(d => d.Batch).ThenInclude(b => b!.Plan).Include(d => d.Assignments)
            .AsSplitQuery().SingleOrDefaultAsync(d => d.Id == id, ct);

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Draw = await FindAsync(db, id, ct);
        CanManage = (await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded;
        CanInspect = (await authorization.AuthorizeAsync(User, Policies.SamplingInspect)).Succeeded;
        if (Draw is not null && CanInspect)
        {
            Writable = await InspectorAccounts.WritableAsync(db, User, Draw.Assignments, Draw.Batch?.Plan?.Departments ?? "", ct);
        }

        return Draw is not null;
    }

    public async Task<IActionResult> OnPostDrawAsync(long id, string? publicInput, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded)
        {
            return Forbid();
        }

        try
        {
            await SamplingService.ExecuteAsync(db, audit, AuditActor.From(HttpContext), id, publicInput ?? "", time.GetUtcNow(), ct);
            return Redirect($"/Sampling/Draws/Detail?id={id}");
        }
        catch (SamplingException e)
        {
            Error = e.Message;
            db.ChangeTracker.Clear();
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    public async Task<IActionResult> OnGetJsonAsync(long id, CancellationToken ct)
    {
        var draw = await db.SamplingDraws.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        return draw?.RecordJson is null ? NotFound() : File(Encoding.UTF8.GetBytes(draw.RecordJson), "application/json", $"抽取记录-{id}.json");
    }

    public async Task<IActionResult> OnGetXlsxAsync(long id, CancellationToken ct)
    {
        var draw = await FindAsync(db, id, ct);
        if (draw is null)
        {
            return NotFound();
        }

        var stream = new MemoryStream();
        await SamplingWorkbooks.WriteDrawAsync(draw, stream, ct);
        stream.Position = 0;
        return File(stream, SamplingWorkbooks.ContentType, $"抽取记录-{id}.xlsx");
    }
}
