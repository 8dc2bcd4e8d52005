using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Sampling.Draws;

[Authorize(Policy = Policies.SamplingRead)]
public sealed class PrintModel(JianguanDbContext db) : PageModel
{
    public SamplingDraw? Draw { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Draw = await DetailModel.FindAsync(db, id, ct);
        return Draw is null ? NotFound() : Page();
    }
}
