using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Reports;

namespace Portal.Application.Features.Staff;

public sealed record CallContact(int Priority, string Name, string Phone, string Email, string? ReachableHours);

public sealed record CallStepView(CallOutcome Outcome, DateTimeOffset At, string ActorName);

public sealed record CallTaskView(
    Guid Id,
    Guid DeviceId,
    string DeviceManagementNumber,
    string ModelNumber,
    string HostName,
    string SupportId,
    string OrganizationName,
    DateTimeOffset CreatedAt,
    EventSeverity Severity,
    EventCategory? Category,
    string? EventCode,
    string? Message,
    CallTaskState State,
    int? NextContactPriority,
    IReadOnlyList<CallContact> Contacts,
    IReadOnlyList<CallStepView> Steps)
{
    public bool HasContact2 => Contacts.Any(c => c.Priority == 2);
}

/// <param name="DeviceId">One device's tasks, open and closed; null for the open tasks of every device.</param>
public sealed record GetCallListQuery(Guid? DeviceId = null);

/// <summary>
/// Staff: the failure call list, most severe first and oldest first within a severity (the open ones), or
/// every task of one device. Contacts come with their phones and reachable hours, as the centre holds them.
/// </summary>
public sealed class GetCallListHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public const int Limit = 200;

    public async Task<Result<IReadOnlyList<CallTaskView>>> HandleAsync(GetCallListQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.StaffViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<IReadOnlyList<CallTaskView>>();
        }

        await using var db = dbFactory.Create();
        var tasks = db.CallTasks.AsNoTracking().Include(t => t.Steps).Include(t => t.Report).AsQueryable();
        tasks = query.DeviceId is { } id
            ? tasks.Where(t => t.DeviceId == id).OrderByDescending(t => t.CreatedAt)
            : tasks.Where(t => t.State == CallTaskState.Open).OrderByDescending(t => t.Severity).ThenBy(t => t.CreatedAt);
        var list = await tasks.Take(Limit).ToListAsync(cancellationToken);

        var deviceIds = list.Select(t => t.DeviceId).Distinct().ToList();
        var devices = await (
            from d in db.Devices
            where deviceIds.Contains(d.Id)
            join a in db.SupportAccounts on d.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            select new { d.Id, d.DeviceManagementNumber, d.ModelNumber, d.HostName, a.SupportId, OrganizationName = o.Name })
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        var contacts = (await db.Registrations.AsNoTracking().Include(r => r.Contacts)
                .Where(r => deviceIds.Contains(r.DeviceId))
                .ToListAsync(cancellationToken))
            .ToDictionary(r => r.DeviceId, r => r.Contacts.OrderBy(c => c.Priority).Select(c => new CallContact(c.Priority, c.Name, c.Phone, c.Email, c.ReachableHours)).ToList());
        var actorIds = list.SelectMany(t => t.Steps).Select(s => s.ActorUserId).Distinct().ToList();
        var actors = await db.UserProfiles.AsNoTracking().Where(p => actorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);

        return list.Select(t =>
        {
            var d = devices[t.DeviceId];
            return new CallTaskView(
                t.Id, t.DeviceId, d.DeviceManagementNumber, d.ModelNumber, d.HostName, d.SupportId, d.OrganizationName, t.CreatedAt, t.Severity,
                t.Report.Event?.Category, t.Report.Event?.Code, t.Report.Event?.Message, t.State, t.NextContactPriority,
                contacts.GetValueOrDefault(t.DeviceId) ?? [],
                [.. t.Steps.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new CallStepView(s.Outcome, s.At, actors.GetValueOrDefault(s.ActorUserId) ?? string.Empty))]);
        }).ToList();
    }
}
