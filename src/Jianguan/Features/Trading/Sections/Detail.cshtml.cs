using Jianguan.Platform.Scopes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Trading.Sections;

[Authorize(Policy = Policies.TradingRead)]
[OversightQuery]
public sealed class DetailModel(JianguanDbContext db, CurrentDataScope scope) : PageModel
{
    public SectionDetail Section { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await TradingQueries.GetSectionAsync(db, await scope.GetAsync(ct), id, ct) is not { } section)
        {
            return NotFound();
        }

        Section = section;
        return Page();
    }
}
