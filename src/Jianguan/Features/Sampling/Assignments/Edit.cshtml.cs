using System.Security.Cryptography;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Sampling.Assignments;

/// <summary>
/// 登记检查结果: only the assignment's own inspectors (through their linked accounts) and the supervisors of the plan's
/// department write here (issue 17, item 2). A recorded result is corrected with a reason and every earlier version
/// is listed. A refused save shows the form again with what the user typed (issue 12, item 5 (b)).
/// </summary>
[Authorize(Policy = Policies.SamplingInspect)]
public sealed class EditModel(JianguanDbContext db, AuditTrail audit, TimeProvider time, CalendarService calendars, IAuthorizationService authorization) : PageModel
{
    public SamplingAssignment? Assignment { get; private set; }

    public List<SamplingAssignment> History { get; private set; } = [];

    /// <summary>Earlier versions of this result, newest first.</summary>
    public List<SamplingResultRevision> Revisions { get; private set; } = [];

    /// <summary>Display names by user name, for the revisions and the current version.</summary>
    public Dictionary<string, string> Names { get; private set; } = new(StringComparer.Ordinal);

    public bool CanPublish { get; private set; }

    public string? Error { get; private set; }

    public DateOnly Today => ChinaTime.Today(time);

    /// <summary>The form as shown: the stored result on the first visit, what the user typed after a refused save.</summary>
    [BindProperty]
    public string? Method { get; set; }

    [BindProperty]
    public string? Findings { get; set; }

    [BindProperty]
    public string? Result { get; set; }

    /// <summary>As typed (年-月-日), so that a date that cannot be read is shown again.</summary>
    [BindProperty]
    public string? CompletedOn { get; set; }

    [BindProperty]
    public bool Exempt { get; set; }

    [BindProperty]
    public string? ExemptReason { get; set; }

    [BindProperty]
    public string? CorrectionReason { get; set; }

    /// <summary>A result is already recorded: saving is a correction and needs a reason.</summary>
    public bool IsCorrection => Assignment?.Result is not null;

    public string DisplayName(string? userName) =>
        userName is null ? "—" : Names.GetValueOrDefault(userName, userName);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!await InspectorAccounts.CanWriteAsync(db, User, id, ct))
        {
            return Forbid();
        }

        // The findings are not public until published, and the page lists who recorded and corrected them.
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "sampling.result.view", $"sampling/assignments/{id}", new { revisions = Revisions.Count }, ct);
        var a = Assignment!;
        Method = a.Method;
        Findings = a.Findings;
        Result = a.Result;
        CompletedOn = (a.CompletedOn ?? Today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Exempt = a.Exempt;
        ExemptReason = a.ExemptReason;
        return Page();
    }

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
        Revisions = await db.SamplingResultRevisions.AsNoTracking().Where(r => r.AssignmentId == id).OrderByDescending(r => r.Version).ToListAsync(ct);
        Names = await UserNames.DisplayNamesAsync(db, Revisions.SelectMany(r => new[] { r.RecordedBy, r.CorrectedBy }).Append(Assignment.RecordedBy), ct);
        CanPublish = (await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded;
        return true;
    }

    public async Task<IActionResult> OnPostAsync(long id, string? publish, List<IFormFile> attachments, CancellationToken ct)
    {
        if (!await db.SamplingAssignments.AnyAsync(a => a.Id == id, ct))
        {
            return NotFound();
        }

        if (!await InspectorAccounts.CanWriteAsync(db, User, id, ct))
        {
            return Forbid();
        }

        var canPublish = (await authorization.AuthorizeAsync(User, Policies.SamplingManage)).Succeeded;
        try
        {
            var completedOn = ParseDate(CompletedOn);

            // Only the files' metadata is kept (name, size, SHA-256): the documents stay in the case file.
            var metadata = new List<string>();
            foreach (var file in attachments ?? [])
            {
                await using var stream = file.OpenReadStream();
                var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
                metadata.Add(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file.FileName)}|{file.Length}|{hash}"));
            }

            var existing = await db.SamplingAssignments.AsNoTracking().Where(a => a.Id == id).Select(a => a.Attachments).SingleOrDefaultAsync(ct);
            var all = string.Join('\n', new[] { existing }.Concat(metadata).Where(s => !string.IsNullOrWhiteSpace(s)));
            var input = new SamplingService.InspectionInput(Method ?? "", Findings ?? "", Result ?? "", all, completedOn,
                Exempt, ExemptReason, publish is not null && canPublish, CorrectionReason);
            await SamplingService.RecordResultAsync(db, audit, AuditActor.From(HttpContext), id, input, await calendars.GetAsync(ct), time.GetUtcNow(), ct);
            var drawId = await db.SamplingAssignments.Where(a => a.Id == id).Select(a => a.DrawId).SingleAsync(ct);
            return Redirect($"/Sampling/Draws/Detail?id={drawId}");
        }
        catch (SamplingException e)
        {
            // Nothing was saved; the form keeps the bound values the user typed.
            Error = e.Message;
            db.ChangeTracker.Clear();
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    private static DateOnly ParseDate(string? text)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            throw new SamplingException("完成日期：未填写");
        }

        return DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new SamplingException($"完成日期：“{value}”无法识别，应为 年-月-日");
    }
}
