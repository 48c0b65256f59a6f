using Portal.Application.Common;
using Portal.Application.Domain.Registrations;

namespace Portal.UnitTests.Domain;

public sealed class ServiceRegistrationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid Applicant = Guid.NewGuid();
    private static readonly Guid StaffId = Guid.NewGuid();

    private static ContactChoice Contact(string name) => new(Guid.NewGuid(), name, $"{name}@example.test", "03-0000-0000", "部", null);

    private static ServiceRegistration Applied()
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());
        Assert.True(registration.Apply(Applicant, [Contact("a")], Now).IsOk);
        return registration;
    }

    private static ServiceRegistration Accepted(DateTimeOffset at)
    {
        var registration = Applied();
        Assert.True(registration.Accept(KeyCode.NewRandom(), OpeningMethod.KeyCode, StaffId, at).IsOk);
        return registration;
    }

    [Fact]
    public void NewRegistrationIsNotApplied()
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());

        Assert.Equal(ServiceStatus.NotApplied, registration.Status);
        Assert.Empty(registration.History);
    }

    [Fact]
    public void ApplyMovesToAppliedAndCopiesContactsInOrder()
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());
        var first = Contact("first");
        var second = Contact("second");

        var result = registration.Apply(Applicant, [first, second], Now);

        Assert.True(result.IsOk);
        Assert.Equal(ServiceStatus.Applied, registration.Status);
        Assert.Equal(Now, registration.AppliedAt);
        Assert.Equal([(1, first.UserId), (2, second.UserId)], registration.Contacts.Select(c => (c.Priority, c.UserId)));
        Assert.Equal("first@example.test", registration.Contacts[0].Email);
        var step = Assert.Single(registration.History);
        Assert.Equal((ServiceStatus.NotApplied, ServiceStatus.Applied), (step.From, step.To));
    }

    [Fact]
    public void ApplyTwiceIsRefused()
    {
        var registration = Applied();

        var result = registration.Apply(Applicant, [Contact("b")], Now);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Equal(ErrorCodes.InvalidTransition, result.Errors[0].Code);
        Assert.Single(registration.History);
    }

    [Fact]
    public void ApplyWithoutContactIsRefused()
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());

        var result = registration.Apply(Applicant, [], Now);

        Assert.Equal(ErrorCodes.ContactRequired, result.Errors[0].Code);
        Assert.Equal(ServiceStatus.NotApplied, registration.Status);
    }

    [Fact]
    public void ApplyWithThreeContactsIsRefused()
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());

        var result = registration.Apply(Applicant, [Contact("a"), Contact("b"), Contact("c")], Now);

        Assert.Equal(ErrorCodes.TooManyContacts, result.Errors[0].Code);
    }

    [Fact]
    public void ApplyWithTheSamePersonTwiceIsRefused()
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());
        var person = Contact("a");

        var result = registration.Apply(Applicant, [person, person with { ReachableHours = "夜間" }], Now);

        Assert.Equal(ErrorCodes.DuplicateContact, result.Errors[0].Code);
    }

    [Fact]
    public void AcceptIssuesKeyCodeAndOpeningTime()
    {
        var registration = Accepted(Now);

        Assert.Equal(ServiceStatus.Accepted, registration.Status);
        Assert.True(KeyCode.TryParse(registration.KeyCode, out _));
        Assert.Equal(Now, registration.KeyIssuedAt);
        Assert.Equal(Now.AddHours(1), registration.OpeningPossibleFrom);
    }

    [Fact]
    public void AcceptRejectsRegistrationThatIsNotApplied()
    {
        var registration = new ServiceRegistration(Guid.NewGuid(), Guid.NewGuid());

        var result = registration.Accept(KeyCode.NewRandom(), OpeningMethod.KeyCode, StaffId, Now);

        Assert.Equal(ErrorCodes.InvalidTransition, result.Errors[0].Code);
        Assert.Null(registration.KeyCode);
    }

    [Fact]
    public void OpeningIsNotPossibleAt59Minutes59SecondsAndPossibleAtOneHour()
    {
        var registration = Accepted(Now);

        Assert.False(registration.IsOpeningPossible(Now.AddMinutes(59).AddSeconds(59)));
        Assert.Equal(ErrorCodes.OpeningTooEarly, registration.Open(Now.AddMinutes(59).AddSeconds(59)).Errors[0].Code);
        Assert.Equal(ServiceStatus.Accepted, registration.Status);

        Assert.True(registration.IsOpeningPossible(Now.AddHours(1)));
        Assert.True(registration.Open(Now.AddHours(1)).IsOk);
        Assert.Equal(ServiceStatus.Opened, registration.Status);
        Assert.Equal(Now.AddHours(1), registration.FirstOpenedAt);
    }

    [Fact]
    public void OpenBeforeAcceptanceIsRefused()
    {
        var registration = Applied();

        Assert.Equal(ErrorCodes.InvalidTransition, registration.Open(Now.AddDays(1)).Errors[0].Code);
    }

    [Fact]
    public void ReissueReplacesKeyAndRestartsTheHour()
    {
        var registration = Accepted(Now);
        var later = Now.AddHours(5);

        Assert.True(registration.ReissueKey(KeyCode.NewRandom(), OpeningMethod.KeyCode, StaffId, later).IsOk);

        Assert.Equal(later, registration.KeyIssuedAt);
        Assert.False(registration.IsOpeningPossible(later.AddMinutes(30)));
        Assert.Equal(ServiceStatus.Accepted, registration.Status);
    }

    [Fact]
    public void RejectNeedsAReasonAndReturnsToNotApplied()
    {
        var registration = Applied();

        Assert.Equal(ErrorCodes.ReasonRequired, registration.Reject(" ", StaffId, Now).Errors[0].Code);
        Assert.True(registration.Reject("型番が保証書と一致しません", StaffId, Now).IsOk);

        Assert.Equal(ServiceStatus.NotApplied, registration.Status);
        Assert.Equal("型番が保証書と一致しません", registration.RejectionReason);
    }

    [Fact]
    public void EndIsOnlyPossibleWhenOpened()
    {
        var registration = Accepted(Now);
        Assert.Equal(ErrorCodes.InvalidTransition, registration.End(Applicant, Now).Errors[0].Code);

        registration.Open(Now.AddHours(2));
        Assert.True(registration.End(Applicant, Now.AddDays(30)).IsOk);
        Assert.Equal(ServiceStatus.Ended, registration.Status);
        Assert.Equal(ErrorCodes.InvalidTransition, registration.End(Applicant, Now.AddDays(31)).Errors[0].Code);
    }
}
