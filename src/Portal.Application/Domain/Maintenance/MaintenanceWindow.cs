using System.Globalization;
using Portal.Application.Common;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Domain.Maintenance;

/// <summary>
/// 定期メンテナンス: a planned period in which alarms of one device are recorded but not acted on
/// (FAQ Q3-5). Announced at least three days ahead; at most 14 days long.
/// </summary>
public sealed class MaintenanceWindow
{
    /// <summary>Announced at least 72 hours before it starts (FAQ Q3-5).</summary>
    public static readonly TimeSpan MinimumNotice = TimeSpan.FromHours(72);

    public static readonly TimeSpan MaximumLength = TimeSpan.FromDays(14);

    public const int MaxReasonLength = 500;

    /// <summary>Maintenance is announced for devices in service: the form, the device page and the rule ask this one status.</summary>
    public const ServiceStatus AnnouncedFor = ServiceStatus.Opened;

    private MaintenanceWindow() => Reason = string.Empty;

    private MaintenanceWindow(Guid id, Guid deviceId, DateTimeOffset startsAt, DateTimeOffset endsAt, string reason, Guid createdByUserId, DateTimeOffset createdAt, Guid? seriesId)
    {
        Id = id;
        DeviceId = deviceId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        Reason = reason.Trim();
        CreatedByUserId = createdByUserId;
        CreatedAt = createdAt;
        SeriesId = seriesId;
        OccurrenceStart = seriesId is null ? null : startsAt;
    }

    public Guid Id { get; private set; }
    public Guid DeviceId { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string Reason { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>The recurring series this occurrence was created from, if any.</summary>
    public Guid? SeriesId { get; private set; }

    /// <summary>For a series' window, the start the series gave it: a moved or cancelled occurrence is not created again.</summary>
    public DateTimeOffset? OccurrenceStart { get; private set; }

    /// <summary>When the contacts were reminded, the day before the start; null until then.</summary>
    public DateTimeOffset? ReminderSentAt { get; private set; }

    /// <summary>RFC 5545 SEQUENCE: bumped by every change, so a subscribed calendar replaces its copy of the event.</summary>
    public int Sequence { get; private set; }

    /// <summary>Alarms at this instant are recorded but not acted on (FAQ Q3-5); the intake's query uses the same rule.</summary>
    public static readonly Rule<MaintenanceWindow, DateTimeOffset> Covering = new((w, instant) => w.CancelledAt == null && w.StartsAt <= instant && w.EndsAt > instant);

    public bool Covers(DateTimeOffset instant) => Covering.IsSatisfiedBy(this, instant);

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => CancelledAt is null && start < EndsAt && StartsAt < end;

    /// <summary>The earliest start that may be announced now.</summary>
    public static DateTimeOffset EarliestStart(DateTimeOffset now) => now + MinimumNotice;

    /// <summary>A new window, or every reason it cannot be: too soon (naming the earliest start), end before start, too long.</summary>
    public static Result<MaintenanceWindow> Schedule(Guid deviceId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? reason, Guid createdByUserId, DateTimeOffset now, Guid? seriesId = null)
    {
        var errors = new List<Error>();
        if (startsAt < EarliestStart(now))
        {
            errors.Add(TooSoon(nameof(StartsAt), now));
        }

        errors.AddRange(CheckLength(startsAt, endsAt));
        if ((reason ?? string.Empty).Trim().Length > MaxReasonLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, nameof(Reason)));
        }

        return errors.Count > 0
            ? Result.Invalid([.. errors]).As<MaintenanceWindow>()
            : new MaintenanceWindow(Guid.NewGuid(), deviceId, startsAt, endsAt, reason ?? string.Empty, createdByUserId, now, seriesId);
    }

    /// <summary>
    /// Shortening is possible at any time before the window ends; any time it newly covers (an earlier start,
    /// a later end) must lie at least 72 hours ahead, like a new announcement. A started window keeps its start.
    /// </summary>
    public Result Change(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now)
    {
        if (CheckOpen(now) is { IsOk: false } closed)
        {
            return closed;
        }

        var errors = new List<Error>(CheckLength(startsAt, endsAt));
        if (StartsAt <= now && startsAt != StartsAt)
        {
            errors.Add(new Error(ErrorCodes.MaintenanceStarted, nameof(StartsAt)));
        }
        else if (startsAt < StartsAt && startsAt < EarliestStart(now))
        {
            errors.Add(TooSoon(nameof(StartsAt), now));
        }

        if (endsAt <= now)
        {
            errors.Add(new Error(ErrorCodes.MaintenanceEndInPast, nameof(EndsAt)));
        }
        else if (endsAt > EndsAt && Max(EndsAt, startsAt) < EarliestStart(now))
        {
            // The newly covered time begins at the old end (or the new start, when the window moves later).
            errors.Add(TooSoon(nameof(EndsAt), now));
        }

        if (errors.Count > 0)
        {
            return Result.Invalid([.. errors]);
        }

        if (startsAt > StartsAt && startsAt > now + TimeSpan.FromDays(1))
        {
            // Moved later: the reminder is due again the day before the new start.
            ReminderSentAt = null;
        }

        StartsAt = startsAt;
        EndsAt = endsAt;
        Sequence++;
        return Result.Ok();
    }

    /// <summary>Cancelled at any time before it ends.</summary>
    public Result Cancel(DateTimeOffset now)
    {
        if (CheckOpen(now) is { IsOk: false } closed)
        {
            return closed;
        }

        CancelledAt = now;
        Sequence++;
        return Result.Ok();
    }

    public void MarkReminded(DateTimeOffset now) => ReminderSentAt = now;

    private Result CheckOpen(DateTimeOffset now) =>
        CancelledAt is not null || EndsAt <= now ? Result.Conflict(ErrorCodes.MaintenanceEnded) : Result.Ok();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static IEnumerable<Error> CheckLength(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        if (endsAt <= startsAt)
        {
            yield return new Error(ErrorCodes.MaintenanceEndBeforeStart, nameof(EndsAt));
        }
        else if (endsAt - startsAt > MaximumLength)
        {
            yield return new Error(ErrorCodes.MaintenanceTooLong, nameof(EndsAt));
        }
    }

    private static Error TooSoon(string field, DateTimeOffset now) =>
        new(ErrorCodes.MaintenanceStartTooSoon, field, EarliestStart(now).ToString("o", CultureInfo.InvariantCulture));
}
