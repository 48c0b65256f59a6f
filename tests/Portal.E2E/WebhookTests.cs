using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// Webhooks as an administrator sets them up in a real browser, delivered by the real portal to a receiver on
/// loopback that checks every signature with the StandardWebhooks library; Teams cards checked by Microsoft's
/// Adaptive Cards library, Slack messages against Block Kit's documented shape.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookTests(WebhookFixture portal)
{
    [Fact]
    public async Task AnAdministratorAddsEndpointsTestsOneAndAFailureReachesEachSignedOnceTheStandardOneAfterTwo500s()
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

        await AddAsync(section, "運用チャット (E2E)", "/alerts", format: null);
        await AddAsync(section, "Teams (E2E)", "/teams", "Microsoft Teams");
        await AddAsync(section, "Slack (E2E)", "/slack", "Slack");

        var endpoint = section.Locator("[data-testid=webhook]", new() { HasText = "運用チャット (E2E)" });
        await endpoint.Locator("[data-testid=webhook-test]").ClickAsync();
        var test = Assert.Single(await receiver.WaitForAsync(r => r.Any(p => p.Path == "/alerts"), TimeSpan.FromSeconds(20)));
        Assert.Equal("test", test.Type);
        Assert.True(test.Verified, "the test event's signature checks out");

        // A failure on an opened device of the support ID: the standard endpoint answers 500 twice, then takes it,
        // always under the same webhook-id; the chat endpoints take theirs at once.
        receiver.FailNext(2, "/alerts");
        var device = await portal.Database.DeviceAsync("alpha-db01");
        using (var sent = await portal.Server.SendReportAsync(IntakeReport.Failure(device, "power", "PSU-0913", "PSU#1 <E2E> & *bold* [link](https://evil.example)")))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var received = await receiver.WaitForAsync(r => r.Any(p => p.Path == "/alerts" && p.Status == 204 && p.Type == "failure.recorded") && r.Any(p => p.Path == "/teams") && r.Any(p => p.Path == "/slack"), TimeSpan.FromSeconds(30));
        var posts = received.Where(p => p.Path == "/alerts" && p.Type == "failure.recorded").ToList();
        Assert.Equal([500, 500, 204], posts.Select(p => p.Status));
        Assert.Single(posts.Select(p => p.Id).Distinct());
        Assert.All(received, p => Assert.True(p.Verified, $"every try to {p.Path} is signed with its endpoint's secret"));
        Assert.Equal("PSU#1 <E2E> & *bold* [link](https://evil.example)", JsonDocument.Parse(posts[^1].Body).RootElement.GetProperty("data").GetProperty("failure").GetProperty("message").GetString());

        // Teams: one Adaptive Card that Microsoft's library parses without a complaint, in Japanese.
        var teams = Assert.Single(received, p => p.Path == "/teams").Body;
        using var checkedCard = JsonDocument.Parse(await ValidateTeamsCardAsync(teams));
        Assert.Equal(("1.4", 0), (checkedCard.RootElement.GetProperty("version").GetString(), checkedCard.RootElement.GetProperty("problems").GetArrayLength()));
        Assert.Contains("障害通報を受信しました", teams, StringComparison.Ordinal);
        Assert.Contains(@"\\[link\\]\\(https://evil\\.example\\)", teams, StringComparison.Ordinal);

        // Slack: an incoming webhook's text and Block Kit blocks, every text plain (nothing the device sent is markup).
        using var slack = JsonDocument.Parse(Assert.Single(received, p => p.Path == "/slack").Body);
        Assert.Equal("障害通報を受信しました", slack.RootElement.GetProperty("text").GetString());
        var blocks = slack.RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "section", "actions"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.InRange(blocks[1].GetProperty("fields").GetArrayLength(), 1, 10);
        Assert.All(blocks[1].GetProperty("fields").EnumerateArray().Append(blocks[0].GetProperty("text")).Append(blocks[2].GetProperty("text")), t => Assert.Equal("plain_text", t.GetProperty("type").GetString()));
        Assert.Equal("PSU#1 <E2E> & *bold* [link](https://evil.example)", blocks[2].GetProperty("text").GetProperty("text").GetString());
        Assert.StartsWith(portal.Server.BaseUrl + "devices/", blocks[3].GetProperty("elements")[0].GetProperty("url").GetString(), StringComparison.Ordinal);

        // The delivery log shows the test and the failure taken, the failure after three tries. The result lands a
        // moment after the receiver answered, so the list is refreshed until it shows.
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

        // The Slack endpoint renamed in place: the form holds its values, and its secret stays. Pausing it while the
        // form is open is the person's own change, so saving afterwards is not refused as someone else's.
        var slackEndpoint = section.Locator("[data-testid=webhook]", new() { HasText = "Slack (E2E)" });
        await slackEndpoint.Locator("[data-testid=webhook-edit]").ClickAsync();
        await Expect(section.Locator("[data-testid=webhook-url]")).ToHaveValueAsync(new Uri(receiver.Url, "slack").ToString());
        await slackEndpoint.Locator("[data-testid=webhook-pause]").ClickAsync();
        await Expect(slackEndpoint.Locator("[data-testid=webhook-state]")).ToHaveAttributeAsync("data-paused", "true");
        await section.Locator("[data-testid=webhook-name]").FillAsync("Slack 運用 (E2E)");
        await section.Locator("[data-testid=webhook-save]").ClickAsync();
        await Expect(section.Locator("[data-testid=webhooks-done]")).ToContainTextAsync("Slack 運用 (E2E)");
        await Expect(section.Locator("[data-testid=webhook]", new() { HasText = "Slack 運用 (E2E)" })).ToContainTextAsync("Slack");
        await Expect(section.Locator("[data-testid=webhook-add]")).ToBeVisibleAsync();
    }

    /// <summary>Adds an endpoint for <paramref name="path"/> on the receiver and gives the receiver the secret shown.</summary>
    private async Task AddAsync(ILocator section, string name, string path, string? format)
    {
        await section.Locator("[data-testid=webhook-name]").FillAsync(name);
        await section.Locator("[data-testid=webhook-url]").FillAsync(new Uri(portal.Receiver.Url, path.TrimStart('/')).ToString());
        if (format is not null)
        {
            // A person picks the format and sees it in the box before adding.
            var select = section.Locator("[data-testid=webhook-format]");
            await select.ClickAsync();
            await section.Page.GetByRole(AriaRole.Option, new() { Name = format }).ClickAsync();
            await Expect(section.Page.GetByRole(AriaRole.Option, new() { Name = format })).ToBeHiddenAsync();
            await Expect(select).ToContainTextAsync(format);
        }

        await section.Locator("[data-testid=webhook-add]").ClickAsync();
        var added = section.Locator("[data-testid=webhook]", new() { HasText = name });
        await Expect(added).ToBeVisibleAsync();
        await Expect(added).ToContainTextAsync(format ?? "Standard Webhooks");
        var secret = await section.Locator("[data-testid=webhook-secret]").TextContentAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        portal.Receiver.Secrets[path] = secret!;
    }

    /// <summary>What Microsoft's Adaptive Cards library (npm, installed by the test command) finds in a Teams body.</summary>
    private static async Task<string> ValidateTeamsCardAsync(string body)
    {
        var start = new ProcessStartInfo("node", ["validate.cjs"])
        {
            WorkingDirectory = Path.Combine(PortalServer.RepositoryRoot(), "tests", "Portal.E2E", "cards"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(body);
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"node validate.cjs failed: {errors}");
        return output;
    }
}
