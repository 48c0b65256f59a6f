using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
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

    private ServiceProvider Build(params (string Key, string? Value)[] settings) => Build(_ => { }, settings);

    private ServiceProvider Build(Action<IServiceCollection> replace, params (string Key, string? Value)[] settings)
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
        replace(services);
        var provider = services.BuildServiceProvider();

        // As the portal starts: its settings are checked first.
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
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
        var refused = Assert.Throws<OptionsValidationException>(() => Build(("Mail:ClaimLeaseSeconds", "10")));
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

        // A list of 20,000 ids (choosing every device of a large customer) must not become 20,000 parameters, past
        // SQL Server's 2,100: EF Core 10 sends one parameter per id only below the limit, one JSON one above. The SQL
        // is generated without a server.
        var ids = Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid()).ToList();
        var sql = db.Devices.Where(d => ids.Contains(d.Id)).ToQueryString();
        Assert.Contains("OPENJSON", sql, StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(sql, "DECLARE @"));
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
    public async Task AnUnknownAddressCostsThePasswordHashAKnownOneDoes()
    {
        // Whether an account exists must not show in the time a wrong password takes. That time is the password
        // hash (the rest is a query and a write), so the rule is checked as the work done, not with a stopwatch
        // on a shared machine: one verification for each, and no hashing per attempt.
        var hasher = new CountingPasswordHasher();
        await using var services = Build(s => s.AddSingleton<IPasswordHasher<PortalIdentityUser>>(hasher));
        await DatabaseInitializer.InitializeAsync(services, seedDemoData: true);
        await SignInAsync(services, "nobody@beta.example", "warm-up", client: "192.0.2.201");

        hasher.Reset();
        var known = await SignInAsync(services, "admin@beta.example", "wrong", client: "192.0.2.2");
        var knownWork = (hasher.Verified, hasher.Hashed);
        hasher.Reset();
        var unknown = await SignInAsync(services, "nobody-else@beta.example", "wrong", client: "192.0.2.3");
        var unknownWork = (hasher.Verified, hasher.Hashed);

        Assert.Equal((SignInOutcome.Failed, SignInOutcome.Failed), (known.Outcome, unknown.Outcome));
        Assert.Equal((1, 0), knownWork);
        Assert.Equal(knownWork, unknownWork);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // And each failure is counted, known or not.
        string[] keys = [SignInThrottle.KeyOf("admin@beta.example", "192.0.2.2"), SignInThrottle.KeyOf("nobody-else@beta.example", "192.0.2.3")];
        Assert.Equal(2, await db.SignInThrottles.CountAsync(t => keys.Contains(t.Key)));
    }

    /// <summary>Identity's own hasher, counting its work.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<PortalIdentityUser>
    {
        private readonly PasswordHasher<PortalIdentityUser> _inner = new();

        public int Verified { get; private set; }

        public int Hashed { get; private set; }

        public void Reset() => Verified = Hashed = 0;

        public string HashPassword(PortalIdentityUser user, string password)
        {
            Hashed++;
            return _inner.HashPassword(user, password);
        }

        public PasswordVerificationResult VerifyHashedPassword(PortalIdentityUser user, string hashedPassword, string providedPassword)
        {
            Verified++;
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
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
