using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Intake;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Intake;

namespace Portal.UnitTests.Support;

/// <summary>
/// A small customer world on a real database: two customers, each with one support ID, a member of each
/// role, devices, and a staff person. Tests act as one of them through <see cref="User"/>.
/// </summary>
public sealed class World : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    public World()
        : this(new TestDatabase())
    {
    }

    private TestAccounts? _accounts;

    /// <summary>Signs and checks opening key files with a key ring of this world's own.</summary>
    public IKeyFileSigner KeyFiles { get; } = new Portal.Infrastructure.Security.KeyFileSigner(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());

    public World(TestDatabase database)
    {
        Database = database;
        Clock = new FakeTimeProvider(Start);
        AlphaAdmin = Person("山田 太郎", "情報システム部");
        AlphaDeputy = Person("佐藤 花子", "情報システム部");
        AlphaUser = Person("鈴木 一郎", string.Empty);
        BetaAdmin = Person("高橋 美咲", "システム管理課");
        Staff = Person("伊藤 受付", "受付センタ");

        using var db = Database.CreateContext();
        var alpha = new CustomerOrganization(Guid.NewGuid(), "アルファ");
        var beta = new CustomerOrganization(Guid.NewGuid(), "ベータ");
        AlphaAccount = new SupportAccount(Guid.NewGuid(), alpha.Id, "SP1000001");
        BetaAccount = new SupportAccount(Guid.NewGuid(), beta.Id, "SP2000001");
        AlphaAccount.AddMember(AlphaAdmin.Id, MemberRole.Administrator);
        AlphaAccount.AddMember(AlphaDeputy.Id, MemberRole.Deputy);
        AlphaAccount.AddMember(AlphaUser.Id, MemberRole.User);
        BetaAccount.AddMember(BetaAdmin.Id, MemberRole.Administrator);
        db.AddRange(alpha, beta, AlphaAccount, BetaAccount);
        db.SaveChanges();
    }

    public TestDatabase Database { get; }
    public TestUser User { get; } = new();

    public TestAccounts Accounts => _accounts ??= new TestAccounts(Database);
    public FakeTimeProvider Clock { get; }
    public UserProfile AlphaAdmin { get; }
    public UserProfile AlphaDeputy { get; }
    public UserProfile AlphaUser { get; }
    public UserProfile BetaAdmin { get; }
    public UserProfile Staff { get; }
    public SupportAccount AlphaAccount { get; }
    public SupportAccount BetaAccount { get; }

    /// <summary>An intake on this world's database, committing as the portal does.</summary>
    public IntakeWriter NewIntake(IntakeOptions? options = null) =>
        new(Factory, new ReceiveReportHandler(), Clock, Microsoft.Extensions.Options.Options.Create(options ?? new IntakeOptions()));

    /// <summary>One report through a fresh intake, answered once it is stored.</summary>
    public async Task<IntakeResponse> ReceiveAsync(string senderKey, IntakeReport report)
    {
        // The rules are tested here, not admission: on a machine busy with the browser tests a commit may wait past
        // the intake's one-second limit, which would answer "overloaded" to a report the test must see judged.
        await using var intake = NewIntake(new IntakeOptions { MaxWaitSeconds = 120 });
        return (await intake.SubmitAsync(senderKey, report)).Response ?? throw new InvalidOperationException("The intake refused the report as overloaded.");
    }

    public void ActAs(UserProfile person, bool isStaff = false) => User.Actor = new Actor(person.Id, person.Name, isStaff);

    /// <summary>The staff member in a sign-in session of their own; by default one in which they gave a reason.</summary>
    public void ActAsStaff(bool withReason = true)
    {
        var session = Guid.NewGuid().ToString("N");
        User.Actor = new Actor(Staff.Id, Staff.Name, IsStaff: true, session);
        if (withReason)
        {
            using var db = Database.CreateContext();
            db.StaffAccessReasons.Add(new Portal.Application.Domain.Audit.StaffAccessReason(session, Staff.Id, "テストの調査", Clock.GetUtcNow()));
            db.SaveChanges();
        }
    }

    public void ActAnonymously() => User.Actor = null;

    public UserProfile Person(string name, string affiliation)
    {
        var id = Guid.NewGuid();
        var email = $"{id:N}@example.test";
        using var db = Database.CreateContext();
        db.Users.Add(new PortalIdentityUser { Id = id, UserName = email, Email = email });
        var profile = new UserProfile(id, name, email, "03-1234-5678", affiliation);
        db.UserProfiles.Add(profile);
        db.SaveChanges();
        return profile;
    }

    /// <param name="withRegistration">False leaves the device without a registration row, as a device registered before any application.</param>
    public Device AddDevice(SupportAccount account, string hostName, ServiceStatus status = ServiceStatus.NotApplied, string modelNumber = "N8100-2345", Contract? contract = null, bool withRegistration = true, string? serialNumber = null)
    {
        using var db = Database.CreateContext();
        var device = new Device(
            Guid.NewGuid(),
            account.Id,
            modelNumber,
            serialNumber ?? $"SN{Guid.NewGuid():N}"[..10],
            $"E{Random.Shared.Next(100_000_000, 999_999_999)}",
            hostName,
            InstallationSite.Empty,
            contract ?? Contract.Maintenance(new DateOnly(2030, 3, 31)));
        var registration = new ServiceRegistration(Guid.NewGuid(), device.Id);
        var now = Clock.GetUtcNow();
        if (status >= ServiceStatus.Applied)
        {
            registration.Apply(AlphaAdmin.Id, [new ContactChoice(AlphaAdmin.Id, AlphaAdmin.Name, AlphaAdmin.Email, AlphaAdmin.Phone, AlphaAdmin.Affiliation, null)], now.AddDays(-3));
        }

        if (status >= ServiceStatus.Accepted)
        {
            registration.Accept(KeyCode.NewRandom(), device.Contract.OpeningMethod, Staff.Id, now.AddDays(-2));
        }

        if (status >= ServiceStatus.Opened)
        {
            registration.Open(now.AddDays(-1));
        }

        if (status == ServiceStatus.Ended)
        {
            registration.End(AlphaAdmin.Id, now);
        }

        db.Add(device);
        if (withRegistration)
        {
            db.Add(registration);
        }

        db.SaveChanges();
        return device;
    }

    public Report AddReport(Device device, DateTimeOffset receivedAt, ReportType type = ReportType.Periodic, ReportEvent? e = null)
    {
        using var db = Database.CreateContext();
        var report = new Report(device.Id, Guid.NewGuid().ToString("N"), type, receivedAt.AddSeconds(-5), receivedAt, device.HostName, ReportMeans.Https, ReportRoute.Agent, e, ReportHandling.Recorded);
        db.Reports.Add(report);
        db.SaveChanges();
        return report;
    }

    public IPortalDbContextFactory Factory => Database;

    public void Dispose() => Database.Dispose();
}
