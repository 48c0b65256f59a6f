namespace Portal.Application.Domain.Registrations;

/// <summary>
/// 定期通報: monthly on the day of month of the first opening; in a month without that day, on its last
/// day (FAQ Q3-14). The centre writes to the contacts when none has arrived three days after it was due (Q1-10).
/// </summary>
public static class PeriodicSchedule
{
    /// <summary>Days after the expected day on which a missing periodic report is "overdue".</summary>
    public const int GraceDays = 3;

    public static DateOnly ExpectedIn(int anchorDay, int year, int month) =>
        new(year, month, Math.Min(anchorDay, DateTime.DaysInMonth(year, month)));

    /// <summary>The first expected day strictly after <paramref name="after"/>.</summary>
    public static DateOnly NextAfter(int anchorDay, DateOnly after)
    {
        var thisMonth = ExpectedIn(anchorDay, after.Year, after.Month);
        if (thisMonth > after)
        {
            return thisMonth;
        }

        var next = new DateOnly(after.Year, after.Month, 1).AddMonths(1);
        return ExpectedIn(anchorDay, next.Year, next.Month);
    }

    /// <summary>The last expected day on or before <paramref name="day"/>.</summary>
    public static DateOnly LastOnOrBefore(int anchorDay, DateOnly day)
    {
        var thisMonth = ExpectedIn(anchorDay, day.Year, day.Month);
        if (thisMonth <= day)
        {
            return thisMonth;
        }

        var previous = new DateOnly(day.Year, day.Month, 1).AddMonths(-1);
        return ExpectedIn(anchorDay, previous.Year, previous.Month);
    }

    /// <summary>
    /// For a device whose expected report is overdue on <paramref name="today"/>: the latest missed expected day
    /// (the one notice names it, however many periods were missed) and the next expected day not yet overdue.
    /// Both depend only on the anchor day and today, so one statement can move every device of an anchor day.
    /// </summary>
    public static (DateOnly Missed, DateOnly Next) Overdue(int anchorDay, DateOnly today)
    {
        var lastOverdueDay = LastOverdueDay(today);
        return (LastOnOrBefore(anchorDay, lastOverdueDay), NextAfter(anchorDay, lastOverdueDay));
    }

    /// <summary>The latest expected day whose report, still missing, is overdue on <paramref name="today"/>.</summary>
    public static DateOnly LastOverdueDay(DateOnly today) => today.AddDays(-GraceDays);
}
