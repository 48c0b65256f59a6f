using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Applications;
using Portal.Application.Features.Contacts;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ApplyForServiceTests : IDisposable
{
    private readonly World _world = new();
    private bool _autoAccept;

    private ApplyForServiceHandler Handler => new(_world.Factory, _world.User, _world.Clock, new KeyCodeIssuer(), Options.Create(new AcceptanceOptions { AutoAccept = _autoAccept }));

    private ApplyForServiceCommand Command(params Device[] devices) =>
        new(_world.AlphaAccount.Id, [.. devices.Select(d => d.Id)], new ContactRequest(_world.AlphaAdmin.Id, "平日 9:00-18:00"), new ContactRequest(_world.AlphaDeputy.Id, null));

    private async Task<ServiceRegistration> RegistrationOf(Device device)
    {
        await using var db = _world.Database.CreateContext();
        return await db.Registrations.Include(r => r.Contacts).Include(r => r.History).SingleAsync(r => r.DeviceId == device.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AdministratorsAndDeputiesApplyWithTwoContactsCopiedInOrder(bool asDeputy)
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(asDeputy ? _world.AlphaDeputy : _world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command(device));

        Assert.True(result.IsOk, string.Join(",", result.Errors));
        Assert.False(result.Value!.Accepted);
        var registration = await RegistrationOf(device);
        Assert.Equal(ServiceStatus.Applied, registration.Status);
        Assert.Equal(World.Start, registration.AppliedAt);
        Assert.Equal(
            [(1, _world.AlphaAdmin.Name, _world.AlphaAdmin.Phone, "平日 9:00-18:00"), (2, _world.AlphaDeputy.Name, _world.AlphaDeputy.Phone, null)],
            registration.Contacts.OrderBy(c => c.Priority).Select(c => (c.Priority, c.Name, c.Phone, c.ReachableHours)));
    }

    [Fact]
    public async Task SeveralDevicesAreAppliedForTogetherAndEachIsAudited()
    {
        var first = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        var second = _world.AddDevice(_world.AlphaAccount, "alpha-02");
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command(first, second));

        Assert.True(result.IsOk);
        Assert.Equal(ServiceStatus.Applied, (await RegistrationOf(first)).Status);
        Assert.Equal(ServiceStatus.Applied, (await RegistrationOf(second)).Status);
        await using var db = _world.Database.CreateContext();
        var audit = await db.AuditEntries.Where(a => a.Action == "Apply").ToListAsync();
        Assert.Equal(new[] { first.Id, second.Id }.Order(), audit.Select(a => a.DeviceId!.Value).Order());
        Assert.All(audit, a => Assert.Equal(_world.AlphaAdmin.Id, a.ActorUserId));
        Assert.All(audit, a => Assert.Contains("\"Status\":\"Applied\"", a.After, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AUserRoleMemberIsRefusedWithTheReason()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(_world.AlphaUser);

        var result = await Handler.HandleAsync(Command(device));

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal(ErrorCodes.ApplyRequiresAdministrator, result.Errors[0].Code);
        Assert.Equal(ServiceStatus.NotApplied, (await RegistrationOf(device)).Status);
    }

    [Fact]
    public async Task AMemberOfAnotherCustomerFindsNothing()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(_world.BetaAdmin);

        var result = await Handler.HandleAsync(Command(device));

        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Equal(ServiceStatus.NotApplied, (await RegistrationOf(device)).Status);
    }

    [Fact]
    public async Task ADeviceOfAnotherSupportIdCannotBeSlippedIn()
    {
        var mine = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        var theirs = _world.AddDevice(_world.BetaAccount, "beta-01");
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command(mine, theirs));

        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Equal(ServiceStatus.NotApplied, (await RegistrationOf(mine)).Status);
        Assert.Equal(ServiceStatus.NotApplied, (await RegistrationOf(theirs)).Status);
    }

    public static TheoryData<string, Eligibility> IneligibleDevices => new()
    {
        { "NP8100-2345", Eligibility.SelectionPackModelNumber },
        { "unconfirmed-pack", Eligibility.WaitingForRegistrationConfirmation },
        { "expired-warranty", Eligibility.WarrantyExpired },
        { "expired-contract", Eligibility.ContractExpired },
    };

    [Theory]
    [MemberData(nameof(IneligibleDevices))]
    public async Task IneligibleDevicesAreRefusedAndNothingIsApplied(string kind, Eligibility expected)
    {
        var today = new DateOnly(2026, 11, 20);
        var device = kind switch
        {
            "NP8100-2345" => _world.AddDevice(_world.AlphaAccount, "np", modelNumber: kind),
            "unconfirmed-pack" => _world.AddDevice(_world.AlphaAccount, "pack", contract: Contract.SupportPack(today.AddYears(1), confirmed: false)),
            "expired-warranty" => _world.AddDevice(_world.AlphaAccount, "warranty", contract: Contract.FreeWarranty(today.AddYears(-1))),
            _ => _world.AddDevice(_world.AlphaAccount, "contract", contract: Contract.Maintenance(today.AddDays(-1))),
        };
        var fine = _world.AddDevice(_world.AlphaAccount, "fine");
        _world.ActAs(_world.AlphaAdmin);
        Assert.Equal(expected, device.CheckEligibility(today));

        var result = await Handler.HandleAsync(Command(fine, device));

        Assert.Equal(ErrorCodes.DeviceNotEligible, result.Errors[0].Code);
        Assert.Equal(ServiceStatus.NotApplied, (await RegistrationOf(fine)).Status);
    }

    [Fact]
    public async Task FreeWarrantyIsEligibleOnItsLastDayAndNotTheDayAfter()
    {
        // Japan date 2026-11-20 (10:00 JST). Delivered 2025-11-21: valid through 2026-11-20.
        var lastDay = _world.AddDevice(_world.AlphaAccount, "last-day", contract: Contract.FreeWarranty(new DateOnly(2025, 11, 21)));
        var dayAfter = _world.AddDevice(_world.AlphaAccount, "day-after", contract: Contract.FreeWarranty(new DateOnly(2025, 11, 20)));
        _world.ActAs(_world.AlphaAdmin);

        Assert.True((await Handler.HandleAsync(Command(lastDay))).IsOk);
        Assert.Equal(ErrorCodes.DeviceNotEligible, (await Handler.HandleAsync(Command(dayAfter))).Errors[0].Code);
    }

    [Fact]
    public async Task AnApplicantWithoutAffiliationIsToldSoBeforeAnythingIsApplied()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        var noAffiliation = MakeDeputyWithoutAffiliation();
        _world.ActAs(noAffiliation);

        var result = await Handler.HandleAsync(Command(device));

        Assert.Equal(new Error(ErrorCodes.ApplicantAffiliationMissing, "Applicant"), result.Errors[0]);
        Assert.Equal(ServiceStatus.NotApplied, (await RegistrationOf(device)).Status);
    }

    [Fact]
    public async Task AContactWithoutAffiliationIsRefused()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command(device) with { Contact2 = new ContactRequest(_world.AlphaUser.Id, null) });

        Assert.Equal(new Error(ErrorCodes.ContactAffiliationMissing, "Contact2"), result.Errors[0]);
    }

    [Fact]
    public async Task AContactMustBelongToTheSameSupportId()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command(device) with { Contact1 = new ContactRequest(_world.BetaAdmin.Id, null) });

        Assert.Equal(new Error(ErrorCodes.ContactNotMember, "Contact1"), result.Errors[0]);
    }

    [Fact]
    public async Task TheSamePersonCannotBeBothContacts()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command(device) with { Contact2 = new ContactRequest(_world.AlphaAdmin.Id, "夜間") });

        Assert.Equal(new Error(ErrorCodes.DuplicateContact, "Contact2"), result.Errors[0]);
    }

    [Fact]
    public async Task ContactTwoIsOptional()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command(device) with { Contact2 = null });

        Assert.True(result.IsOk);
        Assert.Single((await RegistrationOf(device)).Contacts);
    }

    [Fact]
    public async Task NoDevicesIsRefused()
    {
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command());

        Assert.Equal(ErrorCodes.NoDevicesChosen, result.Errors[0].Code);
    }

    [Fact]
    public async Task ApplyingTwiceYieldsOneApplication()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(_world.AlphaAdmin);

        var first = await Handler.HandleAsync(Command(device));
        var second = await Handler.HandleAsync(Command(device));

        Assert.True(first.IsOk);
        Assert.Equal((ResultStatus.Conflict, ErrorCodes.AlreadyApplied), (second.Status, second.Errors[0].Code));
        Assert.Single((await RegistrationOf(device)).History);
    }

    [Fact]
    public async Task WithAutomaticAcceptanceTheKeyCodeIsIssuedAtOnce()
    {
        _autoAccept = true;
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01");
        _world.ActAs(_world.AlphaAdmin);

        var result = await Handler.HandleAsync(Command(device));

        Assert.True(result.Value!.Accepted);
        var registration = await RegistrationOf(device);
        Assert.Equal(ServiceStatus.Accepted, registration.Status);
        Assert.True(KeyCode.TryParse(registration.KeyCode, out _));
        Assert.Equal(World.Start.AddHours(1), registration.OpeningPossibleFrom);
    }

    private UserProfile MakeDeputyWithoutAffiliation()
    {
        var person = _world.Person("新人 次郎", string.Empty);
        using var db = _world.Database.CreateContext();
        db.SupportAccounts.Include(a => a.Members).Single(a => a.Id == _world.AlphaAccount.Id).AddMember(person.Id, Portal.Application.Domain.Customers.MemberRole.Deputy);
        db.SaveChanges();
        return person;
    }

    public void Dispose() => _world.Dispose();
}
