using Portal.Application.Common;

namespace Portal.Application.Domain.Maintenance;

public enum RecurrenceKind
{
    /// <summary>Every week on one weekday.</summary>
    Weekly = 1,

    /// <summary>Every month on the Nth weekday (1st to 4th, or the last: 5).</summary>
    MonthlyNthWeekday = 2,
}

/// <summary>
/// A recurring maintenance window of one device, e.g. "every month, 2nd Saturday 01:00-05:00 JST".
/// Occurrences become ordinary windows when they are at least three days ahead, so each obeys the rule.
/// Japan has no daylight saving time, so a Japan clock time is always +09:00.
/// </summary>
public sealed class MaintenanceSeries
{
    public const int LastWeekOfMonth = 5;

    private MaintenanceSeries() => Reason = string.Empty;

    private MaintenanceSeries(Guid id, Guid deviceId, RecurrenceKind kind, int ordinal, DayOfWeek dayOfWeek, TimeOnly startTime, int durationMinutes, string reason, Guid createdByUserId, DateTimeOffset createdAt)
    {
        Id = id;
        DeviceId = deviceId;
        Kind = kind;
        Ordinal = ordinal;
        DayOfWeek = dayOfWeek;
        StartTime = startTime;
        DurationMinutes = durationMinutes;
        Reason = reason.Trim();
        CreatedByUserId = createdByUserId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid DeviceId { get; private set; }
    public RecurrenceKind Kind { get; private set; }

    /// <summary>For monthly series: which week (1 to 4, or 5 for the last).</summary>
    public int Ordinal { get; private set; }

    public DayOfWeek DayOfWeek { get; private set; }

    /// <summary>Start, Japan time.</summary>
    public TimeOnly StartTime { get; private set; }

    public int DurationMinutes { get; private set; }
    public string Reason { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    public static Result<MaintenanceSeries> Create(Guid deviceId, RecurrenceKind kind, int ordinal, DayOfWeek dayOfWeek, TimeOnly startTime, TimeSpan duration, string? reason, Guid createdByUserId, DateTimeOffset now)
    {
        var errors = new List<Error>();
        if (!Enum.IsDefined(kind) || (kind == RecurrenceKind.MonthlyNthWeekday && ordinal is < 1 or > LastWeekOfMonth) || !Enum.IsDefined(dayOfWeek))
        {
            errors.Add(new Error(ErrorCodes.RecurrenceInvalid, "Recurrence"));
        }

        if (duration <= TimeSpan.Zero)
        {
            errors.Add(new Error(ErrorCodes.MaintenanceEndBeforeStart, "EndsAt"));
        }
        else if (duration > MaintenanceWindow.MaximumLength || (kind == RecurrenceKind.Weekly && duration >= TimeSpan.FromDays(7)))
        {
            errors.Add(new Error(ErrorCodes.MaintenanceTooLong, "EndsAt"));
        }

        if ((reason ?? string.Empty).Trim().Length > MaintenanceWindow.MaxReasonLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, "Reason"));
        }

        return errors.Count > 0
            ? Result.Invalid([.. errors]).As<MaintenanceSeries>()
            : new MaintenanceSeries(Guid.NewGuid(), deviceId, kind, kind == RecurrenceKind.Weekly ? 0 : ordinal, dayOfWeek, startTime, (int)duration.TotalMinutes, reason ?? string.Empty, createdByUserId, now);
    }

    /// <summary>The occurrences whose Japan start date lies in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IEnumerable<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)> Occurrences(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (day.DayOfWeek != DayOfWeek || (Kind == RecurrenceKind.MonthlyNthWeekday && !IsOrdinalWeek(day)))
            {
                continue;
            }

            var start = new DateTimeOffset(day.ToDateTime(StartTime), JapanTime.Zone.BaseUtcOffset).ToUniversalTime();
            yield return (start, start.AddMinutes(DurationMinutes));
        }
    }

    public Result Cancel(DateTimeOffset now)
    {
        if (CancelledAt is not null)
        {
            return Result.Conflict(ErrorCodes.MaintenanceEnded);
        }

        CancelledAt = now;
        return Result.Ok();
    }

    private bool IsOrdinalWeek(DateOnly day) =>
        Ordinal == LastWeekOfMonth
            ? day.AddDays(7).Month != day.Month
            : (day.Day - 1) / 7 + 1 == Ordinal;
}
