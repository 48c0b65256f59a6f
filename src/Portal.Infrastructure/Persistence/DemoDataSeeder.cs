using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Users;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Observability;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// Development-only demo data: two customers with separate support IDs, users in every role, devices in
/// every status and contract type (including the cases the FAQ warns about) and a year of reports.
/// </summary>
public sealed class DemoDataSeeder(
    PortalDbContext db,
    UserManager<PortalIdentityUser> userManager,
    RoleManager<IdentityRole<Guid>> roleManager,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    /// <summary>Shared by every demo account; exists only in Development seeding.</summary>
    public const string DemoPassword = "Demo#2026pass";

    /// <summary>
    /// A read-write personal access token of admin@alpha.example for SP1000001 and SP1000002, so the README's API
    /// example works at once. Development only, like every demo account.
    /// </summary>
    public const string DemoApiToken = "ers_0190d3e0000070008000000000000001_demo-token-of-admin-at-alpha-example-000000";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@alpha.example", "山田 太郎", "情報システム部", "03-1234-5601", "株式会社アルファ製作所 / SP1000001, SP1000002 / 利用管理者"),
        new("deputy@alpha.example", "佐藤 花子", "情報システム部 運用課", "03-1234-5602", "株式会社アルファ製作所 / SP1000001 / 利用管理者代行"),
        new("user@alpha.example", "鈴木 一郎", string.Empty, "090-1234-5603", "株式会社アルファ製作所 / SP1000001 / 利用者 (所属が空欄)"),
        new("ops@alpha.example", "中村 陽介", "情報システム部 運用課", "03-1234-5604", "株式会社アルファ製作所 / SP1000001 / 利用者"),
        new("admin@beta.example", "高橋 美咲", "システム管理課", "06-6543-2101", "ベータ物流株式会社 / SP2000001 / 利用管理者"),
        new("user@beta.example", "田中 健", "運用グループ", "06-6543-2102", "ベータ物流株式会社 / SP2000001 / 利用者"),
        new("staff@centre.example", "伊藤 受付", "エクスプレス受付センタ", "0120-000-000", "受付センタ (スタッフ)"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Organizations.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = JapanTime.Today(clock);
        await roleManager.CreateAsync(new IdentityRole<Guid>(PortalRoles.Staff) { Id = Guid.NewGuid() });
        var people = new Dictionary<string, UserProfile>();
        foreach (var account in Accounts)
        {
            people[account.Email] = await CreateUserAsync(account);
        }

        await userManager.AddToRoleAsync((await userManager.FindByEmailAsync("staff@centre.example"))!, PortalRoles.Staff);

        var alpha = new CustomerOrganization(Guid.NewGuid(), "株式会社アルファ製作所");
        var beta = new CustomerOrganization(Guid.NewGuid(), "ベータ物流株式会社");
        var alphaMain = new SupportAccount(Guid.NewGuid(), alpha.Id, "SP1000001");
        var alphaLab = new SupportAccount(Guid.NewGuid(), alpha.Id, "SP1000002");
        var betaMain = new SupportAccount(Guid.NewGuid(), beta.Id, "SP2000001");
        Member(alphaMain, people["admin@alpha.example"], MemberRole.Administrator);
        Member(alphaMain, people["deputy@alpha.example"], MemberRole.Deputy);
        Member(alphaMain, people["user@alpha.example"], MemberRole.User);
        Member(alphaMain, people["ops@alpha.example"], MemberRole.User);
        Member(alphaLab, people["admin@alpha.example"], MemberRole.Administrator);
        Member(betaMain, people["admin@beta.example"], MemberRole.Administrator);
        Member(betaMain, people["user@beta.example"], MemberRole.User);
        db.AddRange(alpha, beta, alphaMain, alphaLab, betaMain);

        var tokyo = new InstallationSite("1000005", "東京都", "千代田区丸の内1-1-1", "アルファビル 5F サーバ室");
        var osaka = new InstallationSite("5300001", "大阪府", "大阪市北区梅田2-2-2", "ベータ物流センター B1");
        var alphaContacts = new[] { people["admin@alpha.example"], people["deputy@alpha.example"] };
        var betaContacts = new[] { people["admin@beta.example"], people["user@beta.example"] };
        var supportPack = Contract.SupportPack(today.AddYears(2), confirmed: true);
        var maintenance = Contract.Maintenance(today.AddYears(3));
        var warranty = Contract.FreeWarranty(today.AddMonths(-3));

        var plans = new List<DevicePlan>
        {
            new(alphaMain, "N8100-2345", "alpha-db01", tokyo, maintenance, ServiceStatus.Opened, alphaContacts, 400),
            new(alphaMain, "N8100-2345", "alpha-db02", tokyo, maintenance, ServiceStatus.Opened, alphaContacts, 380),
            new(alphaMain, "N8100-2801", "alpha-web01", tokyo, supportPack, ServiceStatus.Opened, alphaContacts, 300),
            new(alphaMain, "N8150-1123", "alpha-file01", tokyo, supportPack, ServiceStatus.Opened, alphaContacts, 120),
            new(alphaMain, "N8100-2801", "alpha-app01", tokyo, maintenance, ServiceStatus.Accepted, alphaContacts, KeyIssuedMinutesAgo: 20),
            new(alphaMain, "N8100-2801", "alpha-app02", tokyo, maintenance, ServiceStatus.Accepted, alphaContacts, KeyIssuedMinutesAgo: 26 * 60),
            new(alphaMain, "N8150-1123", "alpha-bk01", tokyo, supportPack, ServiceStatus.Applied, alphaContacts),
            new(alphaMain, "N8100-2345", "alpha-dev01", tokyo, warranty, ServiceStatus.NotApplied, []),
            new(alphaMain, "N8100-2801", "alpha-dev03", tokyo, maintenance, ServiceStatus.NotApplied, []),
            new(alphaMain, "NP8100-2345", "alpha-dev02", tokyo, warranty, ServiceStatus.NotApplied, []),
            new(alphaMain, "N8100-2801", "alpha-new01", tokyo, Contract.SupportPack(today.AddYears(3), confirmed: false), ServiceStatus.NotApplied, []),
            new(alphaMain, "N8100-1999", "alpha-old01", tokyo, Contract.FreeWarranty(today.AddYears(-1).AddDays(-30)), ServiceStatus.NotApplied, []),
            new(alphaMain, "N8100-1999", "alpha-old02", tokyo, maintenance, ServiceStatus.Ended, alphaContacts, 500),
            new(alphaLab, "N8100-2345", "alpha-lab01", tokyo, maintenance, ServiceStatus.Opened, [people["admin@alpha.example"]], 200),
            new(alphaLab, "N8100-2801", "alpha-lab02", tokyo, warranty, ServiceStatus.NotApplied, []),
            new(betaMain, "N8100-2345", "beta-wms01", osaka, maintenance, ServiceStatus.Opened, betaContacts, 420),
            new(betaMain, "N8100-2345", "beta-wms02", osaka, maintenance, ServiceStatus.Opened, betaContacts, 410),
            new(betaMain, "N8150-1123", "beta-erp01", osaka, supportPack, ServiceStatus.Opened, betaContacts, 250),
            new(betaMain, "N8100-2801", "beta-erp02", osaka, supportPack, ServiceStatus.Accepted, betaContacts, KeyIssuedMinutesAgo: 3 * 60),
            new(betaMain, "N8100-2801", "beta-web01", osaka, maintenance, ServiceStatus.Applied, betaContacts),
            new(betaMain, "N8100-2345", "beta-web02", osaka, warranty, ServiceStatus.NotApplied, []),
            new(betaMain, "NP8150-1123", "beta-edge01", osaka, warranty, ServiceStatus.NotApplied, []),
            new(betaMain, "N8100-2801", "beta-new01", osaka, Contract.SupportPack(today.AddYears(2), confirmed: false), ServiceStatus.NotApplied, []),
            new(betaMain, "N8100-1999", "beta-old01", osaka, Contract.FreeWarranty(today.AddYears(-2)), ServiceStatus.NotApplied, []),
            new(betaMain, "N8100-1999", "beta-old02", osaka, maintenance, ServiceStatus.Ended, betaContacts, 450),
        };

        var random = new Random(20261122);
        var staff = people["staff@centre.example"];
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var device = new Device(
                Guid.NewGuid(),
                plan.Account.Id,
                plan.ModelNumber,
                $"{7100001 + (i * 37)}",
                $"E{100001 + i:D9}",
                plan.HostName,
                plan.Site,
                plan.Contract);
            db.Devices.Add(device);
            var registration = new ServiceRegistration(Guid.NewGuid(), device.Id);
            db.Registrations.Add(registration);
            AdvanceRegistration(registration, plan, staff.Id, now);
            if (registration.FirstOpenedAt is { } openedAt)
            {
                AddReportHistory(device, registration, openedAt, now, random);
            }
        }

        var firstOpened = db.Devices.Local.First(d => d.HostName == "alpha-db01");
        var window = MaintenanceWindow.Schedule(
            firstOpened.Id,
            JapanTime.StartOf(today.AddDays(10)).AddHours(1),
            JapanTime.StartOf(today.AddDays(10)).AddHours(5),
            "ファームウェア更新",
            people["admin@alpha.example"].Id,
            now);
        Check(window);
        db.MaintenanceWindows.Add(window.Value!);

        var (tokenId, secret) = PersonalAccessToken.Parse(DemoApiToken)!.Value;
        db.PersonalAccessTokens.Add(PersonalAccessToken.Seeded(tokenId, secret, people["admin@alpha.example"].Id, "README example", TokenScope.ReadWrite, [alphaMain.Id, alphaLab.Id], now, now.AddDays(PersonalAccessToken.MaxLifetimeDays)));

        await db.SaveChangesAsync(cancellationToken);
        logger.DemoDataSeeded(plans.Count, db.Reports.Local.Count);
    }

    private async Task<UserProfile> CreateUserAsync(DemoAccount account)
    {
        var user = new PortalIdentityUser { Id = Guid.NewGuid(), UserName = account.Email, Email = account.Email, EmailConfirmed = true };
        var created = await userManager.CreateAsync(user, DemoPassword);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {account.Email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        var profile = new UserProfile(user.Id, account.Name, account.Email, account.Phone, account.Affiliation);
        db.UserProfiles.Add(profile);
        return profile;
    }

    private static void Member(SupportAccount account, UserProfile person, MemberRole role) =>
        Check(account.AddMember(person.Id, role));

    private static void AdvanceRegistration(ServiceRegistration registration, DevicePlan plan, Guid staffId, DateTimeOffset now)
    {
        if (plan.Status == ServiceStatus.NotApplied)
        {
            return;
        }

        var contacts = plan.Contacts
            .Select((p, i) => new ContactChoice(p.Id, p.Name, p.Email, p.Phone, p.Affiliation, i == 0 ? "平日 9:00-18:00" : null))
            .ToList();
        var openedAt = now.AddDays(-plan.OpenedDaysAgo);
        var appliedAt = plan.Status switch
        {
            ServiceStatus.Applied => now.AddHours(-5),
            ServiceStatus.Accepted => now.AddMinutes(-plan.KeyIssuedMinutesAgo).AddDays(-1),
            _ => openedAt.AddDays(-3),
        };
        Check(registration.Apply(plan.Contacts[0].Id, contacts, appliedAt));
        if (plan.Status == ServiceStatus.Applied)
        {
            return;
        }

        var acceptedAt = plan.Status == ServiceStatus.Accepted ? now.AddMinutes(-plan.KeyIssuedMinutesAgo) : openedAt.AddDays(-1);
        Check(registration.Accept(KeyCode.NewRandom(), plan.Contract.OpeningMethod, staffId, acceptedAt));
        if (plan.Status == ServiceStatus.Accepted)
        {
            return;
        }

        Check(registration.Open(openedAt));
        if (plan.Status == ServiceStatus.Ended)
        {
            Check(registration.End(plan.Contacts[0].Id, now.AddDays(-20)));
        }
    }

    private void AddReportHistory(Device device, ServiceRegistration registration, DateTimeOffset openedAt, DateTimeOffset now, Random random)
    {
        var end = registration.EndedAt ?? now;
        var sequence = 0;
        string NextId() => $"{device.DeviceManagementNumber}-{++sequence:D5}";
        void Add(ReportType type, DateTimeOffset at, ReportEvent? e = null, ReportHandling handling = ReportHandling.Recorded) =>
            db.Reports.Add(new Report(device.Id, NextId(), type, at.AddSeconds(-3 - random.Next(40)), at, device.HostName, ReportMeans.Https, ReportRoute.Agent, e, handling));

        Add(ReportType.Opening, openedAt, handling: ReportHandling.Opened);

        // One opened device has stopped sending periodic reports, so the overdue notice has something to show.
        var silentFrom = device.HostName == "beta-erp01" ? now.AddDays(-40) : DateTimeOffset.MaxValue;
        for (var month = 1; ; month++)
        {
            var due = openedAt.AddMonths(month);
            if (due > end || due > silentFrom)
            {
                break;
            }

            var receivedAt = due.AddMinutes(random.Next(0, 90));
            Add(ReportType.Periodic, receivedAt);
            if (registration.Status == ServiceStatus.Opened)
            {
                Check(registration.RecordPeriodicReport(receivedAt));
            }
        }

        var failures = new[]
        {
            new ReportEvent(EventCategory.Disk, "DISK-0107", EventSeverity.Warning, "RAID 論理ドライブ 0: 物理ディスク 2 の予兆監視 (S.M.A.R.T.) 警告"),
            new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "筐体ファン 3 の回転数が下限閾値を下回りました"),
            new ReportEvent(EventCategory.Memory, "MEM-0301", EventSeverity.Warning, "DIMM B2 で訂正可能エラーが閾値を超えました"),
            new ReportEvent(EventCategory.Power, "PSU-0004", EventSeverity.Critical, "電源ユニット 2 の入力電源が失われました"),
        };
        var span = end - openedAt;
        for (var i = 0; i < 3; i++)
        {
            var at = openedAt + TimeSpan.FromTicks((long)(span.Ticks * random.NextDouble()));
            Add(ReportType.Failure, at, failures[random.Next(failures.Length)], ReportHandling.ContactsNotified);
        }

        Add(ReportType.PseudoFailure, openedAt.AddHours(2), new ReportEvent(EventCategory.Other, "TEST-0001", EventSeverity.Info, "擬似障害通報テスト"));
        if (silentFrom < now)
        {
            // Its route still works (a test came through after the notice): overdue, not silent.
            Add(ReportType.PseudoFailure, now.AddDays(-2), new ReportEvent(EventCategory.Other, "TEST-0001", EventSeverity.Info, "擬似障害通報テスト"));
        }

        if (registration.EndedAt is { } endedAt)
        {
            Add(ReportType.End, endedAt);
        }
    }

    private static void Check(Application.Common.Result result)
    {
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"Demo data broke a domain rule: {string.Join(", ", result.Errors.Select(e => e.Code))}");
        }
    }

    private sealed record DevicePlan(
        SupportAccount Account,
        string ModelNumber,
        string HostName,
        InstallationSite Site,
        Contract Contract,
        ServiceStatus Status,
        IReadOnlyList<UserProfile> Contacts,
        int OpenedDaysAgo = 0,
        int KeyIssuedMinutesAgo = 0);
}

/// <summary>A demo sign-in, printed at start in Development.</summary>
public sealed record DemoAccount(string Email, string Name, string Affiliation, string Phone, string Description);
