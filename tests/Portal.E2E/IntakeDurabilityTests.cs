using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Portal.E2E.Support;

namespace Portal.E2E;

/// <summary>The centre's promise under a crash: a report answered is a report stored.</summary>
public sealed class IntakeDurabilityTests
{
    [Fact]
    public async Task EveryReportAcknowledgedBeforeKill9IsInTheDatabase()
    {
        await using var server = await PortalServer.StartAsync(new Dictionary<string, string> { ["Centre__IntakeTokens__0"] = "kill-token" });
        var device = await server.Database.DeviceAsync("alpha-db01");
        using var client = Gateway.Client(server.BaseUrl, "kill-token", TimeSpan.FromSeconds(10));
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        var senders = Enumerable.Range(0, 16).Select(sender => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = $"kill-{sender}-{n}";
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/centre/reports", IntakeReport.Periodic(device) with { ReportId = id });
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add(id);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the portal is gone
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        })).ToList();

        // Killed mid-run, once enough reports are answered to make the check mean something.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (acknowledged.Count < 300 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await server.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.True(acknowledged.Count >= 300, $"only {acknowledged.Count} reports were answered before the kill");
        var stored = await server.Database.ReceiptsAsync(acknowledged);
        Assert.Equal(acknowledged.Count, stored);
    }
}
