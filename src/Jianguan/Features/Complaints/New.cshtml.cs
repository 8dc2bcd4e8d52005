using Jianguan.Platform.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Complaints;

/// <summary>Staff intake (窗口登记) for the officer's own department; the receipt code is shown once to hand over.</summary>
[Authorize(Policy = ComplaintWorkflow.HandlePolicy)]
public sealed class NewModel(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time) : PageModel
{
    [BindProperty]
    public ComplaintForm Form { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = [];

    public string? ReceiptCode { get; private set; }

    public Complaint? Created { get; private set; }

    public string? DepartmentName { get; private set; }

    private async Task<int?> DepartmentAsync(CancellationToken ct)
    {
        var scope = await ComplaintScope.ForAsync(db, User, ct);
        DepartmentName = scope.DepartmentId is { } d ? await db.Organisations.Where(o => o.Id == d).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        return scope.DepartmentId;
    }

    public async Task OnGetAsync(CancellationToken ct) => await DepartmentAsync(ct);

    public async Task<IActionResult> OnPostAsync(List<IFormFile>? attachments, CancellationToken ct)
    {
        var department = await DepartmentAsync(ct);
        if (department is null)
        {
            Errors["DepartmentId"] = "您的账户未关联部门，不能登记。";
            return Page();
        }

        if (attachments is { Count: > ComplaintForm.MaxAttachments })
        {
            Errors["Attachments"] = $"附件最多 {ComplaintForm.MaxAttachments} 个。";
            return Page();
        }

        var input = Form.ToInput(department, await ComplaintForm.DescribeAsync(attachments, ct));
        foreach (var (field, message) in ComplaintWorkflow.Validate(input))
        {
            Errors[field] = message;
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        try
        {
            var (complaint, code) = await ComplaintWorkflow.FileAsync(db, audit, AuditActor.From(HttpContext), await calendars.GetAsync(ct), input,
                ComplaintChannelKind.Staff, time.GetUtcNow(), ct);
            Created = complaint;
            ReceiptCode = code;
        }
        catch (ComplaintException e)
        {
            Errors[e.Field ?? "Title"] = e.Message;
        }

        return Page();
    }
}
