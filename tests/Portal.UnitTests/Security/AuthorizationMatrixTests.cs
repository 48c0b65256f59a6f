using System.Globalization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.UnitTests.Security;

/// <summary>
/// Every page and endpoint of the portal, requested as each kind of person; the expected answers are the
/// table below, and an endpoint missing from it fails the test, so nothing new escapes review. Another
/// customer's device or window answers 404 (not 403, not data). Staff pages send customers to the
/// access-denied page (302, which answers 403).
/// </summary>
public sealed class AuthorizationMatrixTests(PortalApp app) : IClassFixture<PortalApp>
{
    /// <summary>Anonymous, alpha administrator, alpha deputy, alpha user-role member, beta administrator (another customer), staff.</summary>
    private static readonly string?[] People = [null, "admin@alpha.example", "deputy@alpha.example", "user@alpha.example", "admin@beta.example", "staff@centre.example"];

    // Ids in addresses are alpha's: its device alpha-db01 and that device's maintenance window.
    private static readonly Dictionary<string, int[]> Expected = new()
    {
        ["GET /"] = [302, 200, 200, 200, 200, 302], // staff land on the staff console
        ["GET /account/access-denied"] = [403, 403, 403, 403, 403, 403],
        ["GET /account/external"] = [404, 404, 404, 404, 404, 404],
        ["GET /account/external/callback"] = [302, 302, 302, 302, 302, 302],
        ["GET /account/email"] = [302, 200, 200, 200, 200, 200],
        ["GET /account/email/confirm"] = [200, 200, 200, 200, 200, 200],
        ["GET /account/forgot"] = [200, 200, 200, 200, 200, 200],
        ["GET /account/login"] = [200, 200, 200, 200, 200, 200],
        ["GET /account/password"] = [302, 200, 200, 200, 200, 200],
        ["GET /account/reset"] = [200, 200, 200, 200, 200, 200],
        ["POST /account/login"] = [400, 400, 400, 400, 400, 400],
        ["POST /account/logout"] = [400, 400, 400, 400, 400, 400],
        ["POST /api/centre/reports"] = [401, 401, 401, 401, 401, 401],
        ["GET /api/centre/reports"] = [405, 405, 405, 405, 405, 405],
        ["PUT /api/centre/reports"] = [405, 405, 405, 405, 405, 405],
        ["PATCH /api/centre/reports"] = [405, 405, 405, 405, 405, 405],
        ["DELETE /api/centre/reports"] = [405, 405, 405, 405, 405, 405],

        // The customer API takes a personal access token, never a sign-in cookie (so no page can be made to call it).
        ["GET /api/v1/devices"] = [401, 401, 401, 401, 401, 401],
        ["GET /api/v1/devices/{id:guid}"] = [401, 401, 401, 401, 401, 401],
        ["GET /api/v1/devices/{id:guid}/timeline"] = [401, 401, 401, 401, 401, 401],
        ["GET /api/v1/devices/{id:guid}/contacts"] = [401, 401, 401, 401, 401, 401],
        ["PUT /api/v1/devices/{id:guid}/contacts"] = [401, 401, 401, 401, 401, 401],
        ["POST /api/v1/applications"] = [401, 401, 401, 401, 401, 401],
        ["GET /api/v1/maintenance-windows"] = [401, 401, 401, 401, 401, 401],
        ["POST /api/v1/maintenance-windows"] = [401, 401, 401, 401, 401, 401],
        ["GET /api/v1/maintenance-windows/{id:guid}"] = [401, 401, 401, 401, 401, 401],
        ["PUT /api/v1/maintenance-windows/{id:guid}"] = [401, 401, 401, 401, 401, 401],
        ["DELETE /api/v1/maintenance-windows/{id:guid}"] = [401, 401, 401, 401, 401, 401],
        ["GET /api/v1/devices/{id:guid}/reports"] = [401, 401, 401, 401, 401, 401],
        ["POST /api/v1/maintenance-series"] = [401, 401, 401, 401, 401, 401],
        ["DELETE /api/v1/maintenance-series/{id:guid}"] = [401, 401, 401, 401, 401, 401],

        // The API's interactive reference is as public as the contract it shows.
        ["GET /api/reference/{documentName?}"] = [200, 200, 200, 200, 200, 200],
        ["GET /api/reference/scalar.js"] = [200, 200, 200, 200, 200, 200],
        ["GET /api/reference/scalar.aspnetcore.js"] = [200, 200, 200, 200, 200, 200],
        ["GET /api/reference/favicon.svg"] = [200, 200, 200, 200, 200, 200],
        ["GET /apply"] = [302, 200, 200, 200, 200, 200],
        ["GET /calendar/{feed:guid}/{secret}.ics"] = [404, 404, 404, 404, 404, 404],
        ["GET /contacts"] = [302, 200, 200, 200, 200, 200],
        ["GET /culture/{culture}"] = [302, 302, 302, 302, 302, 302],
        ["POST /culture"] = [400, 400, 400, 400, 400, 400],
        ["GET /devices/{Id:guid}"] = [302, 200, 200, 200, 404, 200],
        ["GET /devices/{Id:guid}/contacts"] = [302, 200, 200, 200, 404, 200],
        ["GET /devices/{Id:guid}/site"] = [302, 200, 200, 200, 404, 200],
        ["GET /devices/{Id:guid}/reapply"] = [302, 200, 200, 200, 404, 200],
        ["GET /devices/{Id:guid}/timeline.csv"] = [302, 200, 200, 200, 404, 403],
        ["GET /devices/{Id:guid}/timeline.json"] = [302, 200, 200, 200, 404, 403],

        // alpha-db01 opens by key code, so it has no key file: not found; staff first need this sign-in's reason.
        ["GET /devices/{Id:guid}/key-file"] = [302, 404, 404, 404, 404, 403],
        ["GET /error"] = [500, 500, 500, 500, 500, 500],
        ["GET /health"] = [200, 200, 200, 200, 200, 200],
        ["GET /health/live"] = [200, 200, 200, 200, 200, 200],
        ["GET /health/ready"] = [200, 200, 200, 200, 200, 200],
        ["GET /maintenance"] = [302, 200, 200, 200, 200, 200],
        ["GET /maintenance/new"] = [302, 200, 200, 200, 200, 200],
        ["GET /maintenance/{Id:guid}/edit"] = [302, 200, 200, 404, 404, 404],
        // An invitation that does not exist (or whose secret is wrong) is not found, for everyone.
        ["GET /invitations/{Id:guid}/{Secret}"] = [404, 404, 404, 404, 404, 404],
        ["GET /members"] = [302, 200, 200, 200, 200, 200],
        ["GET /menu"] = [302, 200, 200, 200, 200, 200],
        ["GET /metrics"] = [200, 200, 200, 200, 200, 200],
        ["GET /not-found"] = [200, 200, 200, 200, 200, 200],
        ["GET /openapi/{documentName}.json"] = [200, 200, 200, 200, 200, 200],
        ["GET /profile"] = [302, 200, 200, 200, 200, 200],
        ["GET /reports"] = [302, 200, 200, 200, 200, 200],
        // Staff exports need this sign-in's reason for viewing customer data first (given on a page): 403 until then.
        ["GET /reports/export.csv"] = [302, 200, 200, 200, 200, 403],
        ["GET /staff/applications"] = [302, 302, 302, 302, 302, 200],
        ["GET /staff/audit"] = [302, 302, 302, 302, 302, 200],
        ["GET /staff/audit/export.csv"] = [302, 302, 302, 302, 302, 403],
        ["GET /staff/calls"] = [302, 302, 302, 302, 302, 200],
        ["GET /staff/devices"] = [302, 302, 302, 302, 302, 200],
        ["GET /staff/devices/{Id:guid}/record"] = [302, 302, 302, 302, 302, 200],
    };

    [Fact]
    public async Task EveryEndpointAnswersEachPersonAsTheTableSays()
    {
        var endpoints = Endpoints().ToList();
        var clients = new List<HttpClient>();
        foreach (var person in People)
        {
            clients.Add(await app.ClientAsync(person));
        }

        var unlisted = endpoints.Where(e => !Expected.ContainsKey(e) && !IsPageFormPost(e)).ToList();
        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            // A page's form post is refused like its GET where sign-in or role sends the person away, else for lack of an antiforgery token.
            var expected = IsPageFormPost(endpoint)
                ? [.. Expected["GET " + endpoint[5..]].Select(get => get == 302 ? 302 : 400)]
                : Expected.GetValueOrDefault(endpoint);
            if (expected is null)
            {
                continue;
            }

            var method = endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)];
            var url = await UrlAsync(endpoint[(method.Length + 1)..]);
            for (var i = 0; i < People.Length; i++)
            {
                var status = (int)(await clients[i].SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).StatusCode;
                if (status != expected[i])
                {
                    wrong.Add($"{endpoint} as {People[i] ?? "anonymous"}: {status}, expected {expected[i]}");
                }
            }
        }

        clients.ForEach(c => c.Dispose());
        Assert.Empty(unlisted);
        Assert.Empty(wrong);
        Assert.Empty(Expected.Keys.Except(endpoints));
    }

    /// <summary>Blazor maps a POST for every page (form handling); without an antiforgery token it is refused.</summary>
    private static bool IsPageFormPost(string endpoint) =>
        endpoint.StartsWith("POST /", StringComparison.Ordinal) && !endpoint.StartsWith("POST /api/", StringComparison.Ordinal) && Expected.ContainsKey("GET " + endpoint[5..]) && endpoint is not "POST /account/login" and not "POST /account/logout";

    /// <summary>The application's endpoints: framework plumbing and static files are left out.</summary>
    private IEnumerable<string> Endpoints() =>
        app.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => (Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"], Pattern: e.RoutePattern.RawText ?? string.Empty))
            .Where(e => e.Pattern.StartsWith('/') && !e.Pattern.StartsWith("/_blazor", StringComparison.Ordinal) && !e.Pattern.StartsWith("/_framework", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Where(m => m != "HEAD").Select(m => $"{m} {e.Pattern}"))
            .Where(e => e is not "POST /" and not "POST /not-found" and not "POST /account/access-denied" || Expected.ContainsKey(e))
            .Distinct()
            .Order(StringComparer.Ordinal);

    private async Task<string> UrlAsync(string pattern)
    {
        var device = await ScalarAsync("SELECT Id FROM Devices WHERE HostName = 'alpha-db01'");
        var window = await ScalarAsync("SELECT w.Id FROM MaintenanceWindows w JOIN Devices d ON d.Id = w.DeviceId WHERE d.HostName = 'alpha-db01'");
        return pattern
            .Replace("{Id:guid}/edit", $"{window}/edit", StringComparison.Ordinal)
            .Replace("{Id:guid}", device, StringComparison.Ordinal)
            .Replace("{id:guid}", device, StringComparison.Ordinal)
            .Replace("{feed:guid}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal)
            .Replace("{secret}", "no-such-secret", StringComparison.Ordinal)
            .Replace("{culture}", "en", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal);
    }

    private async Task<string> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
    }
}
