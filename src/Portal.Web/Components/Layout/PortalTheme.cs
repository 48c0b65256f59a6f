using MudBlazor;

namespace Portal.Web.Components.Layout;

internal static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1a4d8f",
            AppbarBackground = "#1a4d8f",

            // MudBlazor's defaults for these fail WCAG AA contrast (axe's color-contrast) as chip backgrounds,
            // button text and alert text; each of these is at least 5:1 against white.
            Success = "#2e7d32",
            Warning = "#a34700",
            Error = "#c62828",
            Info = "#1565c0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Noto Sans JP", "Hiragino Kaku Gothic ProN", "Meiryo", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
