using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

namespace Portal.UnitTests.Domain;

/// <summary>The lifecycle around opening (issue 18): withdrawing, re-applying, ending, applying again, key files.</summary>
public sealed class ServiceLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid Applicant = Guid.NewGuid();
    private static readonly Guid StaffId = Guid.NewGuid();

    private static ContactChoice Contact(string name) => new(Guid.NewGuid(), name, $"{name}@example.test", "03-0000-0000", "部", null);

    private static ServiceRegistration In(ServiceStatus status, OpeningMethod method = OpeningMethod.KeyCode)
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());
        if (status == ServiceStatus.NotApplied)
        {
            return registration;
        }

        Assert.True(registration.Apply(Applicant, [Contact("a")], Now.AddDays(-3)).IsOk);
        if (status >= ServiceStatus.Accepted)
        {
            Assert.True(registration.Accept(KeyCode.NewRandom(), method, StaffId, Now.AddDays(-2)).IsOk);
        }

        if (status >= ServiceStatus.Opened)
        {
            Assert.True(registration.Open(Now.AddDays(-1)).IsOk);
        }

        if (status == ServiceStatus.Ended)
        {
            Assert.True(registration.End(null, Now.AddHours(-1)).IsOk);
        }

        return registration;
    }

    private static void Refused(Result result, string code)
    {
        Assert.False(result.IsOk);
        Assert.Equal(code, result.Errors[0].Code);
    }

    [Fact]
    public void AnApplicationWithdrawnReturnsToNotAppliedWithTheStepInTheTimeline()
    {
        var registration = In(ServiceStatus.Applied);
        var version = registration.Version;

        Assert.True(registration.Withdraw(Applicant, Now).IsOk);

        Assert.Equal(ServiceStatus.NotApplied, registration.Status);
        Assert.False(registration.IsAwaitingAcceptance);
        Assert.Equal((ServiceStatus.Applied, ServiceStatus.NotApplied, RegistrationStep.Withdrawn), (registration.History[^1].From, registration.History[^1].To, registration.History[^1].Step!.Value));
        Assert.True(registration.Version > version);
    }

    [Theory]
    [InlineData(ServiceStatus.NotApplied)]
    [InlineData(ServiceStatus.Accepted)]
    [InlineData(ServiceStatus.Opened)]
    [InlineData(ServiceStatus.Ended)]
    public void NothingButAWaitingApplicationCanBeWithdrawn(ServiceStatus status)
    {
        var registration = In(status);
        var steps = registration.History.Count;

        Refused(registration.Withdraw(Applicant, Now), ErrorCodes.NothingToWithdraw);
        Assert.Equal(status, registration.Status);
        Assert.Equal(steps, registration.History.Count);
    }

    [Fact]
    public void AReapplicationKeepsTheServiceOpenAndTheOldKeyUntilItIsAccepted()
    {
        var registration = In(ServiceStatus.Opened);
        var oldKey = registration.KeyCode!;

        Assert.True(registration.Reapply(Applicant, ReapplicationReason.KeyLost, null, OpeningMethod.KeyCode, Now).IsOk);
        Assert.Equal(ServiceStatus.Opened, registration.Status);
        Assert.True(registration.IsAwaitingAcceptance);
        Assert.True(registration.KeyMatches(oldKey));

        var newKey = KeyCode.TryParse(oldKey == "11111" ? "22222" : "11111", out var k) ? k : default;
        Assert.True(registration.Accept(newKey, OpeningMethod.KeyCode, StaffId, Now.AddHours(1)).IsOk);

        Assert.Equal(ServiceStatus.Opened, registration.Status);
        Assert.False(registration.IsAwaitingAcceptance);
        Assert.False(registration.KeyMatches(oldKey));
        Assert.True(registration.KeyMatches(newKey.Value));
        Assert.Equal(Now.AddHours(2), registration.OpeningPossibleFrom);
        Assert.Equal([RegistrationStep.Reapplied, RegistrationStep.ReapplicationAccepted], registration.History.TakeLast(2).Select(h => h.Step!.Value));
    }

    [Fact]
    public void ARejectedReapplicationLeavesTheServiceAndKeyAsTheyWere()
    {
        var registration = In(ServiceStatus.Opened);
        var key = registration.KeyCode;
        Assert.True(registration.Reapply(Applicant, ReapplicationReason.Other, "サーバ名の変更", OpeningMethod.KeyCode, Now).IsOk);

        Assert.True(registration.Reject("理由を確認できません", StaffId, Now).IsOk);

        Assert.Equal(ServiceStatus.Opened, registration.Status);
        Assert.Equal(key, registration.KeyCode);
        Assert.Null(registration.PendingReapplication);
        Assert.Equal(RegistrationStep.ReapplicationRejected, registration.History[^1].Step);
    }

    [Theory]
    [InlineData(ServiceStatus.NotApplied, ErrorCodes.ReapplyNeedsOpenedService)]
    [InlineData(ServiceStatus.Applied, ErrorCodes.ReapplyNeedsOpenedService)]
    [InlineData(ServiceStatus.Accepted, ErrorCodes.ReapplyNeedsOpenedService)]
    [InlineData(ServiceStatus.Ended, ErrorCodes.ReapplyNeedsOpenedService)]
    public void OnlyAnOpenedDeviceCanBeAppliedForAgain(ServiceStatus status, string code) =>
        Refused(In(status).Reapply(Applicant, ReapplicationReason.KeyLost, null, OpeningMethod.KeyCode, Now), code);

    [Fact]
    public void ADeviceAlreadyAppliedForAgainCannotBeAppliedForTwice()
    {
        var registration = In(ServiceStatus.Opened);
        Assert.True(registration.Reapply(Applicant, ReapplicationReason.KeyLost, null, OpeningMethod.KeyCode, Now).IsOk);

        Refused(registration.Reapply(Applicant, ReapplicationReason.KeyLost, null, OpeningMethod.KeyCode, Now), ErrorCodes.AlreadyApplied);
    }

    [Fact]
    public void AMoveNeedsANewKeyOnlyWithTheKeyFileAndAContractChangeOnlyWhenTheMethodChanges()
    {
        Refused(In(ServiceStatus.Opened).Reapply(Applicant, ReapplicationReason.Moved, null, OpeningMethod.KeyCode, Now), ErrorCodes.MoveNeedsOnlySiteChange);
        Assert.True(In(ServiceStatus.Opened, OpeningMethod.KeyFile).Reapply(Applicant, ReapplicationReason.Moved, null, OpeningMethod.KeyFile, Now).IsOk);

        Refused(In(ServiceStatus.Opened, OpeningMethod.KeyFile).Reapply(Applicant, ReapplicationReason.ContractChanged, null, OpeningMethod.KeyFile, Now), ErrorCodes.ContractNeedsNoNewKey);
        var changed = In(ServiceStatus.Opened, OpeningMethod.KeyFile);
        Assert.True(changed.Reapply(Applicant, ReapplicationReason.ContractChanged, null, OpeningMethod.KeyCode, Now).IsOk);
        Assert.True(changed.Accept(KeyCode.NewRandom(), OpeningMethod.KeyCode, StaffId, Now).IsOk);
        Assert.Equal(OpeningMethod.KeyCode, changed.KeyMethod);
    }

    [Fact]
    public void OtherNeedsTheApplicantsWords()
    {
        var registration = In(ServiceStatus.Opened);

        Refused(registration.Reapply(Applicant, ReapplicationReason.Other, "  ", OpeningMethod.KeyCode, Now), ErrorCodes.ReasonRequired);
        Refused(registration.Reapply(Applicant, ReapplicationReason.Other, new string('x', 1001), OpeningMethod.KeyCode, Now), ErrorCodes.TooLong);
        Refused(registration.Reapply(Applicant, (ReapplicationReason)99, null, OpeningMethod.KeyCode, Now), ErrorCodes.ReasonRequired);
        Assert.Null(registration.PendingReapplication);
    }

    [Fact]
    public void AReapplicationCanBeWithdrawnAndTheServiceStaysAsItWas()
    {
        var registration = In(ServiceStatus.Opened);
        Assert.True(registration.Reapply(Applicant, ReapplicationReason.KeyLost, null, OpeningMethod.KeyCode, Now).IsOk);

        Assert.True(registration.Withdraw(Applicant, Now).IsOk);

        Assert.Equal(ServiceStatus.Opened, registration.Status);
        Assert.Null(registration.PendingReapplication);
        Assert.Equal(RegistrationStep.ReapplicationWithdrawn, registration.History[^1].Step);
    }

    [Fact]
    public void AnEndRequestedKeepsTheServiceOpenUntilTheEndReportAndThenTheDeviceCanBeAppliedForAgain()
    {
        var registration = In(ServiceStatus.Opened);

        Assert.True(registration.RequestEnd(Applicant, Now).IsOk);
        Assert.Equal(ServiceStatus.Opened, registration.Status);
        Assert.True(registration.IsEndRequested);
        Assert.True(registration.RecordAlert(Now).IsOk);

        Assert.True(registration.End(null, Now.AddHours(1)).IsOk);
        Assert.Equal(ServiceStatus.Ended, registration.Status);
        Assert.False(registration.IsEndRequested);
        Assert.False(registration.HoldsKey);

        Assert.True(registration.Apply(Applicant, [Contact("b")], Now.AddDays(1)).IsOk);
        Assert.Equal(ServiceStatus.Applied, registration.Status);
        Assert.Null(registration.KeyCode);
        Assert.Null(registration.FirstOpenedAt);
        Assert.Null(registration.PeriodicAnchorDay);
        Assert.True(registration.Accept(KeyCode.NewRandom(), OpeningMethod.KeyCode, StaffId, Now.AddDays(1)).IsOk);
        Assert.True(registration.Open(Now.AddDays(2)).IsOk);
        Assert.Equal(Now.AddDays(2), registration.FirstOpenedAt);
    }

    [Fact]
    public void EndRequestsAreRefusedTwiceWhileReapplyingAndOnADeviceNotOpened()
    {
        var registration = In(ServiceStatus.Opened);
        Assert.True(registration.RequestEnd(Applicant, Now).IsOk);
        Refused(registration.RequestEnd(Applicant, Now), ErrorCodes.EndRequested);
        Refused(registration.Reapply(Applicant, ReapplicationReason.KeyLost, null, OpeningMethod.KeyCode, Now), ErrorCodes.EndRequested);

        var reapplying = In(ServiceStatus.Opened);
        Assert.True(reapplying.Reapply(Applicant, ReapplicationReason.KeyLost, null, OpeningMethod.KeyCode, Now).IsOk);
        Refused(reapplying.RequestEnd(Applicant, Now), ErrorCodes.EndWhileReapplying);

        foreach (var status in new[] { ServiceStatus.NotApplied, ServiceStatus.Applied, ServiceStatus.Accepted, ServiceStatus.Ended })
        {
            Refused(In(status).RequestEnd(Applicant, Now), ErrorCodes.EndNeedsOpenedService);
        }
    }

    [Fact]
    public void AnEndRequestCanBeCancelledAndStaffConfirmOnlyARequestedEndWithAReason()
    {
        var registration = In(ServiceStatus.Opened);
        Refused(registration.CancelEndRequest(Applicant, Now), ErrorCodes.NoEndRequested);
        Refused(registration.ConfirmEnd("撤去", StaffId, Now), ErrorCodes.NoEndRequested);

        Assert.True(registration.RequestEnd(Applicant, Now).IsOk);
        Assert.True(registration.CancelEndRequest(Applicant, Now).IsOk);
        Assert.False(registration.IsEndRequested);
        Assert.Equal(RegistrationStep.EndRequestCancelled, registration.History[^1].Step);

        Assert.True(registration.RequestEnd(Applicant, Now).IsOk);
        Refused(registration.ConfirmEnd(" ", StaffId, Now), ErrorCodes.ReasonRequired);
        Assert.True(registration.ConfirmEnd("サーバ撤去済みとお客様に確認", StaffId, Now).IsOk);
        Assert.Equal(ServiceStatus.Ended, registration.Status);
        Assert.Equal((RegistrationStep.EndConfirmed, "サーバ撤去済みとお客様に確認"), (registration.History[^1].Step!.Value, registration.History[^1].Note!));
    }

    [Theory]
    [InlineData(ServiceStatus.Applied)]
    [InlineData(ServiceStatus.Accepted)]
    [InlineData(ServiceStatus.Opened)]
    public void ADeviceInServiceCannotBeAppliedForAsNew(ServiceStatus status) =>
        Refused(In(status).Apply(Applicant, [Contact("c")], Now), ErrorCodes.InvalidTransition);

    [Fact]
    public void AKeyFileDeviceOpensOnlyWithAGenuineFileOfItsCurrentKey()
    {
        var registration = In(ServiceStatus.Accepted, OpeningMethod.KeyFile);
        var device = new Device(registration.DeviceId, Guid.NewGuid(), "N8100-2345", "SN123", "E000000001", "host", InstallationSite.Empty, Contract.FreeWarranty(new DateOnly(2026, 6, 1)));
        var file = OpeningKeyFile.For(device, registration);

        Assert.True(registration.ProvesOpeningKey(null, new SentKeyFile(file, Genuine: true), "N8100-2345", "SN123"));
        Assert.False(registration.ProvesOpeningKey(null, new SentKeyFile(file, Genuine: false), "N8100-2345", "SN123"));
        Assert.False(registration.ProvesOpeningKey(registration.KeyCode, null, "N8100-2345", "SN123"));
        Assert.False(registration.ProvesOpeningKey(null, new SentKeyFile(file, Genuine: true), "N8100-2345", "SN999"));

        Assert.True(registration.ReissueKey(KeyCode.NewRandom(), OpeningMethod.KeyFile, StaffId, Now).IsOk);
        Assert.False(registration.ProvesOpeningKey(null, new SentKeyFile(file, Genuine: true), "N8100-2345", "SN123"));
        Assert.True(registration.ProvesOpeningKey(null, new SentKeyFile(OpeningKeyFile.For(device, registration), Genuine: true), "N8100-2345", "SN123"));
    }

    [Fact]
    public void AKeyFileReadsBackWhatWasWrittenAndRefusesWhatIsNotOne()
    {
        var file = new OpeningKeyFile("E000000001", "N8100-2345", "SN123", "01234", Now, Now.AddHours(1));
        var text = file.ToText("c2lnbmF0dXJl");

        var (read, signature) = OpeningKeyFile.Parse(text)!.Value;

        Assert.Equal(file, read);
        Assert.Equal("c2lnbmF0dXJl", signature);
        Assert.Equal(file.SignedText(), read.SignedText());
        Assert.Null(OpeningKeyFile.Parse("hello"));
        Assert.Null(OpeningKeyFile.Parse(text.Replace("keyCode: 01234", "keyCode: 1234", StringComparison.Ordinal)));
        Assert.Null(OpeningKeyFile.Parse(text + "keyCode: 01234\n"));
        Assert.Null(OpeningKeyFile.Parse(text.Replace("format: 1", "format: 2", StringComparison.Ordinal)));
        Assert.NotNull(OpeningKeyFile.Parse(text.ReplaceLineEndings("\r\n")));
    }

    [Fact]
    public void AFreeWarrantyOpensByKeyFileAndTheOthersByKeyCode()
    {
        Assert.Equal(OpeningMethod.KeyFile, Contract.FreeWarranty(new DateOnly(2026, 1, 1)).OpeningMethod);
        Assert.Equal(OpeningMethod.KeyCode, Contract.SupportPack(new DateOnly(2027, 1, 1), true).OpeningMethod);
        Assert.Equal(OpeningMethod.KeyCode, Contract.Maintenance(new DateOnly(2027, 1, 1)).OpeningMethod);
    }
}
