using Jianguan.Platform.Calendar;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Complaints.Public;

/// <summary>The public complaint form (no login): returns a receipt code, shown once, to follow the case.</summary>
[Authorize(Policy = Policies.Public)]
public sealed class NewModel(JianguanDbContext db, AuditTrail audit, CalendarService calendars, TimeProvider time) : PageModel
{
    [BindProperty]
    public ComplaintForm Form { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = [];

    public List<SelectListItem> Departments { get; private set; } = [];

    public string? ReceiptCode { get; private set; }

    public string? Number { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Departments = await ComplaintForm.DepartmentsAsync(db, ct);

    public async Task<IActionResult> OnPostAsync(List<IFormFile>? attachments, CancellationToken ct)
    {
        Departments = await ComplaintForm.DepartmentsAsync(db, ct);
        if (attachments is { Count: > ComplaintForm.MaxAttachments })
        {
            Errors["Attachments"] = $"附件最多 {ComplaintForm.MaxAttachments} 个。";
            return Page();
        }

        Form.ReceivedOn = null;
        var input = Form.ToInput(Form.DepartmentId, await ComplaintForm.DescribeAsync(attachments, ct));
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
                ComplaintChannelKind.Public, time.GetUtcNow(), ct);
            ReceiptCode = code;
            Number = complaint.Number;
            Form = new ComplaintForm();
        }
        catch (ComplaintException e)
        {
            Errors[e.Field ?? "Title"] = e.Message;
        }

        return Page();
    }
}
