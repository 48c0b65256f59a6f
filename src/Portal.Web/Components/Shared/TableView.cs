namespace Portal.Web.Components.Shared;

/// <summary>
/// What a plain-markup table shows of its rows: filtered, sorted by one column, one page of them. MudTable does
/// this with about sixty components (toolbar, sort labels, pager, selects, one per row); a dashboard left open
/// keeps every one of them in the circuit, so the dashboard renders markup and keeps its state here.
/// </summary>
public sealed class TableView<T>(IReadOnlyList<T> rows, Func<T, string, bool> matches, IReadOnlyDictionary<string, Func<T, IComparable>> sortKeys)
{
    public static readonly int[] PageSizes = [25, 50, 100];

    private string _search = string.Empty;

    public string Search
    {
        get => _search;
        set
        {
            _search = value ?? string.Empty;
            Page = 0;
        }
    }

    /// <summary>The column sorted by (a key of the sort keys), or null for the rows' own order.</summary>
    public string? SortColumn { get; private set; }

    public bool Descending { get; private set; }

    /// <summary>Zero-based; kept within the pages there are.</summary>
    public int Page { get; private set; }

    public int PageSize { get; private set; } = PageSizes[0];

    public IReadOnlyList<string> SortColumns => [.. sortKeys.Keys];

    /// <summary>The rows that match the search, in the chosen order.</summary>
    public IReadOnlyList<T> Matching
    {
        get
        {
            var term = _search.Trim();
            var matching = term.Length == 0 ? rows : rows.Where(row => matches(row, term));
            if (SortColumn is { } column)
            {
                var key = sortKeys[column];
                matching = Descending ? matching.OrderByDescending(key) : matching.OrderBy(key);
            }

            return [.. matching];
        }
    }

    /// <summary>The shown page of <paramref name="matching"/>: its rows and the 1-based positions of the first and last.</summary>
    public (IReadOnlyList<T> Rows, int First, int Last) PageOf(IReadOnlyList<T> matching)
    {
        Page = Math.Clamp(Page, 0, LastPage(matching.Count));
        var shown = matching.Skip(Page * PageSize).Take(PageSize).ToList();
        return (shown, shown.Count == 0 ? 0 : (Page * PageSize) + 1, (Page * PageSize) + shown.Count);
    }

    /// <summary>Ascending first, then descending, then the rows' own order, as MudTable's sort labels cycle.</summary>
    public void ToggleSort(string column)
    {
        if (SortColumn != column)
        {
            (SortColumn, Descending) = (column, false);
        }
        else if (!Descending)
        {
            Descending = true;
        }
        else
        {
            (SortColumn, Descending) = (null, false);
        }
    }

    public void SortBy(string? column, bool descending)
    {
        SortColumn = column is not null && sortKeys.ContainsKey(column) ? column : null;
        Descending = SortColumn is not null && descending;
    }

    /// <summary>The column's aria-sort value.</summary>
    public string SortState(string column) => SortColumn != column ? "none" : Descending ? "descending" : "ascending";

    public void SetPageSize(int size)
    {
        if (PageSizes.Contains(size))
        {
            (PageSize, Page) = (size, 0);
        }
    }

    public void GoTo(int page, int matchingCount) => Page = Math.Clamp(page, 0, LastPage(matchingCount));

    public int LastPage(int matchingCount) => Math.Max(0, (matchingCount - 1) / PageSize);
}
