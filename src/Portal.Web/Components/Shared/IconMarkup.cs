using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Shared;

/// <summary>
/// MudIcon's markup as one string, for icons in markup written out instead of components (navigation, the
/// dashboard table). Each icon-and-classes pair is made once and shared by every circuit.
/// </summary>
public static class IconMarkup
{
    private static readonly ConcurrentDictionary<(string Svg, string Classes), MarkupString> Made = new();

    /// <param name="svg">A MudBlazor icon (Icons.Material...): the SVG's inner markup.</param>
    /// <param name="classes">MudIcon's size and placement classes.</param>
    public static MarkupString Svg(string svg, string classes) =>
        Made.GetOrAdd((svg, classes), key => new($"<svg class=\"mud-icon-root mud-svg-icon {key.Classes}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{key.Svg}</svg>"));
}
