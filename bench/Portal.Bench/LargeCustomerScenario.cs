using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Applications;
using Portal.Application.Features.Staff;

namespace Portal.Bench;

/// <summary>
/// One customer with 20,000 servers: the dashboard's server time at p95 for the pages a person moves through (the
/// first page, a deep page, a sort, a search, a status, heartbeat or mark filter), signed in through the real form in Chromium and
/// timed as plain GETs on that browser's session. Then, on the same database, the application wizard's device
/// picker (the half not yet applied for) and the staff search for that customer's devices, each as its handler
/// answers a page's call. The devices go in through the portal's own EF model.
/// </summary>
public static class LargeCustomerScenario
{
    private const string SupportId = "SP1000001";

    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchOptions options, TextWriter log)
    {
        var devices = options.DevicesOr(20_000, 300);
        var folder = Directory.CreateTempSubdirectory("portal-bench-large-").FullName;
        try
        {
            // An empty database: the Development environment seeds the demo customers; admin@alpha gets the devices.
            await using var portal = BenchPortal.Start(folder, new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "10000" });
            var seeding = Stopwatch.StartNew();
            await AddDevicesAsync(portal.Services.GetRequiredService<IPortalDbContextFactory>(), devices);
            log.WriteLine($"   {devices:N0} devices added to {SupportId} in {seeding.Elapsed.TotalSeconds:F0} s");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Portal.E2E.Support.Chromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.Address.ToString() });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.GetByLabel("メールアドレス").FillAsync("admin@alpha.example");
            await page.GetByLabel("パスワード").FillAsync(BenchPortal.DemoPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
            await page.WaitForURLAsync(new Uri(portal.Address, "/").ToString());

            var lastPage = (devices / 25) + 1;
            (string Name, string Path)[] views =
            [
                ("first page", "/"),
                ("a deep page", $"/?page={lastPage / 2}"),
                ("sorted by host name, descending", "/?sort=HostName&desc=true"),
                ("searched", "/?q=big-01234"),
                ("one status", "/?status=NotApplied&page=3"),
                ("one heartbeat state", "/?heartbeat=OnTime&page=3"),
                ("one attention mark", "/?mark=ContractExpiring&page=3"),
            ];
            var rounds = options.Smoke ? 3 : 40;
            var measurements = new List<Measurement>();
            foreach (var (name, path) in views)
            {
                var latencies = new Latencies();
                for (var i = 0; i < rounds + 3; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var response = await context.APIRequest.GetAsync(path);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (response.Status != 200 || !(await response.TextAsync()).Contains("data-testid=\"device-table\"", StringComparison.Ordinal))
                    {
                        throw new BenchCheckFailedException($"GET {path} answered {response.Status} without the device table");
                    }

                    // The first three warm the query plans and the JIT.
                    if (i >= 3)
                    {
                        latencies.Add(elapsed);
                    }
                }

                measurements.Add(Measurement.AtMost("large", $"dashboard p95, {name}", latencies.Percentile(95), "ms", 300));
            }

            measurements.AddRange(await PickerAndStaffSearchAsync(portal.Services.GetRequiredService<IPortalDbContextFactory>(), devices, rounds));
            measurements.AddRange(await ApiDeviceListAsync(portal.Address, devices, rounds));

            // The layout marks a static page ready at once and an interactive one once its circuit is up.
            await page.GotoAsync("/");
            await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Task.Delay(500);
            var circuits = portal.OpenCircuits;
            measurements.Add(Measurement.AtMost("large", "dashboard circuits open", circuits, "", 0));
            return measurements;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The customer API's device list through the demo's personal access token (admin@alpha.example's), as a script
    /// pages through it: the first page, a deep page and a mark filter, each with heartbeats and marks.
    /// </summary>
    private static async Task<IReadOnlyList<Measurement>> ApiDeviceListAsync(Uri address, int devices, int rounds)
    {
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Portal.Infrastructure.Persistence.DemoDataSeeder.DemoApiToken);
        (string Name, string Path)[] calls =
        [
            ("first page", "/api/v1/devices?pageSize=100"),
            ("a deep page", $"/api/v1/devices?pageSize=100&after={Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new[] { SupportId, $"E{500_000_000 + (devices / 2):D9}" }))}"),
            ("one mark", "/api/v1/devices?pageSize=100&mark=contractExpiring"),
        ];
        var measurements = new List<Measurement>();
        foreach (var (name, path) in calls)
        {
            var latencies = await Latencies.MeasureAsync(rounds, warmup: 3, operation: async _ =>
            {
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode || !body.Contains("\"heartbeat\"", StringComparison.Ordinal))
                {
                    throw new BenchCheckFailedException($"GET {path} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
                }
            });
            measurements.Add(Measurement.AtMost("large", $"API device list p95, 100 a page, {name}", latencies.Percentile(95), "ms", 50));
        }

        return measurements;
    }

    private static async Task<IReadOnlyList<Measurement>> PickerAndStaffSearchAsync(IPortalDbContextFactory factory, int devices, int rounds)
    {
        Guid administrator, staff, account;
        var session = Guid.NewGuid().ToString("N");
        await using (var db = factory.Create())
        {
            administrator = await db.UserProfiles.Where(p => p.Email == "admin@alpha.example").Select(p => p.Id).SingleAsync();
            staff = await db.UserProfiles.Where(p => p.Email == "staff@centre.example").Select(p => p.Id).SingleAsync();
            account = await db.SupportAccounts.Where(a => a.SupportId == SupportId).Select(a => a.Id).SingleAsync();

            // Staff search customer data only once the sign-in's reason is given, as in the portal.
            db.StaffAccessReasons.Add(new StaffAccessReason(session, staff, "bench", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var picker = new ListApplicableDevicesHandler(factory, new BenchUser { Actor = new Actor(administrator, "bench admin", IsStaff: false) }, TimeProvider.System);
        var lastPage = devices / ListPage<DeviceOption>.DefaultPageSize;
        var pickerLatencies = await Latencies.MeasureAsync(rounds * 3, warmup: 9, operation: async i =>
        {
            var query = (i % 3) switch
            {
                0 => new ListApplicableDevicesQuery(account),
                1 => new ListApplicableDevicesQuery(account, Page: lastPage / 2),
                _ => new ListApplicableDevicesQuery(account, Search: $"big-{i * 37 % devices:D5}"[..8]),   // ten or so devices
            };
            var page = (await picker.HandleAsync(query)).Value;
            if (page is null || page.Rows.Count == 0 || (i % 3 == 0 && page.Matching < devices / 2))
            {
                throw new BenchCheckFailedException($"the device picker answered {page?.Rows.Count ?? -1} rows of {page?.Matching ?? -1} for {query}");
            }
        });

        var search = new SearchDevicesHandler(factory, new BenchUser { Actor = new Actor(staff, "bench staff", IsStaff: true, SessionId: session) }, TimeProvider.System);
        var searchLatencies = await Latencies.MeasureAsync(rounds * 4, warmup: 12, operation: async i =>
        {
            var device = (i * 7919) % devices;
            var term = (i % 4) switch
            {
                0 => $"{8_000_000 + device}",   // a serial number, exactly
                1 => SupportId,                 // the customer's support ID: 20,000 devices match
                2 => "アルファ",                 // part of the customer's name
                _ => $"big-{device:D5}"[..7],   // a host name prefix
            };
            var rows = (await search.HandleAsync(new SearchDevicesQuery(term))).Value;
            if (rows is null || rows.Count == 0)
            {
                throw new BenchCheckFailedException($"the staff search for {term} found nothing");
            }
        });

        // The console's overview counts every device per heartbeat state and mark; a count's link lists those devices.
        var overview = new GetAttentionOverviewHandler(factory, new BenchUser { Actor = new Actor(staff, "bench staff", IsStaff: true, SessionId: session) }, TimeProvider.System);
        AttentionOverview? counted = null;
        var overviewLatencies = await Latencies.MeasureAsync(rounds, warmup: 3, operation: async i =>
        {
            counted = (await overview.HandleAsync(new())).Value;
            if (counted is null || counted.Marks[AttentionMark.ContractExpiring] < devices / 10 || counted.Heartbeats[HeartbeatState.OnTime] < devices / 2)
            {
                throw new BenchCheckFailedException("the staff overview did not count the bench's marked devices");
            }
        });
        var markedLatencies = await Latencies.MeasureAsync(rounds * 2, warmup: 6, operation: async i =>
        {
            var (query, matching) = i % 2 == 0
                ? (new SearchDevicesQuery(null, Mark: AttentionMark.ContractExpiring), counted!.Marks[AttentionMark.ContractExpiring])
                : (new SearchDevicesQuery(null, Heartbeat: HeartbeatState.OnTime), counted!.Heartbeats[HeartbeatState.OnTime]);

            // The console lists the overview's count, up to its page size (the smoke run's 300 devices mark 30).
            var rows = (await search.HandleAsync(query)).Value;
            if (rows is null || rows.Count != Math.Min(matching, SearchDevicesHandler.MaxResults))
            {
                throw new BenchCheckFailedException($"the staff console listed {rows?.Count ?? -1} devices for {query}");
            }
        });

        return
        [
            Measurement.AtMost("large", "device picker p95 (first page, deep page, search)", pickerLatencies.Percentile(95), "ms", 300),
            Measurement.AtMost("large", "staff search p95 (serial, support ID, name part, host prefix)", searchLatencies.Percentile(95), "ms", 300),
            Measurement.AtMost("large", "staff overview p95 (every device per heartbeat state and mark)", overviewLatencies.Percentile(95), "ms", 1000),
            Measurement.AtMost("large", "staff console p95, one mark or heartbeat state across customers", markedLatencies.Percentile(95), "ms", 300),
        ];
    }

    /// <summary>
    /// Half the devices are opened with the administrator and the deputy as contacts, and one in ten has a contract
    /// ending within 60 days: the dashboard's marks and filters and the staff overview work on rows that have them.
    /// </summary>
    private static async Task AddDevicesAsync(IPortalDbContextFactory factory, int count)
    {
        await using var db = factory.Create();
        var account = await db.SupportAccounts.SingleAsync(a => a.SupportId == SupportId);
        var people = await db.UserProfiles.Where(p => p.Email == "admin@alpha.example" || p.Email == "deputy@alpha.example").OrderBy(p => p.Email).ToListAsync();
        var staff = await db.UserProfiles.Where(p => p.Email == "staff@centre.example").Select(p => p.Id).SingleAsync();
        var contacts = people.Select(p => new ContactChoice(p.Id, p.Name, p.Email, p.Phone, p.Affiliation, null)).ToList();
        var now = DateTimeOffset.UtcNow;
        var lasting = Contract.Maintenance(new DateOnly(2030, 3, 31));
        var ending = Contract.Maintenance(JapanTime.DateOf(now).AddDays(30));
        for (var i = 0; i < count; i++)
        {
            var device = new Device(Guid.NewGuid(), account.Id, $"N8100-{2300 + (i % 20)}", $"{8_000_000 + i}", $"E{500_000_000 + i:D9}", $"big-{i:D5}", InstallationSite.Empty, i % 10 == 0 ? ending : lasting);
            db.Devices.Add(device);
            var registration = new ServiceRegistration(Guid.NewGuid(), device.Id);
            if (i % 2 == 1)
            {
                Check(registration.Apply(people[0].Id, contacts, now.AddDays(-3)));
                Check(registration.Accept(KeyCode.NewRandom(), device.Contract.OpeningMethod, staff, now.AddDays(-2)));
                Check(registration.Open(now.AddDays(-1)));
            }

            db.Registrations.Add(registration);
        }

        await db.SaveChangesAsync();
    }

    private static void Check(Result result)
    {
        if (!result.IsOk)
        {
            throw new BenchCheckFailedException($"a bench device could not be set up: {result.Errors[0].Code}");
        }
    }
}
