using System.ComponentModel.DataAnnotations;
using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Sampling.Plans;

[Authorize(Policy = Policies.SamplingManage)]
public sealed class CreateModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : PageModel
{
    [BindProperty]
    [Range(2000, 2100, ErrorMessage = "年度无效")]
    public int Year { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "请填写计划名称")]
    public string Title { get; set; } = "";

    [BindProperty]
    public string? Scope { get; set; }

    [BindProperty]
    public string? Departments { get; set; }

    [BindProperty]
    public BatchInput Batch { get; set; } = new();

    public string? Error { get; private set; }

    public void OnGet() => Year = ChinaTime.Today(time).Year;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = string.Join("；", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Page();
        }

        try
        {
            var plan = await SamplingService.CreatePlanAsync(db, audit, AuditActor.From(HttpContext), new SamplingPlan
            {
                Year = Year,
                Title = Title.Trim(),
                Scope = Scope?.Trim() ?? "",
                Departments = SamplingService.JoinList(SamplingService.SplitList(Departments)),
                CreatedAt = time.GetUtcNow(),
                CreatedBy = User.Identity?.Name,
            }, Batch.ToBatch(), ct);
            return Redirect($"/Sampling/Plans/Detail?id={plan.Id}");
        }
        catch (SamplingException e)
        {
            Error = e.Message;
            return Page();
        }
    }
}
