using Microsoft.Playwright;

namespace Portal.E2E.Support;

/// <summary>
/// Every page of the portal, per role, on the demo data, which gives each something to show (an opened device
/// with contacts, a maintenance window, reports). The page-wide checks (axe, layout) walk this one list.
/// </summary>
public static class PortalPages
{
    public const string Staff = "staff@centre.example";

    public static readonly string[] Anonymous = ["/account/login", "/account/forgot"];

    /// <summary>The customer pages each demo sign-in can open.</summary>
    public static async Task<Dictionary<string, string[]>> CustomerAsync(PortalServer server)
    {
        var device = await DeviceAsync(server);
        return new Dictionary<string, string[]>
        {
            ["admin@alpha.example"] = ["/", "/menu", device, $"{device}/contacts", $"{device}/site", $"{device}/reapply", "/apply", "/contacts", "/members", "/maintenance", "/maintenance/new", "/reports", "/profile", "/account/password", "/account/email"],
            ["user@alpha.example"] = ["/", device, "/reports", "/profile", "/maintenance"],
        };
    }

    /// <summary>The staff pages, once the reason is given.</summary>
    public static async Task<string[]> StaffAsync(PortalServer server)
    {
        var device = await DeviceAsync(server);
        return ["/staff/devices", "/staff/calls", "/staff/applications", "/staff/audit", device, $"{device.Replace("/devices/", "/staff/devices/", StringComparison.Ordinal)}/record", "/reports"];
    }

    /// <summary>The demo's opened device with contacts and reports.</summary>
    public static async Task<string> DeviceAsync(PortalServer server) =>
        $"/devices/{await server.Database.DeviceIdAsync("alpha-db02")}";

    /// <summary>A page signed in as <paramref name="email"/> (or no one) that shows the portal in <paramref name="culture"/>.</summary>
    public static async Task<IPage> AsAsync(PortalFixture portal, string? email, string culture, ViewportSize? viewport = null)
    {
        var page = await portal.NewPageAsync();
        if (viewport is not null)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }

        if (email is not null)
        {
            await page.SignInAsync(email);
            await page.WaitForCircuitAsync();
        }

        // The culture cookie the language switch writes, without changing the person's saved choice.
        await page.Context.AddCookiesAsync([new Cookie
        {
            Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = portal.Server.BaseUrl.ToString(),
        }]);
        return page;
    }

    /// <summary>Opens a page and waits until it is ready and has stopped loading.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        if (!path.StartsWith("/account/", StringComparison.Ordinal))
        {
            // The account pages have their own layout, without the ready mark.
            await page.WaitForCircuitAsync();
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
