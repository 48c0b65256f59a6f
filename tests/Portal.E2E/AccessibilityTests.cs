using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Portal.E2E.Support;
using Xunit.Abstractions;

namespace Portal.E2E;

/// <summary>
/// axe-core on every page (<see cref="PortalPages"/>), for each role, in both languages: no serious or critical
/// violation.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AccessibilityTests(PortalFixture portal, ITestOutputHelper output)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    private async Task<List<string>> ScanAsync(IPage page, string path)
    {
        await PortalPages.OpenAsync(page, path);
        var result = await page.RunAxe();
        return [.. result.Violations
            .Where(v => Blocking.Contains(v.Impact))
            .Select(v => $"{path}: {v.Impact} {v.Id}: {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")];
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("en")]
    public async Task EveryCustomerPageHasNoSeriousViolation(string culture)
    {
        var violations = new List<string>();
        foreach (var (email, paths) in await PortalPages.CustomerAsync(portal.Server))
        {
            var page = await PortalPages.AsAsync(portal, email, culture);
            foreach (var path in paths)
            {
                violations.AddRange(await ScanAsync(page, path));
            }
        }

        var anonymous = await PortalPages.AsAsync(portal, null, culture);
        foreach (var path in PortalPages.Anonymous)
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
        var page = await PortalPages.AsAsync(portal, PortalPages.Staff, culture);

        // The question asked once per sign-in, then the pages it opens.
        var violations = await ScanAsync(page, "/staff/devices");
        await page.GiveStaffReasonAsync(culture == "ja" ? "アクセシビリティの確認 (E2E)" : "Accessibility check (E2E)", culture);
        foreach (var path in await PortalPages.StaffAsync(portal.Server))
        {
            violations.AddRange(await ScanAsync(page, path));
        }

        violations.ForEach(output.WriteLine);
        Assert.Empty(violations);
    }
}
