using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>The customer API over real HTTP with personal access tokens, made and revoked in a real browser.</summary>
[Collection(PortalCollection.Name)]
public sealed class CustomerApiTests(PortalFixture portal)
{
    /// <summary>admin@alpha.example's read-write token for SP1000001 and SP1000002, from the demo data.</summary>
    private const string DemoToken = "ers_0190d3e0000070008000000000000001_demo-token-of-admin-at-alpha-example-000000";

    private HttpClient Client(string? token, string? language = null)
    {
        var client = new HttpClient { BaseAddress = portal.Server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }

        return client;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task TheDemoTokenListsItsSupportIdsDevicesAndNoOtherCustomersDevice()
    {
        using var client = Client(DemoToken);

        var response = await client.GetAsync("/api/v1/devices?pageSize=500");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonOf(response);
        var supportIds = body.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("supportId").GetString()).ToList();
        var expected = await portal.Database.DevicesOfAsync("SP1000001", "SP1000002");
        Assert.Equal(expected, supportIds.Count);
        Assert.Equal(expected, body.GetProperty("total").GetInt32());
        Assert.Equal(["SP1000001", "SP1000002"], supportIds.Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(body.GetProperty("items").EnumerateArray(), d => d.GetProperty("status").GetString() == "opened" && d.GetProperty("heartbeat").ValueKind == JsonValueKind.Object);

        // Keyset pages of 4 hold the same devices, in order, as the one page of 500.
        var paged = new List<string?>();
        for (string? after = null, first = "start"; first is not null;)
        {
            var next = await JsonOf(await client.GetAsync($"/api/v1/devices?pageSize=4{(after is null ? string.Empty : $"&after={after}")}"));
            paged.AddRange(next.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("managementNumber").GetString()));
            first = after = next.GetProperty("next").GetString();
        }

        Assert.Equal(body.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("managementNumber").GetString()), paged);

        var opened = await JsonOf(await client.GetAsync("/api/v1/devices?status=Opened&pageSize=500"));
        Assert.All(opened.GetProperty("items").EnumerateArray(), d => Assert.Equal("opened", d.GetProperty("status").GetString()));
        Assert.InRange(opened.GetProperty("total").GetInt32(), 1, (int)expected - 1);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/devices?after=")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/devices?after=bm90LWEtY3Vyc29y")).StatusCode);
        var unknown = await client.GetAsync("/api/v1/devices?mark=sometimes&status=opened");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var error = Assert.Single((await JsonOf(unknown)).GetProperty("errors").EnumerateArray());
        Assert.Equal(("unknown_value", "mark"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));

        var beta = await portal.Database.DeviceIdAsync("beta-wms01");
        var foreign = await client.GetAsync($"/api/v1/devices/{beta}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_found", (await JsonOf(foreign)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/devices/{beta}/timeline")).StatusCode);
    }

    [Fact]
    public async Task OneDeviceComesWithItsRegistrationAndContactsButNotItsKeyAndItsTimelinePages()
    {
        var id = await portal.Database.DeviceIdAsync("alpha-db02");
        using var client = Client(DemoToken);

        var device = await JsonOf(await client.GetAsync($"/api/v1/devices/{id}"));
        var page = await JsonOf(await client.GetAsync($"/api/v1/devices/{id}/timeline?pageSize=5"));
        var next = page.GetProperty("next").GetInt64();
        var older = await JsonOf(await client.GetAsync($"/api/v1/devices/{id}/timeline?pageSize=5&before={next}"));

        Assert.Equal("alpha-db02", device.GetProperty("hostName").GetString());
        Assert.Equal("opened", device.GetProperty("registration").GetProperty("status").GetString());
        Assert.NotEmpty(device.GetProperty("registration").GetProperty("contacts").EnumerateArray());
        Assert.DoesNotContain("keyCode", device.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.InRange(page.GetProperty("entries").GetArrayLength(), 1, 5);
        var newest = older.GetProperty("entries").EnumerateArray().First().GetProperty("at").GetDateTimeOffset();
        Assert.True(newest.UtcTicks < next, "the next page starts before the cursor");
    }

    [Fact]
    public async Task WithoutAValidTokenTheAnswerIs401InTheCallersLanguage()
    {
        using var none = Client(null);
        using var wrong = Client(DemoToken[..^4] + "abcd", "en-US,en;q=0.9");
        using var cookieLess = Client("not-a-token");

        var japanese = await none.GetAsync("/api/v1/devices");
        var english = await wrong.GetAsync("/api/v1/devices");

        Assert.Equal(HttpStatusCode.Unauthorized, japanese.StatusCode);
        Assert.Equal("Bearer", japanese.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(("token_required", "有効な個人用アクセストークンが必要です (Authorization: Bearer ers_…)。"),
            ((await JsonOf(japanese)).GetProperty("code").GetString(), (await JsonOf(japanese)).GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, english.StatusCode);
        Assert.StartsWith("A valid personal access token is required", (await JsonOf(english)).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookieLess.GetAsync("/api/v1/devices")).StatusCode);
    }

    [Fact]
    public async Task APersonMakesATokenInTheirProfileEachUseIsAuditedAndARevokedTokenStopsAtOnce()
    {
        var page = await PortalPages.AsAsync(portal, "ops@alpha.example", "ja");
        await page.GotoAsync("/profile");
        await page.WaitForCircuitAsync();
        var panel = page.Locator("[data-testid=access-tokens]");
        var name = $"監視スクリプト {Guid.NewGuid():N}"[..16];
        await panel.GetByLabel("名前").FillAsync(name);
        await panel.GetByRole(AriaRole.Checkbox, new() { Name = "SP1000001" }).CheckAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "トークンを作成" }).ClickAsync();
        var text = (await panel.Locator("[data-testid=token-text]").InnerTextAsync()).Trim();
        Assert.StartsWith("ers_", text, StringComparison.Ordinal);

        using var client = Client(text);
        var listed = await client.GetAsync("/api/v1/devices");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.All((await JsonOf(listed)).GetProperty("items").EnumerateArray(), d => Assert.Equal("SP1000001", d.GetProperty("supportId").GetString()));
        var tokenId = text[4..36];
        Assert.Equal(1L, await portal.Database.TokenUsesAsync(tokenId, name));
        Assert.DoesNotContain(text[37..], await portal.Database.TokenAuditAsync(tokenId), StringComparison.Ordinal);

        var row = panel.Locator($"[data-testid=token-row][data-token='{name}']");
        await Expect(row).ToContainTextAsync("有効");

        // The support ID's administrator sees whose token reaches it, and revokes it.
        var admin = await PortalPages.AsAsync(portal, "admin@alpha.example", "ja");
        await admin.GotoAsync("/members");
        await admin.WaitForCircuitAsync();
        var listed2 = admin.Locator($"[data-testid=support-id-tokens] [data-testid=token-row][data-token='{name}']");
        await Expect(listed2).ToContainTextAsync("中村 陽介");
        await listed2.GetByRole(AriaRole.Button, new() { Name = "無効化" }).ClickAsync();
        await Expect(listed2).ToContainTextAsync("無効化済み");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/devices")).StatusCode);

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.Locator($"[data-testid=access-tokens] [data-testid=token-row][data-token='{name}']")).ToContainTextAsync("無効化済み");
    }

    [Fact]
    public async Task AMemberRevokesTheirOwnToken()
    {
        var page = await PortalPages.AsAsync(portal, "deputy@alpha.example", "en");
        await page.GotoAsync("/profile");
        await page.WaitForCircuitAsync();
        var panel = page.Locator("[data-testid=access-tokens]");
        var name = $"backup {Guid.NewGuid():N}"[..14];
        await panel.GetByLabel("Name").FillAsync(name);
        await panel.GetByRole(AriaRole.Checkbox, new() { Name = "SP1000001" }).CheckAsync();
        await panel.GetByRole(AriaRole.Radio, new() { Name = "Read and write" }).CheckAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        using var client = Client((await panel.Locator("[data-testid=token-text]").InnerTextAsync()).Trim());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/devices")).StatusCode);

        var row = panel.Locator($"[data-testid=token-row][data-token='{name}']");
        await Expect(row).ToContainTextAsync("Read and write");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/devices")).StatusCode);
    }

    /// <summary>A token made in the person's profile (Japanese), as its text.</summary>
    private async Task<string> MakeTokenAsync(string email, string supportId, bool readWrite)
    {
        var page = await PortalPages.AsAsync(portal, email, "ja");
        await page.GotoAsync("/profile");
        await page.WaitForCircuitAsync();
        var panel = page.Locator("[data-testid=access-tokens]");
        await panel.GetByLabel("名前").FillAsync($"api-test {Guid.NewGuid():N}"[..16]);
        await panel.GetByRole(AriaRole.Checkbox, new() { Name = supportId }).CheckAsync();
        if (readWrite)
        {
            await panel.GetByRole(AriaRole.Radio, new() { Name = "読み書き" }).CheckAsync();
        }

        await panel.GetByRole(AriaRole.Button, new() { Name = "トークンを作成" }).ClickAsync();
        return (await panel.Locator("[data-testid=token-text]").InnerTextAsync()).Trim();
    }

    private static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private async Task<long> WindowsAsync(string hostName) =>
        await portal.Database.OpenWindowsAsync(hostName);

    [Fact]
    public async Task AReadTokenCannotAnnounceMaintenanceAndTheThreeDayRuleAnswersWithTheUisCode()
    {
        // alpha-lab01 (SP1000002) gets windows through the API from this class only.
        var lab = await portal.Database.DeviceIdAsync("alpha-lab01");
        using var read = Client(await MakeTokenAsync("admin@alpha.example", "SP1000002", readWrite: false), "en");
        using var write = Client(DemoToken);
        var before = await WindowsAsync("alpha-lab01");

        var refused = await read.PostAsync("/api/v1/maintenance-windows", Json(new { deviceIds = new[] { lab }, startsAt = DateTimeOffset.UtcNow.AddDays(20), endsAt = DateTimeOffset.UtcNow.AddDays(20).AddHours(1), reason = "read" }));
        var tooSoon = await write.PostAsync("/api/v1/maintenance-windows", Json(new { deviceIds = new[] { lab }, startsAt = DateTimeOffset.UtcNow.AddDays(1), endsAt = DateTimeOffset.UtcNow.AddDays(1).AddHours(1), reason = "soon" }));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("token_read_only", (await JsonOf(refused)).GetProperty("code").GetString());
        Assert.StartsWith("This token may only read.", (await JsonOf(refused)).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooSoon.StatusCode);
        var error = (await JsonOf(tooSoon)).GetProperty("errors")[0];
        Assert.Equal(("maintenance_start_too_soon", "startsAt"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
        Assert.Contains("JST", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await WindowsAsync("alpha-lab01"));
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync("/api/v1/maintenance-windows")).StatusCode);
    }

    [Fact]
    public async Task ABulkAnnouncementIsStoredForEveryDeviceOrForNoneNamingEachDeviceThatRefused()
    {
        // alpha-db01 has the demo's window ten days ahead (01:00 to 05:00 JST); alpha-lab01 has none then.
        var db01 = await portal.Database.DeviceIdAsync("alpha-db01");
        var lab = await portal.Database.DeviceIdAsync("alpha-lab01");
        var demoStart = await portal.Database.WindowStartAsync("alpha-db01", "ファームウェア更新");
        using var client = Client(DemoToken);
        var (db01Before, labBefore) = (await WindowsAsync("alpha-db01"), await WindowsAsync("alpha-lab01"));

        var refused = await client.PostAsync("/api/v1/maintenance-windows", Json(new { deviceIds = new[] { lab, db01 }, startsAt = demoStart.AddHours(1), endsAt = demoStart.AddHours(2), reason = "一括" }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = Assert.Single((await JsonOf(refused)).GetProperty("errors").EnumerateArray());
        Assert.Equal(("maintenance_overlap", Guid.Parse(db01)), (error.GetProperty("code").GetString(), error.GetProperty("deviceId").GetGuid()));
        Assert.Equal((db01Before, labBefore), (await WindowsAsync("alpha-db01"), await WindowsAsync("alpha-lab01")));

        var later = demoStart.AddDays(25);
        var stored = await client.PostAsync("/api/v1/maintenance-windows", Json(new { deviceIds = new[] { lab, db01 }, startsAt = later, endsAt = later.AddHours(1), reason = "一括" }));

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(2, (await JsonOf(stored)).GetProperty("created").GetInt32());
        Assert.Equal((db01Before + 1, labBefore + 1), (await WindowsAsync("alpha-db01"), await WindowsAsync("alpha-lab01")));
        var listed = await JsonOf(await client.GetAsync($"/api/v1/maintenance-windows?deviceId={lab}"));
        Assert.Contains(listed.EnumerateArray(), w => w.GetProperty("startsAt").GetDateTimeOffset() == later);
    }

    [Fact]
    public async Task AChangeWithAStaleETagIsRefusedWith412AndTheCurrentOneGoesThrough()
    {
        var lab = await portal.Database.DeviceIdAsync("alpha-lab01");
        using var client = Client(DemoToken);
        var start = DateTimeOffset.UtcNow.AddDays(50).AddMinutes(Random.Shared.Next(0, 1000));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/maintenance-windows", Json(new { deviceIds = new[] { lab }, startsAt = start, endsAt = start.AddHours(2), reason = "etag" }))).StatusCode);
        var id = (await JsonOf(await client.GetAsync($"/api/v1/maintenance-windows?deviceId={lab}"))).EnumerateArray().Single(w => w.GetProperty("reason").GetString() == "etag" && w.GetProperty("startsAt").GetDateTimeOffset() == start).GetProperty("id").GetString();
        var read = await client.GetAsync($"/api/v1/maintenance-windows/{id}");
        var etag = read.Headers.ETag!.Tag;

        // Another script moves it first; the first script's change, made on what it read, is refused.
        using var other = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/maintenance-windows/{id}") { Content = Json(new { startsAt = start, endsAt = start.AddHours(3) }) };
        other.Headers.IfMatch.ParseAdd(etag);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(other)).StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/maintenance-windows/{id}") { Content = Json(new { startsAt = start, endsAt = start.AddHours(1) }) };
        stale.Headers.IfMatch.ParseAdd(etag);
        var refused = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("stale_version", (await JsonOf(refused)).GetProperty("code").GetString());
        var now = await client.GetAsync($"/api/v1/maintenance-windows/{id}");
        Assert.Equal(start.AddHours(3), (await JsonOf(now)).GetProperty("endsAt").GetDateTimeOffset());
        using var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/maintenance-windows/{id}");
        cancel.Headers.IfMatch.ParseAdd(now.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/maintenance-windows/{id}")).StatusCode);
    }

    [Fact]
    public async Task ContactsAreReadWithWhoMayBeChosenAndAChoiceOfANonMemberIsRefusedWithItsCode()
    {
        var db01 = await portal.Database.DeviceIdAsync("alpha-db01");
        var stranger = await portal.Database.UserIdAsync("admin@beta.example");
        using var client = Client(DemoToken, "en");

        var contacts = await JsonOf(await client.GetAsync($"/api/v1/devices/{db01}/contacts"));
        var first = contacts.GetProperty("contacts")[0];
        var refused = await client.PutAsync($"/api/v1/devices/{db01}/contacts", Json(new { contact1 = new { userId = first.GetProperty("userId").GetGuid(), reachableHours = (string?)null }, contact2 = new { userId = stranger, reachableHours = (string?)null } }));

        Assert.Equal(1, first.GetProperty("priority").GetInt32());
        Assert.True(contacts.GetProperty("canChange").GetBoolean());
        Assert.Contains(contacts.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("email").GetString() == "ops@alpha.example");
        Assert.DoesNotContain(contacts.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("email").GetString() == "admin@beta.example");
        Assert.True(refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{refused.StatusCode}");
        Assert.False(string.IsNullOrEmpty((await JsonOf(refused)).GetProperty("code").GetString()));
        Assert.Equal(0L, await portal.Database.ContactsOfUserAsync(db01, stranger));
    }

    [Fact]
    public async Task AnApplicationNamesWhyADeviceCannotBeAppliedForAndAReadTokenCannotApply()
    {
        // alpha-old01's free warranty has ended: it cannot be applied for, so nothing here changes the demo data.
        var old = await portal.Database.DeviceIdAsync("alpha-old01");
        using var client = Client(DemoToken, "en");
        var device = await JsonOf(await client.GetAsync($"/api/v1/devices/{old}"));
        var admin = await portal.Database.UserIdAsync("admin@alpha.example");
        var body = new { supportAccountId = device.GetProperty("supportAccountId").GetGuid(), deviceIds = new[] { old }, contact1 = new { userId = admin, reachableHours = "9-17" }, contact2 = (object?)null };

        var refused = await client.PostAsync("/api/v1/applications", Json(body));
        var withoutContact = await client.PostAsync("/api/v1/applications", Json(new { body.supportAccountId, body.deviceIds }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(string.IsNullOrEmpty((await JsonOf(refused)).GetProperty("errors")[0].GetProperty("message").GetString()));
        Assert.Equal("notApplied", (await JsonOf(await client.GetAsync($"/api/v1/devices/{old}"))).GetProperty("registration").GetProperty("status").GetString());
        Assert.Equal(("contact_required", "contact1"), ((await JsonOf(withoutContact)).GetProperty("code").GetString(), (await JsonOf(withoutContact)).GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Fact]
    public async Task TheReportHistoryPagesByItsCursorWithThePagesFiltersAndNoOtherCustomersReports()
    {
        var db01 = await portal.Database.DeviceIdAsync("alpha-db01");
        var beta = await portal.Database.DeviceIdAsync("beta-wms01");
        using var client = Client(DemoToken);

        var all = await JsonOf(await client.GetAsync($"/api/v1/devices/{db01}/reports?pageSize=200"));
        var first = await JsonOf(await client.GetAsync($"/api/v1/devices/{db01}/reports?pageSize=3"));
        var second = await JsonOf(await client.GetAsync($"/api/v1/devices/{db01}/reports?pageSize=3&after={first.GetProperty("next").GetString()}"));
        var periodic = await JsonOf(await client.GetAsync($"/api/v1/devices/{db01}/reports?type=periodic&pageSize=200"));

        var ids = all.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.InRange(ids.Count, 7, 200);
        Assert.Equal(ids.Take(6), first.GetProperty("reports").EnumerateArray().Concat(second.GetProperty("reports").EnumerateArray()).Select(r => r.GetProperty("id").GetInt64()));
        Assert.All(periodic.GetProperty("reports").EnumerateArray(), r => Assert.Equal("periodic", r.GetProperty("type").GetString()));
        Assert.InRange(periodic.GetProperty("reports").GetArrayLength(), 1, ids.Count - 1);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/devices/{beta}/reports")).StatusCode);
        var farPast = await client.GetAsync($"/api/v1/devices/{db01}/reports?from=0001-01-01&to=9999-12-31");
        Assert.Equal(HttpStatusCode.BadRequest, farPast.StatusCode);
        Assert.Equal(["from", "to"], (await JsonOf(farPast)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var badCursor = await client.GetAsync($"/api/v1/devices/{db01}/reports?after=yesterday");
        Assert.Equal(("unknown_value", "after"), ((await JsonOf(badCursor)).GetProperty("errors")[0].GetProperty("code").GetString(), (await JsonOf(badCursor)).GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Fact]
    public async Task ARecurringWindowIsAnnouncedWithItsOccurrencesAndCancelledWithThem()
    {
        var lab = await portal.Database.DeviceIdAsync("alpha-lab01");
        using var client = Client(DemoToken, "en");
        var before = await WindowsAsync("alpha-lab01");

        var incomplete = await client.PostAsync("/api/v1/maintenance-series", Json(new { deviceIds = new[] { lab }, kind = "fortnightly", startTime = "2300", durationMinutes = 30, reason = "毎週" }));
        var created = await client.PostAsync("/api/v1/maintenance-series", Json(new { deviceIds = new[] { lab }, kind = "weekly", dayOfWeek = "wednesday", startTime = "23:10", durationMinutes = 30, reason = "毎週の再起動 (API)" }));

        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Equal(["kind", "dayOfWeek", "startTime"], (await JsonOf(incomplete)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        var tooLong = await client.PostAsync("/api/v1/maintenance-series", Json(new { deviceIds = new[] { lab }, kind = "weekly", dayOfWeek = "wednesday", startTime = "23:10", durationMinutes = 15 * 24 * 60, reason = "長すぎ" }));
        Assert.Equal(("maintenance_too_long", "durationMinutes"), ((await JsonOf(tooLong)).GetProperty("errors")[0].GetProperty("code").GetString(), (await JsonOf(tooLong)).GetProperty("errors")[0].GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await JsonOf(created);
        Assert.InRange(answer.GetProperty("windows").GetInt32(), 1, 10);
        var seriesId = Assert.Single(answer.GetProperty("seriesIds").EnumerateArray()).GetString();
        Assert.Equal($"/api/v1/maintenance-series/{seriesId}", created.Headers.Location?.OriginalString);
        var occurrences = (await JsonOf(await client.GetAsync($"/api/v1/maintenance-windows?deviceId={lab}"))).EnumerateArray()
            .Where(w => w.GetProperty("reason").GetString() == "毎週の再起動 (API)").ToList();
        Assert.NotEmpty(occurrences);
        Assert.All(occurrences, w => Assert.Equal((DayOfWeek.Wednesday, 14, 10), (w.GetProperty("startsAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(9)).DayOfWeek, w.GetProperty("startsAt").GetDateTimeOffset().UtcDateTime.Hour, w.GetProperty("startsAt").GetDateTimeOffset().Minute)));
        var series = Assert.Single(occurrences.Select(w => w.GetProperty("seriesId").GetString()).Distinct());
        Assert.Equal(seriesId, series);

        var cancelled = await client.DeleteAsync($"/api/v1/maintenance-series/{series}");

        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.Equal(before, await WindowsAsync("alpha-lab01"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/maintenance-series/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task TheInteractiveReferenceShowsTheContractFromThePortalItselfUnderItsContentSecurityPolicy()
    {
        var page = await portal.NewPageAsync();
        var violations = new List<string>();
        var elsewhere = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(portal.Server.BaseUrl.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        var response = await page.GotoAsync("/api/reference");

        Assert.Contains("'nonce-", response!.Headers["content-security-policy"], StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Express Report Service API", Level = 1 })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Open Group - Customer API" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Devices of the token's support IDs") })).ToBeVisibleAsync();
        Assert.Empty(violations);
        Assert.Empty(elsewhere);
        var portalPage = await page.APIRequest.GetAsync("/account/login");
        Assert.DoesNotContain("'nonce-", portalPage.Headers["content-security-policy"], StringComparison.Ordinal);
    }
}
