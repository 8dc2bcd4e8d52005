using Jianguan.Data;
using Jianguan.Features.Trading;
using Jianguan.Platform.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Pages.Trading.Sections;

[Authorize(Policy = Policies.TradingRead)]
public sealed class DetailModel(JianguanDbContext db) : PageModel
{
    public SectionDetail Section { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await TradingQueries.GetSectionAsync(db, id, ct) is not { } section)
        {
            return NotFound();
        }

        Section = section;
        return Page();
    }
}
