using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Trading.Projects;

[Authorize(Policy = Policies.TradingRead)]
[OversightQuery]
public sealed class DetailModel(JianguanDbContext db, CurrentDataScope scope) : PageModel
{
    public ProjectDetail Project { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await TradingQueries.GetProjectAsync(db, await scope.GetAsync(ct), id, ct) is not { } project)
        {
            return NotFound();
        }

        Project = project;
        return Page();
    }
}
