using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Shared;

/// <summary>The base of every paged list page: binds the page number from <see cref="PagerModel.QueryName"/>.</summary>
public abstract class PagedPageModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = PagerModel.QueryName)]
    public int PageNumber { get; set; } = 1;

    /// <summary>The pager for this page's list (the current path and query, filters kept).</summary>
    public PagerModel Pager(int page, int totalPages) => new(page, totalPages, Request.Path, Request.Query);

    /// <summary>Old bookmarks with <c>?page=N</c> still open page N (read by hand: binding sees the route value).</summary>
    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Request.Query.ContainsKey(PagerModel.QueryName)
            && int.TryParse(Request.Query["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var page))
        {
            PageNumber = page;
        }
    }
}
