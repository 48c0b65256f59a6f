using System.Globalization;
using Portal.Application.Domain.Registrations;

namespace Portal.UnitTests.Domain;

/// <summary>An opened device's heartbeat on each day around its expected periodic report (Q3-14, Q1-10).</summary>
public sealed class HeartbeatTests
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    // Opened on 31 January: expected on the 31st, or on a shorter month's last day.
    private static readonly DateTimeOffset OpenedAt = new(2027, 1, 31, 10, 0, 0, Japan);

    private static DateTimeOffset At(string day, int hour = 12) => new(DateOnly.Parse(day, CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(hour, 0)), Japan);

    private static Heartbeat Of(string nextDueOn, string today, string? overdueSince = null, string? lastContact = "2027-02-20", int anchorDay = 31) =>
        Heartbeat.Of(anchorDay, DateOnly.Parse(nextDueOn, CultureInfo.InvariantCulture), overdueSince is null ? null : DateOnly.Parse(overdueSince, CultureInfo.InvariantCulture), OpenedAt,
            lastContact is null ? null : At(lastContact), At(today), Heartbeat.DefaultSilentAfter);

    [Theory]
    [InlineData("2027-02-27", HeartbeatState.OnTime)]
    [InlineData("2027-02-28", HeartbeatState.Due)]
    [InlineData("2027-03-01", HeartbeatState.Late)]
    [InlineData("2027-03-02", HeartbeatState.Late)]
    [InlineData("2027-03-03", HeartbeatState.Overdue)]
    public void FebruaryThe28thIsTheExpectedDayOfThe31stAndOverdueComesThreeDaysLater(string today, HeartbeatState state)
    {
        var heartbeat = Of("2027-02-28", today);

        Assert.Equal(state, heartbeat.State);
        Assert.Equal(DateOnly.Parse(state == HeartbeatState.Overdue ? "2027-03-31" : "2027-02-28", CultureInfo.InvariantCulture), heartbeat.NextExpectedOn);
        Assert.Equal(state == HeartbeatState.Overdue ? 1 : 0, heartbeat.MissedPeriods);
        Assert.Equal(At("2027-02-20"), heartbeat.LastContactAt);
    }

    [Theory]
    [InlineData("2027-04-29", HeartbeatState.OnTime)]
    [InlineData("2027-04-30", HeartbeatState.Due)]
    [InlineData("2027-05-02", HeartbeatState.Late)]
    [InlineData("2027-05-03", HeartbeatState.Overdue)]
    public void AprilThe30thIsTheExpectedDayOfThe31st(string today, HeartbeatState state) =>
        Assert.Equal(state, Of("2027-04-30", today, lastContact: "2027-04-20").State);

    [Theory]
    [InlineData(29, "2028-02-29", HeartbeatState.Due)]
    [InlineData(31, "2028-02-29", HeartbeatState.Due)]
    [InlineData(31, "2028-03-02", HeartbeatState.Late)]
    [InlineData(31, "2028-03-03", HeartbeatState.Overdue)]
    public void InALeapYearTheExpectedDayIsFebruaryThe29th(int anchorDay, string today, HeartbeatState state)
    {
        var heartbeat = Of("2028-02-29", today, lastContact: "2028-02-20", anchorDay: anchorDay);

        Assert.Equal(state, heartbeat.State);
        Assert.Equal(state == HeartbeatState.Overdue ? DateOnly.Parse("2028-02-29", CultureInfo.InvariantCulture) : null, heartbeat.OverdueSince);
    }

    [Fact]
    public void SeveralMissedPeriodsAreCountedFromTheFirstTheScanMarked()
    {
        // Marked on 3 March (the scan moved the next expected day to 31 March); a failure report came on 1 May.
        var heartbeat = Of("2027-03-31", "2027-05-10", overdueSince: "2027-02-28", lastContact: "2027-05-01");

        Assert.Equal(HeartbeatState.Overdue, heartbeat.State);
        Assert.Equal(DateOnly.Parse("2027-02-28", CultureInfo.InvariantCulture), heartbeat.OverdueSince);
        Assert.Equal(3, heartbeat.MissedPeriods);   // 28 February, 31 March, 30 April
        Assert.Equal(DateOnly.Parse("2027-05-31", CultureInfo.InvariantCulture), heartbeat.NextExpectedOn);
    }

    [Fact]
    public void ADeviceThatSentNothingSinceItsOpeningIsSilentAfterTheSpan()
    {
        // 45 days after the opening at 10:00 on 31 January.
        var before = Heartbeat.Of(31, DateOnly.Parse("2027-02-28", CultureInfo.InvariantCulture), null, OpenedAt, null, new(2027, 3, 17, 9, 59, 0, Japan), Heartbeat.DefaultSilentAfter);
        var after = Heartbeat.Of(31, DateOnly.Parse("2027-02-28", CultureInfo.InvariantCulture), null, OpenedAt, null, new(2027, 3, 17, 10, 0, 0, Japan), Heartbeat.DefaultSilentAfter);

        Assert.Equal((HeartbeatState.Overdue, HeartbeatState.Silent), (before.State, after.State));
        Assert.Null(after.LastContactAt);
        Assert.Equal(1, after.MissedPeriods);
    }

    [Fact]
    public void AReportOfAnEarlierServiceIsNotThisOnesLastContact()
    {
        var heartbeat = Heartbeat.Of(31, DateOnly.Parse("2027-02-28", CultureInfo.InvariantCulture), null, OpenedAt, At("2026-12-01"), At("2027-02-10"), Heartbeat.DefaultSilentAfter);

        Assert.Equal((HeartbeatState.OnTime, null), (heartbeat.State, heartbeat.LastContactAt));
    }

    [Fact]
    public void AnyReportKeepsADeviceFromSilenceAndTheSpanIsConfigurable()
    {
        Assert.Equal(HeartbeatState.Overdue, Of("2027-03-31", "2027-05-10", overdueSince: "2027-02-28", lastContact: "2027-04-01").State);
        Assert.Equal(HeartbeatState.Silent, Of("2027-03-31", "2027-05-17", overdueSince: "2027-02-28", lastContact: "2027-04-01").State);
        Assert.Equal(
            HeartbeatState.Silent,
            Heartbeat.Of(31, DateOnly.Parse("2027-02-28", CultureInfo.InvariantCulture), null, OpenedAt, At("2027-02-20"), At("2027-02-27"), TimeSpan.FromDays(7)).State);
    }
}
