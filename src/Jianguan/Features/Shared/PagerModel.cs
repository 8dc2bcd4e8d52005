using Microsoft.AspNetCore.Http.Extensions;

namespace Jianguan.Features.Shared;

/// <summary>Paging links that keep the current query (filters) and change only <c>page</c>.</summary>
public sealed record PagerModel(int Page, int TotalPages, string Path, IQueryCollection Query)
{
    public string Link(int page)
    {
        var builder = new QueryBuilder();
        foreach (var (key, values) in Query)
        {
            if (!string.Equals(key, "page", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    builder.Add(key, value ?? "");
                }
            }
        }

        builder.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Path + builder.ToQueryString();
    }
}
