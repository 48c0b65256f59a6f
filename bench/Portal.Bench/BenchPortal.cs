using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Bench;

/// <summary>
/// The real portal (its Program, middleware and endpoints) in this process on a loopback Kestrel port, on a
/// given SQLite file. Development environment because production insists on HTTPS; logging at Warning so the
/// console does not become the bottleneck.
/// </summary>
public sealed class BenchPortal : WebApplicationFactory<Program>
{
    public const string NoDatabasePath = "/bench/no-database";

    public const string DemoPassword = Portal.Infrastructure.Persistence.DemoDataSeeder.DemoPassword;

    private readonly CircuitCounter _circuits = new();

    private readonly string _folder;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private BenchPortal(string folder, IReadOnlyDictionary<string, string?> settings) => (_folder, _settings) = (folder, settings);

    public Uri Address { get; private set; } = null!;

    /// <summary>Blazor circuits currently open on the server.</summary>
    public int OpenCircuits => _circuits.Open;

    public static BenchPortal Start(string folder, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // The factory looks for the web project beside the solution file under its assembly name; here it is in src/.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PORTAL_WEB", Path.Combine(RepositoryRoot(), "src", "Portal.Web"));
        var portal = new BenchPortal(folder, settings ?? new Dictionary<string, string?>());
        portal.UseKestrel(0);
        portal.StartServer();
        var addresses = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        portal.Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return portal;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Portal.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository (Portal.sln not found above it).");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_folder, "portal.db")}");
        builder.UseSetting("Mail:PickupDirectory", Path.Combine(_folder, "mail"));
        builder.UseSetting("Centre:JobIntervalMinutes", "600");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, NoDatabaseEndpoint>();
            services.AddSingleton<CircuitHandler>(_circuits);
        });
    }

    private sealed class CircuitCounter : CircuitHandler
    {
        private int _open;

        public int Open => Volatile.Read(ref _open);

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// The HTTP yardstick for intake: same request and answer sizes, JSON read and written, no database. It sits
    /// in front of the pipeline, so the intake/no-database ratio is what the database path costs.
    /// </summary>
    private sealed class NoDatabaseEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Path != NoDatabasePath)
                {
                    await nextMiddleware(context);
                    return;
                }

                using var report = await JsonDocument.ParseAsync(context.Request.Body);
                var reportId = report.RootElement.GetProperty("reportId").GetString();
                await context.Response.WriteAsJsonAsync(new { outcome = "recorded", deviceManagementNumber = reportId });
            });
            next(app);
        };
    }
}
