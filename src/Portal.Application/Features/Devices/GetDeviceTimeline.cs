using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Reports;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Devices;

/// <summary>What a timeline entry is about; the filter chooses among these.</summary>
public enum TimelineKind
{
    Report = 1,
    Mail = 2,
    Call = 3,
    Maintenance = 4,
    Change = 5,
    StaffView = 6,
}

/// <summary>Who acted: the device itself (its reports), the centre's own processing, or a named person.</summary>
public enum TimelineActor
{
    Device = 1,
    Centre = 2,
    Person = 3,
}

/// <summary>
/// One device's timeline, newest first. <paramref name="Before"/> is the cursor of the previous page (exclusive);
/// <paramref name="From"/> and <paramref name="To"/> are Japan dates, inclusive; no kinds means every kind.
/// </summary>
public sealed record GetDeviceTimelineQuery(
    Guid DeviceId,
    DateTimeOffset? Before = null,
    int PageSize = 50,
    IReadOnlySet<TimelineKind>? Kinds = null,
    DateOnly? From = null,
    DateOnly? To = null)
{
    public bool Includes(TimelineKind kind) => Kinds is not { Count: > 0 } || Kinds.Contains(kind);

    /// <summary>
    /// The filters as they travel in the address, shared by the device page and the exports: <c>kind</c> (repeated),
    /// <c>from</c> and <c>to</c> (yyyy-MM-dd), <c>before</c> (the cursor, UTC ticks). What does not parse is left out.
    /// </summary>
    public static GetDeviceTimelineQuery Parse(Guid deviceId, Func<string, IReadOnlyList<string>> get)
    {
        static DateOnly? Day(IReadOnlyList<string> values) =>
            values is [var value, ..] && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && JapanTime.IsPlausibleDay(day) ? day : null;

        var kinds = get("kind")
            .Select(k => Enum.TryParse<TimelineKind>(k, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : (TimelineKind?)null)
            .OfType<TimelineKind>()
            .ToHashSet();
        return new GetDeviceTimelineQuery(
            deviceId,
            get("before") is [var before, ..] && long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new DateTimeOffset(ticks, TimeSpan.Zero)
                : null,
            Kinds: kinds.Count == 0 ? null : kinds,
            From: Day(get("from")),
            To: Day(get("to")));
    }

    /// <summary>The filters (not the cursor) for an address; <paramref name="before"/> adds a cursor.</summary>
    public string ToQueryString(DateTimeOffset? before = null)
    {
        var parts = new List<string>();
        parts.AddRange((Kinds ?? new HashSet<TimelineKind>()).Order().Select(k => $"kind={k}"));
        if (From is { } from)
        {
            parts.Add($"from={from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        }

        if (To is { } to)
        {
            parts.Add($"to={to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        }

        if (before is { } cursor)
        {
            parts.Add($"before={cursor.UtcTicks.ToString(CultureInfo.InvariantCulture)}");
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}

public enum MailDelivery
{
    Queued = 1,
    Delivered = 2,
    Retrying = 3,
    Failed = 4,
}

public sealed record TimelineReport(ReportType Type, string HostName, EventCategory? Category, EventSeverity? Severity, string? Code, string? Message, ReportHandling Handling);

/// <summary>A mail and its delivery; <paramref name="Error"/> (the mail server's words) is for staff only.</summary>
public sealed record TimelineMail(string Kind, string Recipient, string Culture, string Subject, MailDelivery Delivery, int Attempts, DateTimeOffset? SentAt, string? Error);

public sealed record TimelineCall(CallOutcome Outcome);

public sealed record TimelineMaintenance(bool Started, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason);

/// <summary>An audited change (or, for <see cref="TimelineKind.StaffView"/>, a staff view) with its fields before and after.</summary>
public sealed record TimelineChange(string Action, IReadOnlyList<FieldChange> Fields);

public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string Key, TimelineActor Actor, string? ActorName)
{
    public TimelineReport? Report { get; init; }

    public TimelineMail? Mail { get; init; }

    public TimelineCall? Call { get; init; }

    public TimelineMaintenance? Maintenance { get; init; }

    public TimelineChange? Change { get; init; }
}

/// <summary>A page of the timeline and the cursor of the next (older) one, null at the end.</summary>
public sealed record DeviceTimelinePage(IReadOnlyList<TimelineEntry> Entries, DateTimeOffset? Next);

/// <summary>
/// One device's whole story: its reports and what the centre did, the mails about it with their delivery, the
/// calls, its maintenance windows starting and ending, and every audited change and staff view. Customers see
/// their own devices' timeline for the same year as the report history, without what is internal to the centre
/// (staff's reasons for a view, the mail server's error texts); staff see everything.
/// </summary>
/// <remarks>
/// Keyset paging by time, one indexed query per kind, each taking at most a page from the cursor, merged here: a
/// deep page costs what the first does. Entries of one instant (a report's two mails) are never split across
/// pages: a page ends before an instant it cannot hold whole, so the cursor is just a time.
/// </remarks>
public sealed class GetDeviceTimelineHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public async Task<Result<DeviceTimelinePage>> HandleAsync(GetDeviceTimelineQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.ViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<DeviceTimelinePage>();
        }

        await using var db = dbFactory.Create();
        if (!await db.Devices.VisibleTo(db, actor).AnyAsync(d => d.Id == query.DeviceId, cancellationToken))
        {
            return Result.NotFound().As<DeviceTimelinePage>();
        }

        var now = clock.GetUtcNow();
        var range = new Range(
            Max(query.From is { } from ? JapanTime.StartOf(from) : DateTimeOffset.MinValue, actor.IsStaff ? DateTimeOffset.MinValue : now - ReportRetention.Customers),
            Min(query.To is { } to ? JapanTime.StartOf(to.AddDays(1)) : DateTimeOffset.MaxValue, query.Before ?? DateTimeOffset.MaxValue));
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var sources = new Sources(db, query, actor.IsStaff, now);

        var entries = await sources.NewestAsync(range, pageSize + 1, cancellationToken);
        if (entries.Count <= pageSize)
        {
            return new DeviceTimelinePage(entries, null);
        }

        // More than a page: end the page before the instant of the first entry it cannot hold, unless that instant
        // fills the page alone, in which case the page is that instant, whole.
        var boundary = entries[pageSize].At;
        var page = entries.TakeWhile(e => e.At > boundary).ToList();
        if (page.Count == 0)
        {
            page = await sources.NewestAsync(new Range(boundary, boundary.AddTicks(1)), int.MaxValue, cancellationToken);
            var older = await sources.NewestAsync(range with { Before = boundary }, 1, cancellationToken);
            return new DeviceTimelinePage(page, older.Count == 0 ? null : boundary);
        }

        return new DeviceTimelinePage(page, page[^1].At);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>From (inclusive) to before (exclusive).</summary>
    private sealed record Range(DateTimeOffset From, DateTimeOffset Before);

    private sealed class Sources(IPortalDbContext db, GetDeviceTimelineQuery query, bool staff, DateTimeOffset now)
    {
        private readonly Guid _deviceId = query.DeviceId;

        /// <summary>The newest entries of every chosen kind inside the range, at most <paramref name="take"/>, newest first.</summary>
        public async Task<List<TimelineEntry>> NewestAsync(Range range, int take, CancellationToken cancellationToken)
        {
            var all = new List<TimelineEntry>();
            if (range.From >= range.Before)
            {
                return all;
            }

            if (query.Includes(TimelineKind.Report))
            {
                all.AddRange(await ReportsAsync(range, take, cancellationToken));
            }

            if (query.Includes(TimelineKind.Mail))
            {
                all.AddRange(await MailsAsync(range, take, cancellationToken));
            }

            if (query.Includes(TimelineKind.Call))
            {
                all.AddRange(await CallsAsync(range, take, cancellationToken));
            }

            if (query.Includes(TimelineKind.Maintenance))
            {
                all.AddRange(await MaintenanceAsync(range, take, cancellationToken));
            }

            if (query.Includes(TimelineKind.Change) || query.Includes(TimelineKind.StaffView))
            {
                all.AddRange(await AuditAsync(range, take, cancellationToken));
            }

            return all
                // Within one instant, what followed from a report (its mails) above the report itself.
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Kind).ThenByDescending(e => e.Key, StringComparer.Ordinal)
                .Take(take)
                .ToList();
        }

        private async Task<IEnumerable<TimelineEntry>> ReportsAsync(Range range, int take, CancellationToken cancellationToken)
        {
            var rows = await db.Reports.AsNoTracking()
                .Where(r => r.DeviceId == _deviceId && r.ReceivedAt >= range.From && r.ReceivedAt < range.Before)
                .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id)
                .Take(take)
                .Select(r => new
                {
                    r.Id, r.ReceivedAt, r.Type, r.HostName, r.Handling,
                    Category = r.Event == null ? (EventCategory?)null : r.Event.Category,
                    Severity = r.Event == null ? (EventSeverity?)null : r.Event.Severity,
                    Code = r.Event == null ? null : r.Event.Code,
                    Message = r.Event == null ? null : r.Event.Message,
                })
                .ToListAsync(cancellationToken);
            return rows.Select(r => new TimelineEntry(r.ReceivedAt, TimelineKind.Report, Key(r.Id), TimelineActor.Device, null)
            {
                Report = new TimelineReport(r.Type, r.HostName, r.Category, r.Severity, r.Code, r.Message, r.Handling),
            });
        }

        private async Task<IEnumerable<TimelineEntry>> MailsAsync(Range range, int take, CancellationToken cancellationToken)
        {
            var rows = await db.Notifications.AsNoTracking()
                .Where(n => n.DeviceId == _deviceId && n.CreatedAt >= range.From && n.CreatedAt < range.Before)
                .OrderByDescending(n => n.CreatedAt)
                .Take(take)
                .Select(n => new { n.Id, n.CreatedAt, n.Kind, n.Recipient, n.Culture, n.Subject, n.State, n.Attempts, n.SentAt, n.LastError })
                .ToListAsync(cancellationToken);
            return rows.Select(n => new TimelineEntry(n.CreatedAt, TimelineKind.Mail, n.Id.ToString("N"), TimelineActor.Centre, null)
            {
                Mail = new TimelineMail(
                    n.Kind,
                    n.Recipient,
                    n.Culture,
                    n.Subject,
                    n.State switch
                    {
                        NotificationState.Sent => MailDelivery.Delivered,
                        NotificationState.Failed => MailDelivery.Failed,
                        _ => n.Attempts > 0 ? MailDelivery.Retrying : MailDelivery.Queued,
                    },
                    n.Attempts,
                    n.SentAt,
                    staff ? n.LastError : null),
            });
        }

        private async Task<IEnumerable<TimelineEntry>> CallsAsync(Range range, int take, CancellationToken cancellationToken)
        {
            var rows = await (
                from t in db.CallTasks
                where t.DeviceId == _deviceId
                from s in t.Steps
                where s.At >= range.From && s.At < range.Before
                join p in db.UserProfiles on s.ActorUserId equals p.Id into people
                from p in people.DefaultIfEmpty()
                orderby s.At descending, s.Id descending
                select new { s.Id, s.At, s.Outcome, Name = p == null ? null : p.Name })
                .AsNoTracking()
                .Take(take)
                .ToListAsync(cancellationToken);
            return rows.Select(s => new TimelineEntry(s.At, TimelineKind.Call, Key(s.Id), TimelineActor.Person, s.Name) { Call = new TimelineCall(s.Outcome) });
        }

        /// <summary>A window starts and ends on the timeline once it has; a cancelled one shows as its cancellation (an audited change).</summary>
        private async Task<IEnumerable<TimelineEntry>> MaintenanceAsync(Range range, int take, CancellationToken cancellationToken)
        {
            var windows = db.MaintenanceWindows.AsNoTracking().Where(w => w.DeviceId == _deviceId && w.CancelledAt == null);
            var started = await (
                from w in windows
                where w.StartsAt >= range.From && w.StartsAt < range.Before && w.StartsAt <= now
                join p in db.UserProfiles on w.CreatedByUserId equals p.Id into people
                from p in people.DefaultIfEmpty()
                orderby w.StartsAt descending
                select new { w.Id, At = w.StartsAt, w.StartsAt, w.EndsAt, w.Reason, Name = p == null ? null : p.Name })
                .Take(take)
                .ToListAsync(cancellationToken);
            var ended = await (
                from w in windows
                where w.EndsAt >= range.From && w.EndsAt < range.Before && w.EndsAt <= now
                join p in db.UserProfiles on w.CreatedByUserId equals p.Id into people
                from p in people.DefaultIfEmpty()
                orderby w.EndsAt descending
                select new { w.Id, At = w.EndsAt, w.StartsAt, w.EndsAt, w.Reason, Name = p == null ? null : p.Name })
                .Take(take)
                .ToListAsync(cancellationToken);
            return started.Select(w => (w, Started: true)).Concat(ended.Select(w => (w, Started: false)))
                .Select(x => new TimelineEntry(x.w.At, TimelineKind.Maintenance, $"{x.w.Id:N}-{(x.Started ? "start" : "end")}", TimelineActor.Person, x.w.Name)
                {
                    Maintenance = new TimelineMaintenance(x.Started, x.w.StartsAt, x.w.EndsAt, x.w.Reason),
                });
        }

        /// <summary>
        /// Audited changes and staff views. Call outcomes are audited too, but shown as calls (from the call steps),
        /// so they are left out here. A staff view's reason is the centre's own note: customers see that staff
        /// looked, and what at, not why.
        /// </summary>
        private async Task<IEnumerable<TimelineEntry>> AuditAsync(Range range, int take, CancellationToken cancellationToken)
        {
            var entries = db.AuditEntries.AsNoTracking()
                .Where(a => a.DeviceId == _deviceId && a.At >= range.From && a.At < range.Before && a.EntityType != nameof(CallTask));
            if (!query.Includes(TimelineKind.Change))
            {
                entries = entries.Where(a => a.Action == AuditAction.StaffViewed.Name);
            }
            else if (!query.Includes(TimelineKind.StaffView))
            {
                entries = entries.Where(a => a.Action != AuditAction.StaffViewed.Name);
            }

            var rows = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
            return rows.Select(a =>
            {
                var view = a.Action == AuditAction.StaffViewed.Name;
                var fields = AuditChanges.Compare(a.Before, a.After);
                if (view && !staff)
                {
                    fields = [.. fields.Where(f => f.Field != StaffAccess.ReasonField)];
                }

                return new TimelineEntry(
                    a.At,
                    view ? TimelineKind.StaffView : TimelineKind.Change,
                    Key(a.Id),
                    a.ActorName == Audit.SystemActorName ? TimelineActor.Centre : TimelineActor.Person,
                    a.ActorName == Audit.SystemActorName ? null : a.ActorName)
                {
                    Change = new TimelineChange(a.Action, fields),
                };
            });
        }

        // Keys order entries of one instant and kind; fixed width so that they sort as numbers.
        private static string Key(long id) => id.ToString("D19", CultureInfo.InvariantCulture);
    }
}
