using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Clues;

/// <summary>Registers a clue by hand (the monthly report, a complaint, another department's transfer …).</summary>
[Authorize(Policy = CluePolicies.Manage)]
public sealed class CreateModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : PageModel
{
    public sealed class ClueInput
    {
        public ClueSource Source { get; set; } = ClueSource.Transfer;
        public string? SourceId { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public int? DepartmentId { get; set; }
        public string? Firms { get; set; }
        public string? Sections { get; set; }
    }

    [BindProperty]
    public ClueInput Input { get; set; } = new();

    public IReadOnlyList<Organisation> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Units = await ClueQueries.UnitsAsync(db, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var clue = await ClueService.CreateAsync(db, audit, AuditActor.From(HttpContext), Input.Source, Input.SourceId, Input.Title ?? "", time.GetUtcNow(),
                new ClueDetails(Input.Description, Input.DepartmentId, Input.Firms, Input.Sections), ct);
            return Redirect("/Clues/" + clue.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (ClueException e)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", e.Message);
            Units = await ClueQueries.UnitsAsync(db, ct);
            return Page();
        }
    }
}
