using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Devices;
using Portal.Application.Features.Devices;
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

/// <summary>
/// Windows that have not ended yet (soonest first) and active recurring series, for the devices the person
/// sees; staff see every device's. <paramref name="deviceId"/> narrows to one device, <paramref name="windowId"/> to one
/// window (and no series).
/// </summary>
public sealed class ListMaintenanceWindowsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<MaintenanceOverview>> HandleAsync(Guid? deviceId = null, Guid? windowId = null, CancellationToken cancellationToken = default)
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

        var managed = await Membership.ManagedAccounts(db, actor).Select(a => a.Id).ToListAsync(cancellationToken);
        var open = db.MaintenanceWindows.Where(w => w.CancelledAt == null && w.EndsAt > now);
        if (windowId is { } one)
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
            where s.CancelledAt == null && windowId == null
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

public sealed record MaintenanceFormDevice(Guid Id, string SupportId, string DeviceManagementNumber, string ModelNumber, string HostName);

/// <param name="Preselected">The device the form was opened for, when a window may be announced for it.</param>
public sealed record MaintenanceForm(DateTimeOffset EarliestStart, MaintenanceFormDevice? Preselected = null);

/// <param name="Search">Part of a management number, model, serial or host name (<see cref="DeviceSearch"/>).</param>
public sealed record MaintainableDevicesQuery(string? Search = null, int Page = 0, int PageSize = ListPage<MaintenanceFormDevice>.DefaultPageSize);

/// <summary>
/// What the registration form offers: the earliest start now. Its devices, the opened devices the person
/// administers (only their reports are acted on, so only they need windows), come a page at a time from
/// <see cref="ListMaintainableDevicesHandler"/>.
/// </summary>
public sealed class GetMaintenanceFormHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<MaintenanceForm>> HandleAsync(Guid? preselectedDeviceId = null, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<MaintenanceForm>();
        }

        await using var db = dbFactory.Create();
        if (!await Maintainable(db, actor).AnyAsync(cancellationToken))
        {
            return Result.Forbidden(ErrorCodes.MaintenanceRequiresAdministrator).As<MaintenanceForm>();
        }

        var preselected = preselectedDeviceId is { } id
            ? await Rows(db, Maintainable(db, actor).Where(d => d.Id == id)).AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            : null;
        return new MaintenanceForm(MaintenanceWindow.EarliestStart(clock.GetUtcNow()), preselected?.ToDevice());
    }

    /// <summary>The devices a window may be announced for by this person: opened, of a support ID they administer or deputise for.</summary>
    internal static IQueryable<Device> Maintainable(IPortalDbContext db, Actor actor) =>
        from a in Membership.ManagedAccounts(db, actor)
        join d in db.Devices on a.Id equals d.SupportAccountId
        where db.Registrations.Any(r => r.DeviceId == d.Id && r.Status == MaintenanceWindow.AnnouncedFor)
        select d;

    internal static IQueryable<Row> Rows(IPortalDbContext db, IQueryable<Device> devices) =>
        from d in devices
        join a in db.SupportAccounts on d.SupportAccountId equals a.Id
        select new Row { Device = d, SupportId = a.SupportId };

    // Initialised by member (not a constructor), so that EF can sort on what it projects.
    internal sealed class Row
    {
        public required Device Device { get; init; }

        public required string SupportId { get; init; }

        public MaintenanceFormDevice ToDevice() => new(Device.Id, SupportId, Device.DeviceManagementNumber, Device.ModelNumber, Device.HostName);
    }
}

/// <summary>The registration form's device picker: one page of the devices a window may be announced for, searched by the database.</summary>
public sealed class ListMaintainableDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<Result<ListPage<MaintenanceFormDevice>>> HandleAsync(MaintainableDevicesQuery query, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<ListPage<MaintenanceFormDevice>>();
        }

        await using var db = dbFactory.Create();
        var devices = DeviceSearch.Matching(db, GetMaintenanceFormHandler.Maintainable(db, actor), query.Search);
        return await ListPage<MaintenanceFormDevice>.ReadAsync(
            GetMaintenanceFormHandler.Rows(db, devices),
            rows => rows.OrderBy(r => r.SupportId).ThenBy(r => r.Device.DeviceManagementNumber).ThenBy(r => r.Device.Id),
            query.Page,
            query.PageSize,
            row => row.ToDevice(),
            cancellationToken);
    }
}
