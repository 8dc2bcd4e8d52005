using System.Linq.Expressions;

namespace Jianguan.Features.Shared.Paging;

/// <summary>
/// The rows of one page (1-based, <see cref="PagerModel.PageSize"/> rows) of an ordered query or list: the one place
/// every paged list and API takes its page. (A namespace of its own so that it can be a global using without bringing
/// the other shared types into every file.)
/// </summary>
public static class PagingExtensions
{
    public static IQueryable<T> PageAt<T>(this IQueryable<T> rows, int page) =>
        rows.Skip((page - 1) * PagerModel.PageSize).Take(PagerModel.PageSize);

    public static IEnumerable<T> PageAt<T>(this IEnumerable<T> rows, int page) =>
        rows.Skip((page - 1) * PagerModel.PageSize).Take(PagerModel.PageSize);

    /// <summary>
    /// One page of rows newest first by a nullable instant, the undated ones last, ties and undated rows by id
    /// descending: the rows of ordering by (at is null, at descending, id descending), read as the dated rows in index
    /// order and then the undated ones. Ordering by the expression "is null" cannot use an index, so at 100 k rows the
    /// database sorted all of them for every page (issue 16). A second query is needed only past the dated rows.
    /// </summary>
    public static async Task<List<TResult>> NewestFirstPageAsync<T, TResult>(this IQueryable<T> rows,
        Expression<Func<T, DateTimeOffset?>> at, Expression<Func<T, long>> id, int page,
        Func<IQueryable<T>, IQueryable<TResult>> select, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(select);
        var none = Expression.Constant(null, typeof(DateTimeOffset?));
        var dated = rows.Where(Expression.Lambda<Func<T, bool>>(Expression.NotEqual(at.Body, none), at.Parameters));
        var undated = rows.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(at.Body, none), at.Parameters));
        var skip = (page - 1) * PagerModel.PageSize;
        var result = await select(dated.OrderByDescending(at).ThenByDescending(id).Skip(skip).Take(PagerModel.PageSize)).ToListAsync(ct);
        if (result.Count < PagerModel.PageSize)
        {
            // The page reaches past the dated rows: the undated ones follow, from their start when the page holds dated rows.
            var offset = result.Count > 0 ? 0 : Math.Max(0, skip - await dated.CountAsync(ct));
            result.AddRange(await select(undated.OrderByDescending(id).Skip(offset).Take(PagerModel.PageSize - result.Count)).ToListAsync(ct));
        }

        return result;
    }
}
