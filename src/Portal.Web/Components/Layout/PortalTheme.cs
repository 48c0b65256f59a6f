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
