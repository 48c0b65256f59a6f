using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Portal.Infrastructure.Persistence;

namespace Portal.Web;

/// <summary>Tells a newcomer where the portal is and, in Development, how to sign in.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var lines = new List<string> { string.Empty, "Portal is running:" };
        lines.AddRange(addresses.Select(a => $"  {a}"));
        if (app.Environment.IsDevelopment())
        {
            lines.Add($"Demo sign-ins (password for all: {DemoDataSeeder.DemoPassword}):");
            lines.AddRange(DemoDataSeeder.Accounts.Select(a => $"  {a.Email,-24} {a.Description}"));
            lines.Add("Centre intake: POST /api/centre/reports with 'Authorization: Bearer demo-intake-token' (contract: /openapi/v1.json);");
            lines.Add("  without an SMTP server, e-mails are written to App_Data/mail as .eml files.");
            lines.Add($"Customer API: GET /api/v1/devices with 'Authorization: Bearer {DemoDataSeeder.DemoApiToken}'");
            lines.Add("  (admin@alpha.example's read-write token for SP1000001 and SP1000002; make your own under ユーザ情報 / Profile).");
        }

        lines.Add(string.Empty);
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
