using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.E2E.Support;

namespace Portal.E2E;

/// <summary>The centre intake over real HTTP, with a real SMTP server receiving the centre's e-mails.</summary>
[Collection(IntakeCollection.Name)]
public sealed class IntakeApiTests(IntakeFixture intake)
{
    private const string Endpoint = "/api/centre/reports";

    /// <summary>A fan failure that happened a moment before it is sent.</summary>
    private static IntakeReport FanFailure(DemoDevice device, string code = "FAN-0012") =>
        IntakeReport.Failure(device, "fan", code, "筐体ファン 3 の回転数が下限閾値を下回りました") with { OccurredAt = DateTimeOffset.UtcNow.AddSeconds(-3) };

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task AFailureReportSendsOneEmailToEachContact()
    {
        // alpha-web01's contacts are the demo administrator and deputy of SP1000001.
        var device = await intake.Database.DeviceAsync("alpha-web01");
        using var client = intake.Client();

        var response = await client.PostAsJsonAsync(Endpoint, FanFailure(device));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonOf(response);
        Assert.Equal(("recorded", device.Number), (body.GetProperty("outcome").GetString(), body.GetProperty("deviceManagementNumber").GetString()));
        bool Ours(MimeKit.MimeMessage m) => m.Subject is { } s && s.Contains("障害通報", StringComparison.Ordinal) && s.Contains(device.Number, StringComparison.Ordinal);
        var mails = await intake.Smtp.WaitForAsync(Ours, count: 2, TimeSpan.FromSeconds(20));
        await Task.Delay(1000);
        mails = [.. intake.Smtp.Messages().Where(Ours)];
        Assert.Equal(["admin@alpha.example", "deputy@alpha.example"], mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Contains("FAN-0012", m.TextBody, StringComparison.Ordinal));

        // The mail links to the device's page: signed out, it leads to the sign-in and back to that page.
        var link = System.Text.RegularExpressions.Regex.Match(mails[0].TextBody ?? string.Empty, @"ポータルで確認する: (\S+)").Groups[1].Value;
        Assert.StartsWith(new Uri(intake.Server.BaseUrl, "/devices/").ToString(), link, StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetAsync(new Uri(link));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileSmtpIsDownNothingIsLostAndTheMailGoesOutWhenItComesBack()
    {
        var device = await intake.Database.DeviceAsync("beta-wms01");
        using var client = intake.Client();
        bool Ours(MimeKit.MimeMessage m) => m.Subject is { } s && s.Contains("障害通報", StringComparison.Ordinal) && s.Contains(device.Number, StringComparison.Ordinal);
        await intake.Smtp.StopAsync();
        try
        {
            var response = await client.PostAsJsonAsync(Endpoint, FanFailure(device, "PSU-0004"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("recorded", (await JsonOf(response)).GetProperty("outcome").GetString());
            await Task.Delay(2500);
            Assert.True(await intake.Database.AlertsWaitingForRetryAsync(device.Number) >= 2);
        }
        finally
        {
            await intake.Smtp.StartAgainAsync();
        }

        var mails = await intake.Smtp.WaitForAsync(Ours, count: 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["admin@beta.example", "user@beta.example"], mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MailsThatCanNeverBeDeliveredFailAtOnceAndTheAlertQueuedAfterThemGoesOut()
    {
        var device = await intake.Database.DeviceAsync("alpha-web01");
        using var client = intake.Client();

        // An address saved before MimeKit's parser was the portal's check, and one the SMTP server answers 550 for.
        var planted = Guid.NewGuid();
        await intake.Database.PlantAlertAsync(planted, "taro.@docomo.ne.jp");
        var test = await client.PostAsJsonAsync(Endpoint, IntakeReport.ConnectivityTest(device) with { ReplyTo = "bounce@alpha.example" });
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);

        var queued = DateTime.UtcNow;
        var alert = await client.PostAsJsonAsync(Endpoint, FanFailure(device, "FAN-0550"));
        Assert.Equal(HttpStatusCode.OK, alert.StatusCode);

        var mails = await intake.Smtp.WaitForAsync(m => m.TextBody?.Contains("FAN-0550", StringComparison.Ordinal) == true, count: 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, mails.Count);
        Assert.InRange((DateTime.UtcNow - queued).TotalSeconds, 0, 10);
        Assert.Equal(1L, await intake.Database.FailedAfterOneAttemptAsync(planted));
        var bounced = await intake.Database.DeliveryToAsync("bounce@alpha.example");
        Assert.StartsWith("3 1 550", bounced, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsShowTheIntakeAndTheOutboxMoving()
    {
        var device = await intake.Database.DeviceAsync("alpha-web01");
        using var client = intake.Client();
        using var scraper = intake.Client(token: null);
        async Task<(double Accepted, double Refused, string Text)> ScrapeAsync()
        {
            var text = await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            double Value(string result) => Regex.Matches(text, $"^portal_intake_reports_total\\{{[^}}]*result=\"{result}\"[^}}]*\\}} ([0-9.e+]+)", RegexOptions.Multiline)
                .Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            return (Value("accepted"), Value("refused"), text);
        }

        var before = await ScrapeAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Endpoint, FanFailure(device, "FAN-0901"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Endpoint, FanFailure(device, "FAN-0902"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync(Endpoint, new { reportId = "bad id" })).StatusCode);
        await intake.Smtp.WaitForAsync(m => m.TextBody?.Contains("FAN-0902", StringComparison.Ordinal) == true, count: 2, TimeSpan.FromSeconds(20));
        await Task.Delay(1500);
        var after = await ScrapeAsync();

        Assert.True(after.Accepted - before.Accepted >= 2, $"accepted {before.Accepted} -> {after.Accepted}");
        Assert.True(after.Refused - before.Refused >= 1, $"refused {before.Refused} -> {after.Refused}");
        Assert.Matches("(?m)^portal_outbox_deliveries_total\\{[^}]*result=\"sent\"", after.Text);
        Assert.Matches("(?m)^portal_outbox_pending\\{[^}]*lane=\"alert\"", after.Text);
        Assert.Matches("(?m)^portal_intake_queue_depth", after.Text);
        Assert.Matches("(?m)^http_server_request_duration_seconds_bucket", after.Text);
    }

    [Fact]
    public async Task TheSameReportIdSentFiftyTimesAtOnceIsStoredOnce()
    {
        var device = await intake.Database.DeviceAsync("alpha-db02");
        var reportId = $"periodic-{Guid.NewGuid():N}";
        var report = IntakeReport.Periodic(device) with { ReportId = reportId, Means = "mail", Route = "manager" };
        using var client = intake.Client();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostReportAsync(report, Endpoint)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var outcomes = await Task.WhenAll(responses.Select(async r => (await JsonOf(r)).GetProperty("outcome").GetString()));
        Assert.Single(outcomes, o => o == "recorded");
        Assert.Equal(49, outcomes.Count(o => o == "duplicate"));
        Assert.Equal(1, await intake.Database.ReportsWithSenderIdAsync(reportId));
        Assert.Equal(1, await intake.Database.ReceiptsAsync([reportId]));
    }

    public static TheoryData<string, string, int, string> BadInputs()
    {
        const string Valid = """{"reportId":"bad-1","type":"failure","modelNumber":"N8100-2345","serialNumber":"7100001","occurredAt":"2026-11-20T10:00:00+09:00","means":"https","route":"agent","event":{"category":"fan","code":"FAN-1","severity":"critical","message":"MESSAGE"}}""";
        return new()
        {
            { "missing fields", """{"reportId":"bad-2"}""", 400, "serialNumber" },
            { "wrong types", Valid.Replace("\"reportId\":\"bad-1\"", "\"reportId\":42", StringComparison.Ordinal), 400, "reportId" },
            { "unknown type", Valid.Replace("\"failure\"", "\"meltdown\"", StringComparison.Ordinal), 400, "type" },
            { "an enumeration as a number", Valid.Replace("\"failure\"", "3", StringComparison.Ordinal), 400, "type" },
            { "unknown category", Valid.Replace("\"fan\"", "\"gpu\"", StringComparison.Ordinal), 400, "event.category" },
            { "no offset", Valid.Replace("+09:00", string.Empty, StringComparison.Ordinal), 400, "occurredAt" },
            { "no such day", Valid.Replace("2026-11-20", "2026-02-30", StringComparison.Ordinal), 400, "occurredAt" },
            { "a key given twice", Valid.Replace("\"type\":\"failure\"", "\"type\":\"failure\",\"type\":\"periodic\"", StringComparison.Ordinal), 400, "type" },
            { "a lone surrogate", Valid.Replace("MESSAGE", "\\ud800", StringComparison.Ordinal), 400, "event.message" },
            { "a control character", Valid.Replace("MESSAGE", "bell\\u0007", StringComparison.Ordinal), 400, "event.message" },
            { "an opening without its key", Valid.Replace("\"failure\"", "\"opening\"", StringComparison.Ordinal), 400, "keyCode" },
            { "a serial number with a quote", Valid.Replace("7100001", "1' OR '1'='1", StringComparison.Ordinal), 400, "serialNumber" },
            { "not JSON", "reportId=1&type=failure", 400, "body" },
            { "a JSON array", "[1,2,3]", 400, "body" },
            { "over 2000 characters", Valid.Replace("MESSAGE", new string('x', 2001), StringComparison.Ordinal), 400, "event.message" },
        };
    }

    /// <summary>Failure texts as hardware writes them, and any text at all: stored as sent and mailed.</summary>
    public static readonly string[] RealTexts =
    [
        "CPU temperature > 90 C (threshold 85 C)",
        "Fan <3> stopped",
        "PSU#2 'A'; replaced",
        "DIMM slot /* CPU1 */ error",
        "x'; DROP TABLE Reports; --",
        "<script>alert(1)</script> & \"quoted\"",
        "=HYPERLINK(\"http://example.com\") +1 -1 @SUM(A1)",
        "🔥 筐体温度異常 ⚠️ 電源ユニット 2 の出力低下",
        "line one\nline two\ttabbed",
    ];

    [Fact]
    public async Task AnyFailureTextIsRecordedAsSentAndMailedToBothContacts()
    {
        var device = await intake.Database.DeviceAsync("beta-erp01");
        using var client = intake.Client();
        var codes = RealTexts.Select((_, i) => $"TEXT-{i}-{Guid.NewGuid():N}"[..20]).ToArray();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < RealTexts.Length; i++)
        {
            responses.Add(await client.PostAsJsonAsync(Endpoint, IntakeReport.Failure(device, "other", codes[i], RealTexts[i])));
        }

        for (var i = 0; i < RealTexts.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
            Assert.Equal("recorded", (await JsonOf(responses[i])).GetProperty("outcome").GetString());
            Assert.Equal(RealTexts[i], await intake.Database.ActedOnFailureMessageAsync(codes[i]));
        }

        var mails = await intake.Smtp.WaitForAsync(m => codes.Any(c => m.TextBody?.Contains(c, StringComparison.Ordinal) == true), count: 2 * RealTexts.Length, TimeSpan.FromSeconds(60));
        for (var i = 0; i < RealTexts.Length; i++)
        {
            var ours = mails.Where(m => m.TextBody?.Contains(codes[i], StringComparison.Ordinal) == true).ToList();
            Assert.Equal(2, ours.Count);
            Assert.All(ours, m => Assert.Contains(RealTexts[i], m.TextBody, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task OneAnswerNamesEveryBadField()
    {
        using var client = intake.Client();

        var response = await client.PostAsync(Endpoint, new StringContent(
            """{"reportId":"bad id","type":"meltdown","modelNumber":7,"serialNumber":"7100001","occurredAt":"yesterday","means":"pigeon","route":"agent"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonOf(response)).GetProperty("errors");
        Assert.Equal(["means", "modelNumber", "occurredAt", "reportId", "type"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task ABodyThatIsNotDeclaredJsonIsRefusedWith415(string? contentType)
    {
        using var client = intake.Client();
        var content = new ByteArrayContent("{}"u8.ToArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = new(contentType);
        }

        var response = await client.PostAsync(Endpoint, content);

        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OtherMethodsAre405(string method)
    {
        using var client = intake.Client();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), Endpoint));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task ATooEarlyOpeningIsToldWhenToRetryInUtcAndJapanTimeAndTheSenderIsMailed()
    {
        var device = await intake.Database.DeviceAsync("beta-erp02");
        var issued = DateTimeOffset.UtcNow.AddMinutes(-20);
        var key = await intake.Database.SetKeyIssuedAtAsync("beta-erp02", issued);
        using var client = intake.Client();

        var response = await client.PostAsJsonAsync(Endpoint, IntakeReport.Opening(device, keyCode: key) with { ReplyTo = "setup@beta.example" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonOf(response);
        Assert.Equal("tooEarly", body.GetProperty("outcome").GetString());
        var from = issued.AddHours(1);
        Assert.Equal(from.UtcTicks / TimeSpan.TicksPerSecond, body.GetProperty("retryAfter").GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerSecond);
        Assert.EndsWith("+09:00", body.GetProperty("retryAfterJapan").GetString(), StringComparison.Ordinal);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 39, 41);
        var mail = (await intake.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == "setup@beta.example") && m.Subject?.Contains("キーコード反映待ち", StringComparison.Ordinal) == true, count: 1, TimeSpan.FromSeconds(20))).Single();
        Assert.Contains(JapanText(from) + " (日本時間)", mail.TextBody, StringComparison.Ordinal);
    }

    private static string JapanText(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy/MM/dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task OpeningReportsHaveTheirOwnLimitPerGateway()
    {
        using var client = intake.Client(IntakeFixture.SecondToken);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            var unknown = new IntakeReport { Type = "opening", ModelNumber = "N8100-2345", SerialNumber = $"NO-SUCH-{i}", KeyCode = "12345" };
            statuses.Add((await client.PostAsJsonAsync(Endpoint, unknown)).StatusCode);
        }

        Assert.All(statuses.Take(20), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(statuses.Skip(20), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIsRefusedWithTheFieldNamedAndNothingStored(string why, string body, int status, string field)
    {
        using var client = intake.Client();
        var before = await intake.Database.ReceiptsAsync();

        var response = await client.PostAsync(Endpoint, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(status == (int)response.StatusCode, why);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty(field, out _), $"{why}: {field} not named");
        Assert.Equal(before, await intake.Database.ReceiptsAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ATenMegabyteBodyAndInvalidUtf8AreRefusedAndTheServiceStaysUp()
    {
        using var client = intake.Client();
        var before = await intake.Database.ReceiptsAsync();

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
        Assert.Equal(before, await intake.Database.ReceiptsAsync());
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

        // The request type is the schema: its enumerations by name, its checks as constraints.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Contains("pseudoFailure", schemas.GetProperty("IntakeType").GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null));
        var request = schemas.GetProperty("IntakeRequest");
        Assert.Contains("reportId", request.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(64, request.GetProperty("properties").GetProperty("reportId").GetProperty("maxLength").GetInt32());
        Assert.Equal(2000, schemas.GetProperty("IntakeEventRequest").GetProperty("properties").GetProperty("message").GetProperty("maxLength").GetInt32());
    }
}
