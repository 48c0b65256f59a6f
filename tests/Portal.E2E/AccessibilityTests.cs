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

    private static async Task<List<string>> ScanAsync(IPage page, string path)
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

    [Fact]
    public async Task EveryControlShowsWhereTheKeyboardFocusIs()
    {
        // Tabs through each page; for each control that takes the focus, compares what is drawn around it with
        // the focus and without it. Nothing changed means a keyboard user cannot see where they are. (The text
        // caret does not count: screenshots hide it.)
        const string Focused = """
            () => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const box = el.getBoundingClientRect();
              const text = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('name') || el.getAttribute('type') || '').trim().slice(0, 30);
              return { name: `${el.tagName.toLowerCase()} "${text}"`, x: box.x, y: box.y, width: box.width, height: box.height };
            }
            """;
        var page = await PortalPages.AsAsync(portal, "admin@alpha.example", "ja");
        var unmarked = new List<string>();
        foreach (var path in new[] { "/", await PortalPages.DeviceAsync(portal.Server), "/apply", "/reports", "/maintenance/new" })
        {
            await PortalPages.OpenAsync(page, path);
            // The focus marks are drawn at once, not animated, so each screenshot shows the finished state.
            await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });
            var seen = 0;
            for (var i = 0; i < 25; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                if (await page.EvaluateAsync<FocusStop?>(Focused) is not { Width: > 0 } stop)
                {
                    continue;
                }

                seen++;
                await page.EvaluateAsync("() => document.activeElement.scrollIntoView({ block: 'center' })");
                stop = (await page.EvaluateAsync<FocusStop?>(Focused))!;
                var around = new Clip { X = Math.Max(0, stop.X - 8), Y = Math.Max(0, stop.Y - 8), Width = stop.Width + 16, Height = stop.Height + 16 };
                var withFocus = await page.ScreenshotAsync(new() { Clip = around });
                await page.EvaluateAsync("() => document.activeElement.blur()");
                var without = await page.ScreenshotAsync(new() { Clip = around });
                if (withFocus.AsSpan().SequenceEqual(without))
                {
                    unmarked.Add($"{path}: {stop.Name}");
                }
            }

            Assert.True(seen > 10, $"{path}: only {seen} focus stops");
        }

        unmarked.ForEach(output.WriteLine);
        Assert.Empty(unmarked);
    }

    private sealed class FocusStop
    {
        public string Name { get; set; } = string.Empty;
        public float X { get; set; }
        public float Y { get; set; }
        public float Width { get; set; }
        public float Height { get; set; }
    }
}
