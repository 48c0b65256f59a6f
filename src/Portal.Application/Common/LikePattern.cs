namespace Portal.Application.Common;

/// <summary>A search term as SQL LIKE matches it literally, anywhere in a value: its own %, _ and [ (SQL Server) are not wildcards.</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string term) => "%" + Literal(term) + "%";

    /// <summary>The term at the start of a value.</summary>
    public static string StartingWith(string term) => Literal(term) + "%";

    private static string Literal(string term) =>
        term.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal)
            .Replace("[", Escape + "[", StringComparison.Ordinal);
}
