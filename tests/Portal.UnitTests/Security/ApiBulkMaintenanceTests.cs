using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;

namespace Portal.UnitTests.Security;

/// <summary>
/// A change-management tool announces maintenance for 500 devices in one call through the whole portal (its real
/// pipeline, token authentication and rate limits, on a SQLite file): all are stored, or none, with each device
/// that refused named.
/// </summary>
public sealed class ApiBulkMaintenanceTests(PortalApp app) : IClassFixture<PortalApp>
{
    /// <summary>admin@alpha.example's read-write token for SP1000001 and SP1000002, from the demo data.</summary>
    private const string DemoToken = Portal.Infrastructure.Persistence.DemoDataSeeder.DemoApiToken;

    private const int Devices = 500;

    [Fact]
    public async Task FiveHundredWindowsAreAllStoredOrNoneWithTheOneDeviceThatRefusedNamed()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoToken);
        var (ids, blocked, start) = await SeedAsync();

        var refused = await PostAsync(client, ids, start);
        var windowsAfterRefusal = await WindowsAsync(ids);
        var stored = await PostAsync(client, ids, start.AddDays(1));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(("maintenance_overlap", blocked), (error.GetProperty("code").GetString(), error.GetProperty("deviceId").GetGuid()));
        Assert.Equal(1, windowsAfterRefusal);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        using var created = JsonDocument.Parse(await stored.Content.ReadAsStringAsync());
        Assert.Equal(Devices, created.RootElement.GetProperty("created").GetInt32());
        Assert.Equal(Devices + 1, await WindowsAsync(ids));
    }

    [Fact]
    public async Task ARefusalOfTheChosenDevicesNamesTheFieldTheRequestSent()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoToken);

        var none = await PostAsync(client, [], DateTimeOffset.UtcNow.AddDays(5));

        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        using var problem = JsonDocument.Parse(await none.Content.ReadAsStringAsync());
        var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(("no_devices_chosen", "deviceIds"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, IReadOnlyList<Guid> ids, DateTimeOffset start) =>
        client.PostAsync(
            new Uri("/api/v1/maintenance-windows", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { deviceIds = ids, startsAt = start, endsAt = start.AddHours(2), reason = "一斉パッチ適用 (API)" }), Encoding.UTF8, "application/json"));

    /// <summary>500 opened devices of SP1000001, and a window already on the 250th where the first announcement falls.</summary>
    private async Task<(List<Guid> Ids, Guid Blocked, DateTimeOffset Start)> SeedAsync()
    {
        var factory = app.Services.GetRequiredService<IPortalDbContextFactory>();
        var now = DateTimeOffset.UtcNow;
        var start = now.AddDays(5);
        await using var db = factory.Create();
        var account = await db.SupportAccounts.SingleAsync(a => a.SupportId == "SP1000001");
        var admin = await db.UserProfiles.SingleAsync(p => p.Email == "admin@alpha.example");
        var ids = new List<Guid>();
        for (var i = 0; i < Devices; i++)
        {
            var device = new Device(Guid.NewGuid(), account.Id, "N8100-2345", $"BULK{i:00000}", $"E9{i:00000000}", $"bulk-{i:000}", InstallationSite.Empty, Contract.Maintenance(DateOnly.FromDateTime(now.UtcDateTime).AddYears(2)));
            var registration = new ServiceRegistration(Guid.NewGuid(), device.Id);
            Assert.True(registration.Apply(admin.Id, [new ContactChoice(admin.Id, admin.Name, admin.Email, admin.Phone, admin.Affiliation, null)], now.AddDays(-3)).IsOk);
            Assert.True(registration.Accept(KeyCode.NewRandom(), device.Contract.OpeningMethod, null, now.AddDays(-2)).IsOk);
            Assert.True(registration.Open(now.AddDays(-1)).IsOk);
            db.Devices.Add(device);
            db.Registrations.Add(registration);
            ids.Add(device.Id);
        }

        var blocked = ids[249];
        db.MaintenanceWindows.Add(MaintenanceWindow.Schedule(blocked, start.AddHours(1), start.AddHours(3), "先約", admin.Id, now).Value!);
        await db.SaveChangesAsync();
        return (ids, blocked, start);
    }

    private async Task<int> WindowsAsync(List<Guid> ids)
    {
        await using var db = app.Services.GetRequiredService<IPortalDbContextFactory>().Create();
        return await db.MaintenanceWindows.CountAsync(w => ids.Contains(w.DeviceId) && w.CancelledAt == null);
    }
}
