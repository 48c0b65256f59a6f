using Microsoft.Playwright;

namespace Portal.Bench;

/// <summary>
/// Server memory per idle signed-in Blazor circuit: real Chromium pages (Playwright) sign in through the sign-in
/// form and stay on a device page (the dashboard is static and holds none); the portal runs in this process, so its managed heap is read directly after a
/// forced, compacting full collection before and after the pages open.
/// </summary>
public static class CircuitScenario
{
    private static readonly string[] People = ["admin@alpha.example", "deputy@alpha.example", "admin@beta.example", "ops@alpha.example"];

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var folder = Directory.CreateTempSubdirectory("portal-bench-circuits-").FullName;
        try
        {
            // An empty database: the Development environment seeds the demo customers and their sign-ins.
            await using var portal = BenchPortal.Start(folder, new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "10000" });
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Portal.E2E.Support.Chromium.LaunchAsync(playwright);

            // Two pages first, left open: JIT, caches and the first circuit's shared state belong to the baseline.
            for (var i = 0; i < 2; i++)
            {
                await OpenDevicePageAsync(browser, portal.Address, People[i % People.Length]);
            }

            var baseline = SettledHeap();
            var before = portal.OpenCircuits;
            for (var i = 0; i < options.Circuits; i++)
            {
                await OpenDevicePageAsync(browser, portal.Address, People[i % People.Length]);
            }

            await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 1 : 5));
            var opened = portal.OpenCircuits - before;
            var after = SettledHeap();
            if (opened != options.Circuits)
            {
                throw new BenchCheckFailedException($"{options.Circuits} pages opened but the portal counts {opened} new circuits");
            }

            var perCircuit = (after - baseline) / 1024.0 / opened;
            log.WriteLine($"   {opened} circuits on a device page; managed heap {baseline / 1048576.0:F1} MB -> {after / 1048576.0:F1} MB");
            return
            [
                new("circuits", "idle signed-in circuits", opened, ""),
                Measurement.AtMost("circuits", "server memory per circuit", perCircuit, "KB", 500),
            ];
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task OpenDevicePageAsync(IBrowser browser, Uri address, string email)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(BenchPortal.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(address, "/").ToString());

        // The dashboard is static (no circuit); the device page is the most-used interactive one.
        var device = await page.Locator("[data-testid=device-table] tbody a").First.GetAttributeAsync("href");
        await page.GotoAsync(device!);
        await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>The live managed heap after a forced, blocking, compacting full collection (and the finalizers it queued).</summary>
    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
