using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Infrastructure;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.UnitTests.Persistence;

/// <summary>The real wiring: configuration, SQLite file, Identity, migrations and demo data.</summary>
public sealed class InfrastructureSetupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-tests-").FullName;

    private ServiceProvider Build(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpContextAccessor();
        services.AddSingleton<IConfiguration>(configuration); // as the web host provides
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero)));
        services.AddPortalInfrastructure(configuration, _folder);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task DemoDataCoversEveryCaseTheFoundationPromises()
    {
        await using var services = Build();

        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);

        Assert.True(File.Exists(Path.Combine(_folder, "App_Data", "portal.db")));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.True(await db.Organizations.CountAsync() >= 2);
        Assert.True(await db.Devices.CountAsync() >= 20);
        var statuses = await db.Registrations.Select(r => r.Status).Distinct().ToListAsync();
        Assert.Equal(Enum.GetValues<ServiceStatus>().Order(), statuses.Order());
        var devices = await db.Devices.ToListAsync();
        Assert.Equal(Enum.GetValues<ContractType>().Order(), devices.Select(d => d.Contract.Type).Distinct().Order());
        Assert.Contains(devices, d => d.HasSelectionPackModelNumber);
        Assert.Contains(devices, d => d.Contract is { Type: ContractType.SupportPack, SupportPackConfirmed: false });
        Assert.Contains(devices, d => d.Contract.Type == ContractType.FreeWarranty && d.Contract.IsExpiredOn(new DateOnly(2026, 11, 20)));
        Assert.Contains(await db.UserProfiles.ToListAsync(), p => !p.HasAffiliation);
        var roles = await db.SupportMemberships.Select(m => m.Role).Distinct().ToListAsync();
        Assert.Equal(3, roles.Count);
        var staff = await scope.ServiceProvider.GetRequiredService<UserManager<PortalIdentityUser>>().GetUsersInRoleAsync(PortalRoles.Staff);
        Assert.Single(staff);
        var oldestPeriodic = await db.Reports.Where(r => r.Type == ReportType.Periodic).MinAsync(r => r.ReceivedAt);
        Assert.True(oldestPeriodic <= new DateTimeOffset(2025, 12, 20, 0, 0, 0, TimeSpan.Zero), "a year of history for opened devices");
    }

    [Fact]
    public void AMailClaimTooShortForASendAndItsRecordToLandRefusesToStart()
    {
        // Ten seconds would let a second instance take a message whose result is still waiting for the write lock.
        var refused = Assert.Throws<InvalidOperationException>(() => Build(("Mail:ClaimLeaseSeconds", "10")));
        Assert.Contains("Mail:ClaimLeaseSeconds", refused.Message);

        using var _ = Build(("Mail:ClaimLeaseSeconds", "45"), ("Mail:Smtp:TimeoutSeconds", "5"));
    }

    [Fact]
    public async Task SeedingTwiceAddsNothing()
    {
        await using var services = Build();
        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);

        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);

        await using var scope = services.CreateAsyncScope();
        Assert.Equal(25, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Devices.CountAsync());
    }

    [Fact]
    public async Task WithoutDemoDataTheDatabaseIsMigratedAndEmpty()
    {
        await using var services = Build();

        await DatabaseInitializer.InitializeAsync(services, seedDemoData: false);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.False(await db.Devices.AnyAsync());
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task HealthCheckReportsTheDatabase()
    {
        await using var services = Build();
        await DatabaseInitializer.InitializeAsync(services, seedDemoData: false);

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Contains("database", report.Entries.Keys);
    }

    [Fact]
    public void SqlServerWithoutAConnectionStringFailsFastWithAClearMessage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(("Database:Provider", "SqlServer")));

        Assert.Contains("ConnectionStrings:SqlServer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqlServerIsSelectedByConfiguration()
    {
        await using var services = Build(("Database:Provider", "SqlServer"), ("ConnectionStrings:SqlServer", "Server=centre-db;Database=Portal;Integrated Security=true"));
        await using var scope = services.CreateAsyncScope();

        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        Assert.IsType<SqlServerPortalDbContext>(db);
        Assert.True(db.Database.IsSqlServer());
    }

    [Fact]
    public async Task PasswordsAreStoredHashed()
    {
        await using var services = Build();
        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalIdentityUser>>();
        var user = (await users.FindByEmailAsync("user@beta.example"))!;

        Assert.StartsWith("AQAAAA", user.PasswordHash, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoDataSeeder.DemoPassword, user.PasswordHash, StringComparison.Ordinal);
        Assert.True(await users.CheckPasswordAsync(user, DemoDataSeeder.DemoPassword));
    }

    [Fact]
    public async Task SignInOutcomesAreAuditedAndTheRememberedLanguageComesBack()
    {
        await using var services = Build();
        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);

        var wrong = await SignInAsync(services, "deputy@alpha.example", "not-the-password");
        var right = await SignInAsync(services, "deputy@alpha.example", DemoDataSeeder.DemoPassword);
        var unknown = await SignInAsync(services, "nobody@alpha.example", DemoDataSeeder.DemoPassword);

        Assert.Equal(new PortalSignInResult(SignInOutcome.Failed, null), wrong);
        Assert.Equal(new PortalSignInResult(SignInOutcome.Succeeded, "ja"), right);
        Assert.Equal(SignInOutcome.Failed, unknown.Outcome);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var audit = await db.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.Action, a.ActorName }).ToListAsync();
        Assert.Equal(["SignInFailed", "SignInSucceeded"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("佐藤 花子", a.ActorName));
    }

    [Fact]
    public async Task FiveFailuresFromOneClientStopThatClientEvenForTheRightPasswordButNotTheOwnersOwnClient()
    {
        await using var services = Build();
        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SignInOutcome.Failed, (await SignInAsync(services, "user@beta.example", $"wrong-{i}", client: "203.0.113.9")).Outcome);
        }

        var stopped = await SignInAsync(services, "user@beta.example", DemoDataSeeder.DemoPassword, client: "203.0.113.9");
        var owner = await SignInAsync(services, "user@beta.example", DemoDataSeeder.DemoPassword, client: "192.0.2.1");

        Assert.Equal(new PortalSignInResult(SignInOutcome.LockedOut, null), stopped);
        Assert.Equal(SignInOutcome.Succeeded, owner.Outcome);
    }

    [Fact]
    public async Task AnUnknownAddressAnswersExactlyAsAKnownOneSoNothingTellsWhetherAnAccountExists()
    {
        await using var services = Build();
        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);

        async Task<List<SignInOutcome>> SevenWrongAsync(string email)
        {
            var outcomes = new List<SignInOutcome>();
            for (var i = 0; i < 7; i++)
            {
                outcomes.Add((await SignInAsync(services, email, $"wrong-{i}", client: "198.51.100.7")).Outcome);
            }

            return outcomes;
        }

        var known = await SevenWrongAsync("deputy@beta.example");
        var unknown = await SevenWrongAsync("nobody-here@beta.example");

        Assert.Equal([.. Enumerable.Repeat(SignInOutcome.Failed, 5), SignInOutcome.LockedOut, SignInOutcome.LockedOut], known);
        Assert.Equal(known, unknown);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.DoesNotContain(await db.SignInThrottles.Select(t => t.Key).ToListAsync(), k => k.Contains("beta", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnUnknownAddressTakesAsLongAsAKnownOne()
    {
        await using var services = Build();
        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);
        await SignInAsync(services, "admin@beta.example", "warm-up", client: "192.0.2.200");
        await SignInAsync(services, "nobody@beta.example", "warm-up", client: "192.0.2.201");

        // Interleaved pairs, each attempt from its own client so none is stopped. The machine's load drifts while
        // the suite runs (the E2E tests run beside it), and the two attempts of a pair see the same load: the
        // median of the pairs' ratios is the comparison, within 20%.
        var ratios = new List<double>();
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 25; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await SignInAsync(services, "admin@beta.example", $"wrong-{i}", client: $"192.0.2.{i + 2}");
            var knownMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            await SignInAsync(services, $"nobody-{i}@beta.example", $"wrong-{i}", client: $"192.0.2.{i + 100}");
            var unknownMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            known.Add(knownMs);
            unknown.Add(unknownMs);
            ratios.Add(unknownMs / knownMs);
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var ratio = Median(ratios);
        Assert.True(ratio is > 0.8 and < 1.2, $"median ratio unknown/known {ratio:F2} (medians: unknown {Median(unknown):F1} ms, known {Median(known):F1} ms)");
    }

    [Fact]
    public async Task EntraIdIsAnExternalLoginOnlyWhenConfigured()
    {
        await using var without = Build();
        await using var with = Build(
            ("AzureAd:Instance", "https://login.microsoftonline.com/"),
            ("AzureAd:TenantId", "00000000-0000-0000-0000-000000000001"),
            ("AzureAd:ClientId", "00000000-0000-0000-0000-000000000002"),
            ("AzureAd:CallbackPath", "/signin-oidc"));

        Assert.Null(await without.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(ExternalSignIn.Scheme));
        Assert.NotNull(await with.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(ExternalSignIn.Scheme));
        var options = with.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(ExternalSignIn.Scheme);
        Assert.Equal(IdentityConstants.ExternalScheme, options.SignInScheme);
        Assert.Equal("00000000-0000-0000-0000-000000000002", options.ClientId);
    }

    private static async Task<PortalSignInResult> SignInAsync(IServiceProvider services, string email, string password, string client = "192.0.2.1")
    {
        await using var scope = services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(client);
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = http;
        return await scope.ServiceProvider.GetRequiredService<PortalSignIn>().PasswordSignInAsync(email, password, remember: false);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
