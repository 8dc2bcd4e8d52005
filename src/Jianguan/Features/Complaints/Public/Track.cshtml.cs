using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Complaints.Public;

/// <summary>
/// Receipt code → state and due date, nothing else. A wrong code gets the same neutral message whatever the
/// reason; the code is posted (never in the address) and the posts are rate-limited like login posts.
/// </summary>
[Authorize(Policy = Policies.Public)]
public sealed class TrackModel(JianguanDbContext db) : PageModel
{
    public const string NotFoundMessage = "未查到与该查询码对应的事项，请核对查询码后重试。";

    [BindProperty]
    public string? Code { get; set; }

    public ComplaintQueries.TrackResult? Result { get; private set; }

    public bool Searched { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Searched = true;
        Result = await ComplaintQueries.TrackAsync(db, Code, ct);
        Code = null;
        return Page();
    }
}
