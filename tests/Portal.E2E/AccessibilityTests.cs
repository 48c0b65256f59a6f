using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Portal.E2E.Support;
using Xunit.Abstractions;

namespace Portal.E2E;

/// <summary>
/// axe-core on every page, for each role, in both languages: no serious or critical violation. The demo data
/// gives every page something to show (an opened device with contacts, a maintenance window, reports).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AccessibilityTests(PortalFixture portal, ITestOutputHelper output)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    private async Task<IPage> AsAsync(string? email, string culture)
    {
        var page = await portal.NewPageAsync();
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

    private async Task<List<string>> ScanAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        if (!path.StartsWith("/account/", StringComparison.Ordinal))
        {
            // The account pages have their own layout, without the ready mark.
            await page.WaitForCircuitAsync();
        }

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var result = await page.RunAxe();
        return [.. result.Violations
            .Where(v => Blocking.Contains(v.Impact))
            .Select(v => $"{path}: {v.Impact} {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")];
    }

    private async Task<string> DeviceUrlAsync(string host) =>
        $"/devices/{await portal.Server.QueryAsync<string>("SELECT Id FROM Devices WHERE HostName = $h", ("$h", host))}";

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public async Task EveryCustomerPageHasNoSeriousViolation(string culture)
    {
        var device = await DeviceUrlAsync("alpha-db02");
        var pages = new Dictionary<string, string[]>
        {
            ["admin@alpha.example"] = ["/", device, $"{device}/contacts", $"{device}/site", $"{device}/reapply", "/apply", "/contacts", "/members", "/maintenance", "/maintenance/new", "/reports", "/profile", "/account/password", "/account/email"],
            ["user@alpha.example"] = ["/", device, "/reports", "/profile", "/maintenance"],
        };
        var violations = new List<string>();
        foreach (var (email, paths) in pages)
        {
            var page = await AsAsync(email, culture);
            foreach (var path in paths)
            {
                violations.AddRange(await ScanAsync(page, path));
            }
        }

        var anonymous = await AsAsync(null, culture);
        foreach (var path in new[] { "/account/login", "/account/forgot" })
        {
            violations.AddRange(await ScanAsync(anonymous, path));
        }

        violations.ForEach(output.WriteLine);
        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public async Task EveryStaffPageHasNoSeriousViolationBeforeAndAfterTheReasonIsGiven(string culture)
    {
        var device = await DeviceUrlAsync("alpha-db02");
        var page = await AsAsync("staff@centre.example", culture);

        // The question asked once per sign-in, then the pages it opens.
        var violations = await ScanAsync(page, "/staff/devices");
        await page.GiveStaffReasonAsync(culture == "ja" ? "アクセシビリティの確認 (E2E)" : "Accessibility check (E2E)", culture);
        foreach (var path in new[] { "/staff/devices", "/staff/calls", "/staff/applications", "/staff/audit", device, $"{device.Replace("/devices/", "/staff/devices/", StringComparison.Ordinal)}/record", "/reports" })
        {
            violations.AddRange(await ScanAsync(page, path));
        }

        violations.ForEach(output.WriteLine);
        Assert.Empty(violations);
    }
}
