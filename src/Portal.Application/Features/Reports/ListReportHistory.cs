using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Reports;

/// <summary>
/// Filters of the report history. <paramref name="From"/> and <paramref name="To"/> are Japan dates,
/// inclusive; <paramref name="Text"/> searches event messages and codes. Newest first unless
/// <paramref name="OldestFirst"/>. <paramref name="After"/> is the cursor returned with the previous page.
/// </summary>
public sealed record ListReportHistoryQuery(
    Guid? DeviceId = null,
    ReportCursor? After = null,
    int PageSize = 50,
    ReportType? Type = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Text = null,
    bool OldestFirst = false);

/// <summary>Keyset position: the last row of a page, so deep pages cost as little as the first.</summary>
public sealed record ReportCursor(DateTimeOffset ReceivedAt, long Id);

public sealed record ReportRow(
    long Id,
    Guid DeviceId,
    string ModelNumber,
    string SerialNumber,
    string DeviceManagementNumber,
    string HostName,
    ReportType Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    EventCategory? Category,
    EventSeverity? Severity,
    string? Message,
    ReportHandling Handling);

public sealed record ReportHistoryPage(IReadOnlyList<ReportRow> Rows, ReportCursor? Next);

/// <summary>通報履歴: customers see one year of their own devices' reports; staff see everything.</summary>
public sealed class ListReportHistoryHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public async Task<Result<ReportHistoryPage>> HandleAsync(ListReportHistoryQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.ViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ReportHistoryPage>();
        }

        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        await using var db = dbFactory.Create();
        var devices = db.Devices.VisibleTo(db, actor);
        if (query.DeviceId is { } deviceId)
        {
            // One device's history: a device the actor cannot see is not found, not merely without reports.
            devices = devices.Where(d => d.Id == deviceId);
            if (!await devices.AnyAsync(cancellationToken))
            {
                return Result.NotFound().As<ReportHistoryPage>();
            }
        }

        var reports = db.Reports.AsQueryable();
        if (!actor.IsStaff)
        {
            var since = clock.GetUtcNow() - ReportRetention.Customers;
            reports = reports.Where(r => r.ReceivedAt >= since);
        }

        if (query.Type is { } type)
        {
            reports = reports.Where(r => r.Type == type);
        }

        if (query.From is { } from)
        {
            var start = JapanTime.StartOf(from);
            reports = reports.Where(r => r.ReceivedAt >= start);
        }

        if (query.To is { } to)
        {
            var end = JapanTime.StartOf(to.AddDays(1));
            reports = reports.Where(r => r.ReceivedAt < end);
        }

        if (query.Text?.Trim() is { Length: > 0 } text)
        {
            reports = reports.Where(r => r.Event != null && (r.Event.Message.Contains(text) || r.Event.Code.Contains(text)));
        }

        if (query.After is { } after)
        {
            reports = query.OldestFirst
                ? reports.Where(r => r.ReceivedAt > after.ReceivedAt || (r.ReceivedAt == after.ReceivedAt && r.Id > after.Id))
                : reports.Where(r => r.ReceivedAt < after.ReceivedAt || (r.ReceivedAt == after.ReceivedAt && r.Id < after.Id));
        }

        var joined = from r in reports
                     join d in devices on r.DeviceId equals d.Id
                     select new { r, d };
        joined = query.OldestFirst
            ? joined.OrderBy(x => x.r.ReceivedAt).ThenBy(x => x.r.Id)
            : joined.OrderByDescending(x => x.r.ReceivedAt).ThenByDescending(x => x.r.Id);
        var rows = await (
            from x in joined
            let r = x.r
            let d = x.d
            select new ReportRow(
                r.Id,
                d.Id,
                d.ModelNumber,
                d.SerialNumber,
                d.DeviceManagementNumber,
                r.HostName,
                r.Type,
                r.OccurredAt,
                r.ReceivedAt,
                r.Event == null ? null : r.Event.Category,
                r.Event == null ? null : r.Event.Severity,
                r.Event == null ? null : r.Event.Message,
                r.Handling))
            .AsNoTracking()
            .Take(pageSize + 1)
            .ToListAsync(cancellationToken);

        var hasMore = rows.Count > pageSize;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var next = hasMore ? new ReportCursor(rows[^1].ReceivedAt, rows[^1].Id) : null;
        return new ReportHistoryPage(rows, next);
    }
}
