using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;

// EF translates string.Compare to the database's own comparison of the column; the overloads naming a culture or
// ordinal comparison do not translate.
#pragma warning disable CA1309, CA1310

namespace Portal.Application.Features.Devices;

public sealed record DeviceSummary(
    Guid Id,
    string ModelNumber,
    string SerialNumber,
    string DeviceManagementNumber,
    string HostName,
    string SupportId,
    string OrganizationName,
    MemberRole Role,
    ServiceStatus Status,
    ContractType ContractType,
    DateOnly? ValidUntil,
    Heartbeat? Heartbeat = null,
    IReadOnlyList<Attention>? Marks = null);

/// <summary>The columns the device list sorts by; without one, by support ID and management number.</summary>
public enum DeviceSort
{
    ManagementNumber = 1,
    ModelNumber = 2,
    HostName = 3,
    SupportId = 4,
    Status = 5,
}

/// <param name="Search">Part of a management number, model, serial or host name, or the start of a support ID (<see cref="DeviceSearch"/>).</param>
/// <param name="Status">Only devices in this status (the dashboard's tiles).</param>
/// <param name="Page">Zero-based; past the last page means the last page.</param>
/// <param name="DeviceId">Only this device (a picker showing what an address chose).</param>
/// <param name="WithSummary">Whether to add what the dashboard shows beside the rows: every device counted per status (its tiles) and each opened device's heartbeat. A picker needs only the rows; its counts are zero.</param>
/// <param name="WithoutCounts">The rows with their heartbeats and marks but not the status counts (the API's list, which has no tiles).</param>
/// <param name="After">Keyset paging in the list's own order (support ID, management number): the rows after this one, instead of <paramref name="Page"/>. A deep page then costs what the first does.</param>
/// <param name="Heartbeat">Only opened devices in this heartbeat state (the same rule as each row's mark).</param>
/// <param name="Mark">Only devices with this attention mark (the same rule as each row's mark).</param>
public sealed record ListMyDevicesQuery(
    string? Search = null,
    ServiceStatus? Status = null,
    DeviceSort? Sort = null,
    bool Descending = false,
    int Page = 0,
    int PageSize = ListMyDevicesQuery.DefaultPageSize,
    Guid? DeviceId = null,
    bool WithSummary = true,
    HeartbeatState? Heartbeat = null,
    AttentionMark? Mark = null,
    bool WithoutCounts = false,
    DeviceCursor? After = null)
{
    public const int DefaultPageSize = 25;

    /// <summary>The most rows one page holds.</summary>
    public const int MaxPageSize = 500;

    public static readonly int[] PageSizes = [25, 50, 100];
}

/// <summary>Where a page of the list in its own order ended: the last row's support ID and management number (unique).</summary>
public sealed record DeviceCursor(string SupportId, string DeviceManagementNumber);

/// <param name="Matching">Devices that match the search and status, on every page.</param>
/// <param name="Counts">Every device of the user's support IDs per status, whatever the search.</param>
public sealed record DeviceListPage(
    IReadOnlyList<DeviceSummary> Rows,
    int Matching,
    int Page,
    int PageSize,
    IReadOnlyDictionary<ServiceStatus, int> Counts)
{
    /// <summary>1-based positions of the first and last row shown; 0 and 0 when none.</summary>
    public (int First, int Last) Shown => Rows.Count == 0 ? (0, 0) : ((Page * PageSize) + 1, (Page * PageSize) + Rows.Count);

    public int LastPage => Matching == 0 ? 0 : (Matching - 1) / PageSize;

    public int Total => Counts.Values.Sum();
}

/// <summary>
/// The dashboard: one page of the devices of the support IDs the signed-in user belongs to. The database filters,
/// sorts, counts and pages, so a customer with 20,000 servers costs the page (and its circuit) one page of rows.
/// </summary>
public sealed class ListMyDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, IOptions<HeartbeatOptions>? heartbeatOptions = null)
{
    public async Task<Result<DeviceListPage>> HandleAsync(ListMyDevicesQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<DeviceListPage>();
        }

        await using var db = dbFactory.Create();
        IQueryable<Row> Mine(IQueryable<Device> devices) =>
            from m in Membership.Of(db, actor)
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            join d in devices on a.Id equals d.SupportAccountId
            join r in db.Registrations on d.Id equals r.DeviceId into regs
            from r in regs.DefaultIfEmpty()
            select new Row { Device = d, Registration = r, SupportId = a.SupportId, OrganizationName = o.Name, Role = m.Role, Status = r == null ? ServiceStatus.NotApplied : r.Status };

        var counts = query.WithSummary && !query.WithoutCounts
            ? await Mine(db.Devices)
                .GroupBy(x => x.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken)
            : new Dictionary<ServiceStatus, int>();

        var now = clock.GetUtcNow();
        var options = heartbeatOptions?.Value ?? new HeartbeatOptions();
        var devices = DeviceSearch.Matching(db, db.Devices, query.Search);
        if (query.Heartbeat is { } heartbeat)
        {
            devices = Heartbeats.Having(db, devices, heartbeat, now, options);
        }

        if (query.Mark is { } mark)
        {
            devices = AttentionMarks.Having(db, devices, mark, now);
        }

        var matching = Mine(devices);
        if (query.Status is { } status)
        {
            matching = matching.Where(x => x.Status == status);
        }

        if (query.DeviceId is { } deviceId)
        {
            matching = matching.Where(x => x.Device.Id == deviceId);
        }

        var count = await matching.CountAsync(cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, ListMyDevicesQuery.MaxPageSize);
        var page = Math.Clamp(query.Page, 0, count == 0 ? 0 : (count - 1) / size);
        IQueryable<Row> pageRows;
        if (query.After is { } after)
        {
            page = 0;
            pageRows = Sorted(matching.Where(x => string.Compare(x.SupportId, after.SupportId) > 0
                    || (x.SupportId == after.SupportId && string.Compare(x.Device.DeviceManagementNumber, after.DeviceManagementNumber) > 0)), sort: null, descending: false)
                .Take(size);
        }
        else
        {
            pageRows = Sorted(matching, query.Sort, query.Descending).Skip(page * size).Take(size);
        }

        var found = await pageRows
            .Select(x => new
            {
                Summary = new DeviceSummary(
                    x.Device.Id,
                    x.Device.ModelNumber,
                    x.Device.SerialNumber,
                    x.Device.DeviceManagementNumber,
                    x.Device.HostName,
                    x.SupportId,
                    x.OrganizationName,
                    x.Role,
                    x.Status,
                    x.Device.Contract.Type,
                    x.Device.Contract.ValidUntil,
                    null,
                    null),
                x.Device.Contract,
            })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var rows = found.Select(x => x.Summary).ToList();
        if (query.WithSummary)
        {
            var ids = rows.Select(r => r.Id).ToList();
            var registrations = await db.Registrations.AsNoTracking().Where(r => ids.Contains(r.DeviceId)).ToListAsync(cancellationToken);
            var heartbeats = await Heartbeats.ForAsync(db, registrations, now, options, cancellationToken);
            var marks = await AttentionMarks.ForAsync(db, [.. found.Select(x => (x.Summary.Id, x.Contract))], registrations, now, cancellationToken);
            rows = [.. rows.Select(r => r with { Heartbeat = heartbeats.GetValueOrDefault(r.Id), Marks = marks.GetValueOrDefault(r.Id) })];
        }
        return new DeviceListPage(rows, count, page, size, Enum.GetValues<ServiceStatus>().ToDictionary(s => s, s => counts.GetValueOrDefault(s)));
    }

    /// <summary>The chosen column, then the list's own order, so that equal values keep one order across pages.</summary>
    private static IQueryable<Row> Sorted(IQueryable<Row> rows, DeviceSort? sort, bool descending)
    {
        var ordered = sort switch
        {
            DeviceSort.ManagementNumber => descending ? rows.OrderByDescending(x => x.Device.DeviceManagementNumber) : rows.OrderBy(x => x.Device.DeviceManagementNumber),
            DeviceSort.ModelNumber => descending ? rows.OrderByDescending(x => x.Device.ModelNumber) : rows.OrderBy(x => x.Device.ModelNumber),
            DeviceSort.HostName => descending ? rows.OrderByDescending(x => x.Device.HostName) : rows.OrderBy(x => x.Device.HostName),
            DeviceSort.SupportId => descending ? rows.OrderByDescending(x => x.SupportId) : rows.OrderBy(x => x.SupportId),
            DeviceSort.Status => descending ? rows.OrderByDescending(x => x.Status) : rows.OrderBy(x => x.Status),
            _ => rows.OrderBy(x => x.SupportId),
        };
        return ordered.ThenBy(x => x.SupportId).ThenBy(x => x.Device.DeviceManagementNumber).ThenBy(x => x.Device.Id);
    }

    // Initialised by member (not a constructor), so that EF can filter and sort on what it projects.
    private sealed class Row
    {
        public required Device Device { get; init; }

        public required ServiceRegistration? Registration { get; init; }

        public required string SupportId { get; init; }

        public required string OrganizationName { get; init; }

        public required MemberRole Role { get; init; }

        public required ServiceStatus Status { get; init; }
    }
}
