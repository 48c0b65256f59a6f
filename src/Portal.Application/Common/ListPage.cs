using Microsoft.EntityFrameworkCore;

namespace Portal.Application.Common;

/// <summary>One page of a list the database searched, counted and paged.</summary>
/// <param name="Matching">Rows on every page.</param>
/// <param name="Page">Zero-based.</param>
public sealed record ListPage<T>(IReadOnlyList<T> Rows, int Matching, int Page, int PageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public int LastPage => Matching == 0 ? 0 : (Matching - 1) / PageSize;

    /// <summary>
    /// Counts <paramref name="query"/>, then reads the asked page of it in <paramref name="order"/> (a page past the
    /// last one is the last one), and maps its rows.
    /// </summary>
    public static async Task<ListPage<T>> ReadAsync<TSource>(
        IQueryable<TSource> query,
        Func<IQueryable<TSource>, IOrderedQueryable<TSource>> order,
        int page,
        int pageSize,
        Func<TSource, T> map,
        CancellationToken cancellationToken)
        where TSource : class
    {
        var count = await query.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var at = Math.Clamp(page, 0, count == 0 ? 0 : (count - 1) / size);
        var rows = await order(query).Skip(at * size).Take(size).AsNoTracking().ToListAsync(cancellationToken);
        return new ListPage<T>([.. rows.Select(map)], count, at, size);
    }
}
