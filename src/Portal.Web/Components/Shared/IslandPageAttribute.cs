namespace Portal.Web.Components.Shared;

/// <summary>
/// A static page whose interactive island brings its own MudBlazor providers and ready mark: the layout renders
/// neither. (Two popover providers on one page fail; a static one cannot serve the island's popovers.)
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class IslandPageAttribute : Attribute;
