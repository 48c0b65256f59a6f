using System.Globalization;
using Portal.Application.Domain.Registrations;

namespace Portal.UnitTests.Domain;

public sealed class PeriodicScheduleTests
{
    [Theory]
    [InlineData(31, "2027-01-31", "2027-02-28")]
    [InlineData(31, "2028-01-31", "2028-02-29")]
    [InlineData(31, "2027-03-31", "2027-04-30")]
    [InlineData(31, "2027-04-30", "2027-05-31")]
    [InlineData(30, "2027-01-30", "2027-02-28")]
    [InlineData(29, "2027-02-28", "2027-03-29")]
    [InlineData(15, "2027-03-15", "2027-04-15")]
    [InlineData(15, "2027-03-14", "2027-03-15")]
    [InlineData(1, "2027-12-01", "2028-01-01")]
    public void TheNextExpectedDayIsTheOpeningDayOfMonthOrTheMonthsLastDay(int anchorDay, string after, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), PeriodicSchedule.NextAfter(anchorDay, DateOnly.Parse(after, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2027-02-28", "2027-03-02", false)]
    [InlineData("2027-02-28", "2027-03-03", true)]
    [InlineData("2027-04-15", "2027-04-17", false)]
    [InlineData("2027-04-15", "2027-04-18", true)]
    public void AReportIsOverdueThreeDaysAfterItsExpectedDay(string due, string today, bool overdue) =>
        Assert.Equal(overdue, DateOnly.Parse(due, CultureInfo.InvariantCulture) <= PeriodicSchedule.LastOverdueDay(DateOnly.Parse(today, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(31, "2027-03-03", "2027-02-28", "2027-03-31")]
    [InlineData(31, "2027-03-02", "2027-01-31", "2027-02-28")]
    [InlineData(29, "2028-03-03", "2028-02-29", "2028-03-29")]
    [InlineData(15, "2027-05-10", "2027-04-15", "2027-05-15")]
    [InlineData(1, "2027-01-04", "2027-01-01", "2027-02-01")]
    public void AnOverdueDeviceNamesTheLatestMissedDayAndMovesToTheNextNotYetOverdue(int anchorDay, string today, string missed, string next) =>
        Assert.Equal((DateOnly.Parse(missed, CultureInfo.InvariantCulture), DateOnly.Parse(next, CultureInfo.InvariantCulture)), PeriodicSchedule.Overdue(anchorDay, DateOnly.Parse(today, CultureInfo.InvariantCulture)));
}
