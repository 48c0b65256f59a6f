namespace Portal.Application.Common;

/// <summary>Japanese first, English second.</summary>
public static class SupportedCultures
{
    public const string Japanese = "ja";
    public const string English = "en";
    public const string Default = Japanese;
    public static readonly IReadOnlyList<string> All = [Japanese, English];

    public static bool IsSupported(string? culture) => culture is not null && All.Contains(culture);
}
