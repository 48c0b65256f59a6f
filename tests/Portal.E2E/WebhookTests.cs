using System.Net;
using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// Webhooks as an administrator sets them up in a real browser, delivered by the real portal to a receiver on
/// loopback that checks every signature with the StandardWebhooks library.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookTests(WebhookFixture portal)
{
    [Fact]
    public async Task AnAdministratorAddsAnEndpointTestsItAndAFailureReachesItSignedOnceAfterTwo500s()
    {
        var receiver = portal.Receiver;
        var page = await portal.NewPageAsync();
        await page.SignInAsync("admin@alpha.example");
        await page.GotoAsync("/members");
        await page.WaitForCircuitAsync();
        var section = page.Locator("[data-testid=webhooks]").First;

        // A cloud metadata address is refused with the reason, and what was typed stays.
        await section.Locator("[data-testid=webhook-name]").FillAsync("運用チャット (E2E)");
        await section.Locator("[data-testid=webhook-url]").FillAsync("https://169.254.169.254/latest/meta-data/");
        await section.Locator("[data-testid=webhook-add]").ClickAsync();
        await Expect(section.Locator("[data-testid=webhooks-message]")).ToContainTextAsync("プライベート");
        await Expect(section.Locator("[data-testid=webhook-name]")).ToHaveValueAsync("運用チャット (E2E)");

        await section.Locator("[data-testid=webhook-url]").FillAsync(new Uri(receiver.Url, "alerts").ToString());
        await section.Locator("[data-testid=webhook-add]").ClickAsync();
        var secret = await section.Locator("[data-testid=webhook-secret]").TextContentAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        receiver.Secret = secret;

        var endpoint = section.Locator("[data-testid=webhook]", new() { HasText = "運用チャット (E2E)" });
        await endpoint.Locator("[data-testid=webhook-test]").ClickAsync();
        var test = Assert.Single(await receiver.WaitForAsync(r => r.Any(p => p.Type == "test"), TimeSpan.FromSeconds(20)));
        Assert.True(test.Verified, "the test event's signature checks out");
        Assert.Equal("/alerts", test.Path);

        // A failure on an opened device of the support ID: two 500s, then taken, always under the same webhook-id.
        receiver.FailNext(2);
        var model = await portal.Server.QueryAsync<string>("SELECT ModelNumber FROM Devices WHERE HostName = 'alpha-db01'");
        var serial = await portal.Server.QueryAsync<string>("SELECT SerialNumber FROM Devices WHERE HostName = 'alpha-db01'");
        using (var client = new HttpClient { BaseAddress = portal.Server.BaseUrl })
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", "demo-intake-token");
            using var sent = await client.PostReportAsync(Gateway.Failure(model, serial, "power", "PSU-0913", "PSU#1 <E2E> & *bold*"));
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var posts = (await receiver.WaitForAsync(r => r.Any(p => p.Type == "failure.recorded" && p.Status == 204), TimeSpan.FromSeconds(30)))
            .Where(p => p.Type == "failure.recorded").ToList();
        Assert.Equal([500, 500, 204], posts.Select(p => p.Status));
        Assert.Single(posts.Select(p => p.Id).Distinct());
        Assert.All(posts, p => Assert.True(p.Verified, "every try is signed"));
        Assert.Contains("PSU#1 <E2E> & *bold*", System.Text.Json.JsonDocument.Parse(posts[^1].Body).RootElement.GetProperty("data").GetProperty("failure").GetProperty("message").GetString(), StringComparison.Ordinal);

        // The delivery log shows both deliveries taken, the failure after three tries.
        // The receiver's answer lands in the log a moment after it was given, so the page is refreshed until it shows.
        var failure = endpoint.Locator("[data-testid=webhook-delivery][data-event='failure.recorded'][data-state=Delivered]");
        for (var i = 0; i < 20 && await failure.CountAsync() == 0; i++)
        {
            await section.Locator("[data-testid=webhooks-refresh]").ClickAsync();
            await Task.Delay(250);
        }

        await Expect(endpoint.Locator("[data-testid=webhook-delivery][data-event='test'][data-state=Delivered]")).ToHaveCountAsync(1);
        await Expect(failure).ToHaveCountAsync(1);
        await Expect(failure).ToContainTextAsync("204");
        await Expect(failure).ToContainTextAsync("3");
    }
}
