using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.E2E.Support;

namespace Portal.E2E;

/// <summary>The centre intake over real HTTP, with a real SMTP server receiving the centre's e-mails.</summary>
[Collection(IntakeCollection.Name)]
public sealed class IntakeApiTests(IntakeFixture intake)
{
    private const string Endpoint = "/api/centre/reports";

    private static object Failure(string reportId, (string Model, string Serial, string Number) device, string code = "FAN-0012") => new
    {
        reportId,
        type = "failure",
        modelNumber = device.Model,
        serialNumber = device.Serial,
        occurredAt = DateTimeOffset.UtcNow.AddSeconds(-3).ToString("o"),
        means = "https",
        route = "agent",
        @event = new { category = "fan", code, severity = "critical", message = "筐体ファン 3 の回転数が下限閾値を下回りました" },
    };

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task AFailureReportSendsOneEmailToEachContact()
    {
        // alpha-web01's contacts are the demo administrator and deputy of SP1000001.
        var device = await intake.DeviceAsync("alpha-web01");
        using var client = intake.Client();

        var response = await client.PostAsJsonAsync(Endpoint, Failure(Guid.NewGuid().ToString("N"), device));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonOf(response);
        Assert.Equal(("recorded", device.Number), (body.GetProperty("outcome").GetString(), body.GetProperty("deviceManagementNumber").GetString()));
        bool Ours(MimeKit.MimeMessage m) => m.Subject is { } s && s.Contains("障害通報", StringComparison.Ordinal) && s.Contains(device.Number, StringComparison.Ordinal);
        var mails = await intake.Smtp.WaitForAsync(Ours, count: 2, TimeSpan.FromSeconds(20));
        await Task.Delay(1000);
        mails = [.. intake.Smtp.Messages().Where(Ours)];
        Assert.Equal(["admin@alpha.example", "deputy@alpha.example"], mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Contains("FAN-0012", m.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhileSmtpIsDownNothingIsLostAndTheMailGoesOutWhenItComesBack()
    {
        var device = await intake.DeviceAsync("beta-wms01");
        using var client = intake.Client();
        bool Ours(MimeKit.MimeMessage m) => m.Subject is { } s && s.Contains("障害通報", StringComparison.Ordinal) && s.Contains(device.Number, StringComparison.Ordinal);
        await intake.Smtp.StopAsync();
        try
        {
            var response = await client.PostAsJsonAsync(Endpoint, Failure(Guid.NewGuid().ToString("N"), device, "PSU-0004"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("recorded", (await JsonOf(response)).GetProperty("outcome").GetString());
            await Task.Delay(2500);
            Assert.True(await intake.QueryAsync<long>("SELECT COUNT(*) FROM Notifications WHERE Kind = 'FailureDetected' AND State = 1 AND Attempts > 0 AND Subject LIKE $s", ("$s", $"%{device.Number}%")) >= 2);
        }
        finally
        {
            await intake.Smtp.StartAgainAsync();
        }

        var mails = await intake.Smtp.WaitForAsync(Ours, count: 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["admin@beta.example", "user@beta.example"], mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheSameReportIdSentFiftyTimesAtOnceIsStoredOnce()
    {
        var device = await intake.DeviceAsync("alpha-db02");
        var reportId = $"periodic-{Guid.NewGuid():N}";
        var report = new
        {
            reportId,
            type = "periodic",
            modelNumber = device.Model,
            serialNumber = device.Serial,
            occurredAt = DateTimeOffset.UtcNow.ToString("o"),
            means = "mail",
            route = "manager",
        };
        using var client = intake.Client();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostAsJsonAsync(Endpoint, report)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var outcomes = await Task.WhenAll(responses.Select(async r => (await JsonOf(r)).GetProperty("outcome").GetString()));
        Assert.Single(outcomes, o => o == "recorded");
        Assert.Equal(49, outcomes.Count(o => o == "duplicate"));
        Assert.Equal(1, await intake.QueryAsync<long>("SELECT COUNT(*) FROM Reports WHERE SenderReportId = $id", ("$id", reportId)));
        Assert.Equal(1, await intake.QueryAsync<long>("SELECT COUNT(*) FROM IntakeReceipts WHERE ReportId = $id", ("$id", reportId)));
    }

    public static TheoryData<string, string, int, string> BadInputs()
    {
        const string Valid = """{"reportId":"bad-1","type":"failure","modelNumber":"N8100-2345","serialNumber":"7100001","occurredAt":"2026-11-20T10:00:00+09:00","means":"https","route":"agent","event":{"category":"fan","code":"FAN-1","severity":"critical","message":"MESSAGE"}}""";
        return new()
        {
            { "missing fields", """{"reportId":"bad-2"}""", 400, "serialNumber" },
            { "wrong types", Valid.Replace("\"reportId\":\"bad-1\"", "\"reportId\":42", StringComparison.Ordinal), 400, "reportId" },
            { "unknown type", Valid.Replace("\"failure\"", "\"meltdown\"", StringComparison.Ordinal), 400, "type" },
            { "unknown category", Valid.Replace("\"fan\"", "\"gpu\"", StringComparison.Ordinal), 400, "event.category" },
            { "no offset", Valid.Replace("+09:00", string.Empty, StringComparison.Ordinal), 400, "occurredAt" },
            { "SQL in message", Valid.Replace("MESSAGE", "x'; DROP TABLE Reports; --", StringComparison.Ordinal), 400, "event.message" },
            { "script in message", Valid.Replace("MESSAGE", "<script>alert(1)</script>", StringComparison.Ordinal), 400, "event.message" },
            { "SQL in serial", Valid.Replace("7100001", "1' OR '1'='1", StringComparison.Ordinal), 400, "serialNumber" },
            { "not JSON", "reportId=1&type=failure", 400, "body" },
            { "a JSON array", "[1,2,3]", 400, "body" },
            { "over 2000 characters", Valid.Replace("MESSAGE", new string('x', 2001), StringComparison.Ordinal), 400, "event.message" },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIsRefusedWithTheFieldNamedAndNothingStored(string why, string body, int status, string field)
    {
        using var client = intake.Client();
        var before = await intake.QueryAsync<long>("SELECT COUNT(*) FROM IntakeReceipts");

        var response = await client.PostAsync(Endpoint, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(status == (int)response.StatusCode, why);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty(field, out _), $"{why}: {field} not named");
        Assert.Equal(before, await intake.QueryAsync<long>("SELECT COUNT(*) FROM IntakeReceipts"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ATenMegabyteBodyAndInvalidUtf8AreRefusedAndTheServiceStaysUp()
    {
        using var client = intake.Client();
        var before = await intake.QueryAsync<long>("SELECT COUNT(*) FROM IntakeReceipts");

        // A gateway announcing a 10 MB body is refused before it sends it (100-continue), as HTTP clients do.
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(new byte[10 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } } };
        hugeRequest.Headers.ExpectContinue = true;
        var huge = await client.SendAsync(hugeRequest);
        var overIntakeLimit = await client.PostAsync(Endpoint, new ByteArrayContent(new byte[100 * 1024]) { Headers = { ContentType = new("application/json") } });
        var invalid = await client.PostAsync(Endpoint, new ByteArrayContent([.. "{\"reportId\":\""u8, 0xFF, 0xFE, .. "\"}"u8]) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overIntakeLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await JsonOf(invalid)).GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(before, await intake.QueryAsync<long>("SELECT COUNT(*) FROM IntakeReceipts"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("intake-test-token-but-longer")]
    public async Task WithoutTheRightTokenTheAnswerIs401(string? token)
    {
        using var client = intake.Client(token);

        var response = await client.PostAsJsonAsync(Endpoint, new { reportId = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task TheContractIsPublishedAsOpenApi()
    {
        using var client = intake.Client(token: null);

        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;

        var operation = document.GetProperty("paths").GetProperty("/api/centre/reports").GetProperty("post");
        Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("413", out _));
        Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.False(document.GetProperty("paths").TryGetProperty("/account/logout", out _));
    }
}
