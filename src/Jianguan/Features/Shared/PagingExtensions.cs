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
}
