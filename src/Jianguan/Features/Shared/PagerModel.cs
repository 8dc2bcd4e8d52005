using Microsoft.AspNetCore.Http.Extensions;

namespace Jianguan.Features.Shared;

/// <summary>Paging links that keep the current query (filters) and change only the page number.</summary>
public sealed record PagerModel(int Page, int TotalPages, string Path, IQueryCollection Query)
{
    /// <summary>
    /// The query name of the page number on every paged list. Not <c>page</c>: Razor Pages reserves that as a route
    /// value (the page path), which wins over the query string, so <c>?page=2</c> bound nothing and failed model
    /// validation.
    /// </summary>
    public const string QueryName = "p";

    /// <summary>Rows per page on every paged list.</summary>
    public const int PageSize = 50;

    public static int PageCount(int total) => Math.Max(1, (total + PageSize - 1) / PageSize);

    public string Link(int page)
    {
        var builder = new QueryBuilder();
        foreach (var (key, values) in Query)
        {
            if (!IsPageKey(key))
            {
                foreach (var value in values)
                {
                    builder.Add(key, value ?? "");
                }
            }
        }

        builder.Add(QueryName, page.ToString(CultureInfo.InvariantCulture));
        return Path + builder.ToQueryString();
    }

    /// <summary>The page number key, or the old <c>page</c> one (links from before the rename).</summary>
    public static bool IsPageKey(string key) =>
        string.Equals(key, QueryName, StringComparison.OrdinalIgnoreCase) || string.Equals(key, "page", StringComparison.OrdinalIgnoreCase);
}
