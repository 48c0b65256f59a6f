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
        var clock = HeartbeatClock.At(now, silentAfter);
        var facts = new HeartbeatFacts { NextDueOn = nextDueOn, OverdueSince = overdueSince, OpenedAt = openedAt, LastContactAt = lastContactAt };
        var sinceOpening = lastContactAt > openedAt ? lastContactAt : null;

        // The scan marks a missed day some time after it is overdue; until it has, the state is read from the schedule.
        var since = overdueSince ?? (HeartbeatRules.Missed.IsSatisfiedBy(facts, clock) ? nextDueOn : null);
        var next = since is null ? nextDueOn : PeriodicSchedule.Overdue(anchorDay, clock.Today).Next;
        var missed = since is { } first ? Periods(anchorDay, first, PeriodicSchedule.LastOnOrBefore(anchorDay, clock.LastOverdueDay)) : 0;
        var state = HeartbeatRules.Ordered.First(x => x.Rule.IsSatisfiedBy(facts, clock)).State;
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

/// <summary>What a heartbeat is read from, as the database holds it; initialised by member, so a query can filter on it.</summary>
public sealed class HeartbeatFacts
{
    /// <summary>The registration's next expected day.</summary>
    public required DateOnly NextDueOn { get; init; }

    /// <summary>The first missed expected day, once the overdue scan marked it.</summary>
    public DateOnly? OverdueSince { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>The device's last report of any kind (of this service or an earlier one).</summary>
    public DateTimeOffset? LastContactAt { get; init; }
}

/// <summary>The Japan day and the instants a heartbeat is measured against at one moment.</summary>
/// <param name="SilentFrom">Silent when nothing arrived after this instant (and the service opened no later).</param>
public sealed record HeartbeatClock(DateOnly Today, DateOnly LastOverdueDay, DateTimeOffset SilentFrom)
{
    public static HeartbeatClock At(DateTimeOffset now, TimeSpan silentAfter)
    {
        var today = DateOnly.FromDateTime(JapanTime.ToJapan(now).DateTime);
        return new HeartbeatClock(today, PeriodicSchedule.LastOverdueDay(today), now - silentAfter);
    }
}

/// <summary>
/// Each heartbeat state as one rule, which <see cref="Heartbeat.Of"/> applies to a device in memory and a list's
/// filter applies in the database: a state is defined once. Silent comes first: it excludes the others.
/// </summary>
public static class HeartbeatRules
{
    /// <summary>Nothing at all since the silent span began: neither a report after it, nor an opening after it.</summary>
    public static readonly Rule<HeartbeatFacts, HeartbeatClock> Silent = new((f, c) => f.OpenedAt <= c.SilentFrom && (f.LastContactAt == null || f.LastContactAt <= c.SilentFrom));

    /// <summary>An expected day passed its grace days without its report (marked by the scan, or not yet).</summary>
    public static readonly Rule<HeartbeatFacts, HeartbeatClock> Missed = new((f, c) => f.OverdueSince != null || f.NextDueOn <= c.LastOverdueDay);

    public static readonly Rule<HeartbeatFacts, HeartbeatClock> Overdue = Missed.And(Silent.Not());

    public static readonly Rule<HeartbeatFacts, HeartbeatClock> Late = new Rule<HeartbeatFacts, HeartbeatClock>((f, c) => f.NextDueOn < c.Today).And(Missed.Not()).And(Silent.Not());

    public static readonly Rule<HeartbeatFacts, HeartbeatClock> Due = new Rule<HeartbeatFacts, HeartbeatClock>((f, c) => f.NextDueOn == c.Today).And(Missed.Not()).And(Silent.Not());

    public static readonly Rule<HeartbeatFacts, HeartbeatClock> OnTime = new Rule<HeartbeatFacts, HeartbeatClock>((f, c) => f.NextDueOn > c.Today).And(Missed.Not()).And(Silent.Not());

    /// <summary>The states in the order they are decided.</summary>
    public static readonly IReadOnlyList<(HeartbeatState State, Rule<HeartbeatFacts, HeartbeatClock> Rule)> Ordered =
    [
        (HeartbeatState.Silent, Silent),
        (HeartbeatState.Overdue, Overdue),
        (HeartbeatState.Late, Late),
        (HeartbeatState.Due, Due),
        (HeartbeatState.OnTime, OnTime),
    ];

    public static Rule<HeartbeatFacts, HeartbeatClock> For(HeartbeatState state) => Ordered.Single(x => x.State == state).Rule;
}
