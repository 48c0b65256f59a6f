using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
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
    bool CanEdit);

public sealed record MaintenanceSeriesRow(Guid Id, Guid DeviceId, string DeviceManagementNumber, string HostName, RecurrenceKind Kind, int Ordinal, DayOfWeek DayOfWeek, TimeOnly StartTime, int DurationMinutes, string Reason, bool CanEdit);

public sealed record MaintenanceOverview(IReadOnlyList<MaintenanceWindowRow> Windows, IReadOnlyList<MaintenanceSeriesRow> Series, bool CanSchedule);

/// <summary>
/// Windows that have not ended yet (soonest first) and active recurring series, for the devices the person
/// sees; staff see every device's. <paramref name="deviceId"/> narrows to one device.
/// </summary>
public sealed class ListMaintenanceWindowsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<MaintenanceOverview>> HandleAsync(Guid? deviceId = null, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<MaintenanceOverview>();
        }

        if (await StaffAccessHandler.NeedsReasonAsync(dbFactory, actor, cancellationToken))
        {
            return Result.Forbidden(ErrorCodes.StaffReasonRequired).As<MaintenanceOverview>();
        }

        var now = clock.GetUtcNow();
        await using var db = dbFactory.Create();
        var devices = db.Devices.VisibleTo(db, actor);
        if (deviceId is { } id)
        {
            devices = devices.Where(d => d.Id == id);
        }

        var managed = await db.SupportMemberships
            .Where(m => m.UserId == actor.UserId && (m.Role == MemberRole.Administrator || m.Role == MemberRole.Deputy))
            .Select(m => m.SupportAccountId)
            .ToListAsync(cancellationToken);
        var windows = await (
            from w in db.MaintenanceWindows
            where w.CancelledAt == null && w.EndsAt > now
            join d in devices on w.DeviceId equals d.Id
            orderby w.StartsAt
            select new { Window = w, d.DeviceManagementNumber, d.ModelNumber, d.HostName, d.SupportAccountId })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var series = await (
            from s in db.MaintenanceSeries
            where s.CancelledAt == null
            join d in devices on s.DeviceId equals d.Id
            orderby d.DeviceManagementNumber
            select new { Series = s, d.DeviceManagementNumber, d.HostName, d.SupportAccountId })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return new MaintenanceOverview(
            [.. windows.Select(x => new MaintenanceWindowRow(x.Window.Id, x.Window.DeviceId, x.DeviceManagementNumber, x.ModelNumber, x.HostName, x.Window.StartsAt, x.Window.EndsAt, x.Window.Reason, x.Window.SeriesId, managed.Contains(x.SupportAccountId)))],
            [.. series.Select(x => new MaintenanceSeriesRow(x.Series.Id, x.Series.DeviceId, x.DeviceManagementNumber, x.HostName, x.Series.Kind, x.Series.Ordinal, x.Series.DayOfWeek, x.Series.StartTime, x.Series.DurationMinutes, x.Series.Reason, managed.Contains(x.SupportAccountId)))],
            managed.Count > 0);
    }
}

public sealed record MaintenanceFormDevice(Guid Id, string SupportId, string DeviceManagementNumber, string ModelNumber, string HostName);

public sealed record MaintenanceForm(IReadOnlyList<MaintenanceFormDevice> Devices, DateTimeOffset EarliestStart);

/// <summary>
/// What the registration form offers: the opened devices the person administers (only their reports are
/// acted on, so only they need windows), and the earliest start now.
/// </summary>
public sealed class GetMaintenanceFormHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<MaintenanceForm>> HandleAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<MaintenanceForm>();
        }

        await using var db = dbFactory.Create();
        var devices = await (
            from m in db.SupportMemberships
            where m.UserId == actor.UserId && (m.Role == MemberRole.Administrator || m.Role == MemberRole.Deputy)
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            join d in db.Devices on a.Id equals d.SupportAccountId
            where db.Registrations.Any(r => r.DeviceId == d.Id && r.Status == MaintenanceWindow.AnnouncedFor)
            orderby a.SupportId, d.DeviceManagementNumber
            select new MaintenanceFormDevice(d.Id, a.SupportId, d.DeviceManagementNumber, d.ModelNumber, d.HostName))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return devices.Count == 0
            ? Result.Forbidden(ErrorCodes.MaintenanceRequiresAdministrator).As<MaintenanceForm>()
            : new MaintenanceForm(devices, MaintenanceWindow.EarliestStart(clock.GetUtcNow()));
    }
}
