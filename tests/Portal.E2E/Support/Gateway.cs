using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Portal.E2E.Support;

/// <summary>What a report gateway does that the tests do too.</summary>
public static class Gateway
{
    /// <summary>The token of the demo data's gateway.</summary>
    public const string DemoToken = "demo-intake-token";

    /// <summary>A gateway's client of the portal at <paramref name="baseUrl"/>, with its token.</summary>
    public static HttpClient Client(Uri baseUrl, string token = DemoToken, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = baseUrl };
        if (timeout is not null)
        {
            client.Timeout = timeout.Value;
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Sends one report as the demo gateway does (see <see cref="PostReportAsync"/>) and returns the answer.</summary>
    public static async Task<HttpResponseMessage> SendReportAsync(this PortalServer portal, IntakeReport report)
    {
        using var client = Client(portal.BaseUrl);
        return await client.PostReportAsync(report);
    }

    /// <summary>
    /// Posts a report to the intake and, as a gateway does, sends it again with the same body while it is not
    /// acknowledged: after Retry-After while the portal answers 503 ("busy: nothing was stored"; a machine running
    /// many tests at once may make a cold portal that busy for a moment), and after a second when a load balancer
    /// answers 502 or 504 for an instance that died (the report may have been stored: the resend is then answered
    /// "duplicate"). The last answer is returned, whatever it is.
    /// </summary>
    public static async Task<HttpResponseMessage> PostReportAsync(this HttpClient client, IntakeReport report, string path = "/api/centre/reports")
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.PostAsJsonAsync(path, report);
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout) || attempt == 10)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5));
        }
    }
}
