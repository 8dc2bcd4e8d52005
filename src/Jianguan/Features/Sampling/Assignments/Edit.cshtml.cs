using System.Security.Cryptography;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Sampling.Assignments;

[Authorize(Policy = Policies.SamplingInspect)]
public sealed class EditModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, CalendarService calendars, IAuthorizationService authorization) : PageModel
{
    public SamplingAssignment? Assignment { get; private set; }

    public List<SamplingAssignment> History { get; private set; } = [];

    public bool CanPublish { get; private set; }

    public string? Error { get; private set; }

    public DateOnly Today => ChinaTime.Today(time);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Assignment = await db.SamplingAssignments.AsNoTracking().Include(a => a.Draw).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (Assignment is null)
        {
            return false;
        }

        var entity = Assignment.EntityKey;
        History = await db.SamplingAssignments.AsNoTracking()
            .Where(a => a.Id != id && a.EntityKey == entity && entity != "").OrderByDescending(a => a.Id).Take(20).ToListAsync(ct);
        CanPublish = (await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded;
        return true;
    }

    public async Task<IActionResult> OnPostAsync(long id, string? method, string? findings, string? result, DateOnly? completedOn,
        bool exempt, string? exemptReason, string? publish, List<IFormFile> attachments, CancellationToken ct)
    {
        var canPublish = (await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded;
        try
        {
            // Only the files' metadata is kept (name, size, SHA-256): the documents stay in the case file.
            var metadata = new List<string>();
            foreach (var file in attachments)
            {
                await using var stream = file.OpenReadStream();
                var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
                metadata.Add(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file.FileName)}|{file.Length}|{hash}"));
            }

            var existing = await db.SamplingAssignments.AsNoTracking().Where(a => a.Id == id).Select(a => a.Attachments).SingleOrDefaultAsync(ct);
            var all = string.Join('\n', new[] { existing }.Concat(metadata).Where(s => !string.IsNullOrWhiteSpace(s)));
            var input = new SamplingService.InspectionInput(method ?? "", findings ?? "", result ?? "", all,
                completedOn ?? throw new SamplingException("请填写完成日期 / the completion date is required"),
                exempt, exemptReason, publish is not null && canPublish);
            await SamplingService.RecordResultAsync(db, audit, AuditActor.From(HttpContext), id, input, await calendars.GetAsync(ct), time.GetUtcNow(), ct);
            var drawId = await db.SamplingAssignments.Where(a => a.Id == id).Select(a => a.DrawId).SingleAsync(ct);
            return Redirect($"/Sampling/Draws/Detail?id={drawId}");
        }
        catch (SamplingException e)
        {
            Error = e.Message;
            db.ChangeTracker.Clear();
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }
}
