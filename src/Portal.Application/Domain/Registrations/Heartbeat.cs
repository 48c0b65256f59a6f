using Portal.Application.Common;

namespace Portal.Application.Domain.Registrations;

/// <summary>Whether an opened device is still reporting, from its periodic schedule and its last reports.</summary>
public enum HeartbeatState
{
    /// <summary>The last periodic report arrived and the next is not yet due.</summary>
    OnTime = 1,

    /// <summary>Today (Japan) is the expected day.</summary>
    Due = 2,

    /// <summary>Past the expected day, within the grace days (Q1-10).</summary>
    Late = 3,

    /// <summary>Past the grace days: the contacts are told (Q1-10), once per missed period.</summary>
    Overdue = 4,

    /// <summary>No report of any kind for <see cref="Heartbeat.DefaultSilentAfter"/> or longer.</summary>
    Silent = 5,
}

/// <param name="NextExpectedOn">The next expected day not yet missed (Japan).</param>
/// <param name="LastContactAt">The last report of any kind; null when none arrived since the opening.</param>
/// <param name="OverdueSince">The first expected day whose report is missing, once overdue.</param>
/// <param name="MissedPeriods">Expected days missed past their grace, from <paramref name="OverdueSince"/> on.</param>
public sealed record Heartbeat(HeartbeatState State, DateOnly NextExpectedOn, DateTimeOffset? LastContactAt, DateOnly? OverdueSince, int MissedPeriods)
{
    /// <summary>How long without any report a device is silent, unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultSilentAfter = TimeSpan.FromDays(45);

    /// <summary>
    /// The state of an opened device on the day (Japan) of <paramref name="now"/>. Silent comes before the periodic
    /// states: a device that sends nothing at all is worse off than one whose monthly report is missing.
    /// </summary>
    /// <param name="nextDueOn">The registration's next expected day (the overdue scan moves it past a missed one).</param>
    /// <param name="overdueSince">The first missed expected day, as the overdue scan marked it; null if not (yet) marked.</param>
    /// <param name="openedAt">Where silence is counted from when no report arrived since (a report of an earlier service does not count).</param>
    /// <param name="lastContactAt">The device's last report of any kind, of this service or an earlier one.</param>
    public static Heartbeat Of(
        int anchorDay, DateOnly nextDueOn, DateOnly? overdueSince, DateTimeOffset openedAt, DateTimeOffset? lastContactAt, DateTimeOffset now, TimeSpan silentAfter)
    {
        var today = DateOnly.FromDateTime(JapanTime.ToJapan(now).DateTime);
        var sinceOpening = lastContactAt > openedAt ? lastContactAt : null;

        // The scan marks a missed day some time after it is overdue; until it has, the state is read from the schedule.
        var since = overdueSince ?? (nextDueOn <= PeriodicSchedule.LastOverdueDay(today) ? nextDueOn : null);
        var next = since is null ? nextDueOn : PeriodicSchedule.Overdue(anchorDay, today).Next;
        var missed = since is { } first ? Periods(anchorDay, first, PeriodicSchedule.LastOnOrBefore(anchorDay, PeriodicSchedule.LastOverdueDay(today))) : 0;
        var state =
            now - (sinceOpening ?? openedAt) >= silentAfter ? HeartbeatState.Silent
            : since is not null ? HeartbeatState.Overdue
            : today > nextDueOn ? HeartbeatState.Late
            : today == nextDueOn ? HeartbeatState.Due
            : HeartbeatState.OnTime;
        return new Heartbeat(state, next, sinceOpening, since, missed);
    }

    // Expected days from the first to the last, both included: one a month.
    private static int Periods(int anchorDay, DateOnly first, DateOnly last)
    {
        var count = 0;
        for (var day = first; day <= last; day = PeriodicSchedule.NextAfter(anchorDay, day))
        {
            count++;
        }

        return count;
    }
}
