using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Maintenance;

public sealed record MaintenanceWindowRow(
    Guid Id,
    Guid DeviceId,
    string DeviceManagementNumber,
    string ModelNumber,
    string HostName,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Reason,
    Guid? SeriesId,
    bool CanEdit,
    int Version = 0);

public sealed record MaintenanceSeriesRow(Guid Id, Guid DeviceId, string DeviceManagementNumber, string HostName, RecurrenceKind Kind, int Ordinal, DayOfWeek DayOfWeek, TimeOnly StartTime, int DurationMinutes, string Reason, bool CanEdit);

public sealed record MaintenanceOverview(IReadOnlyList<MaintenanceWindowRow> Windows, IReadOnlyList<MaintenanceSeriesRow> Series, bool CanSchedule);

public sealed record ListMaintenanceWindowsQuery(Guid? DeviceId = null, Guid? WindowId = null);

/// <summary>
/// Windows that have not ended yet (soonest first) and active recurring series, for the devices the person
/// sees; staff see every device's. <see cref="ListMaintenanceWindowsQuery.DeviceId"/> narrows to one device, <see cref="ListMaintenanceWindowsQuery.WindowId"/> to one
/// window (and no series).
/// </summary>
public sealed class ListMaintenanceWindowsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<MaintenanceOverview>> HandleAsync(ListMaintenanceWindowsQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.ViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<MaintenanceOverview>();
        }

        var now = clock.GetUtcNow();
        await using var db = dbFactory.Create();
        var devices = db.Devices.VisibleTo(db, actor);
        if (query.DeviceId is { } id)
        {
            devices = devices.Where(d => d.Id == id);
        }

        var managed = await Membership.ManagedAccounts(db, actor).Select(a => a.Id).ToListAsync(cancellationToken);
        var open = db.MaintenanceWindows.Where(w => w.CancelledAt == null && w.EndsAt > now);
        if (query.WindowId is { } one)
        {
            open = open.Where(w => w.Id == one);
        }

        var windows = await (
            from w in open
            join d in devices on w.DeviceId equals d.Id
            orderby w.StartsAt
            select new { Window = w, d.DeviceManagementNumber, d.ModelNumber, d.HostName, d.SupportAccountId })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var series = await (
            from s in db.MaintenanceSeries
            where s.CancelledAt == null && query.WindowId == null
            join d in devices on s.DeviceId equals d.Id
            orderby d.DeviceManagementNumber
            select new { Series = s, d.DeviceManagementNumber, d.HostName, d.SupportAccountId })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return new MaintenanceOverview(
            [.. windows.Select(x => new MaintenanceWindowRow(x.Window.Id, x.Window.DeviceId, x.DeviceManagementNumber, x.ModelNumber, x.HostName, x.Window.StartsAt, x.Window.EndsAt, x.Window.Reason, x.Window.SeriesId, managed.Contains(x.SupportAccountId), x.Window.Sequence))],
            [.. series.Select(x => new MaintenanceSeriesRow(x.Series.Id, x.Series.DeviceId, x.DeviceManagementNumber, x.HostName, x.Series.Kind, x.Series.Ordinal, x.Series.DayOfWeek, x.Series.StartTime, x.Series.DurationMinutes, x.Series.Reason, managed.Contains(x.SupportAccountId)))],
            managed.Count > 0);
    }
}
