using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Contacts;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Devices;

public sealed record DeviceDetail(
    Guid Id,
    string ModelNumber,
    string SerialNumber,
    string DeviceManagementNumber,
    string HostName,
    InstallationSite InstallationSite,
    string SupportId,
    string OrganizationName,
    DateTimeOffset? SiteChangedAt,
    MemberRole? Role,
    Contract Contract,
    Eligibility Eligibility,
    RegistrationView Registration,
    IReadOnlyDictionary<ReportType, DateTimeOffset> LastReports,
    string? ReapplyRefusal = ErrorCodes.ReapplyNeedsOpenedService,
    IReadOnlyDictionary<ReapplicationReason, string>? ReasonRefusals = null,
    bool ByStaff = false,
    Heartbeat? Heartbeat = null,
    Guid SupportAccountId = default,
    long SignalVersion = 0)
{
    // What the page offers is decided here, once, from the same rules the changes check; each panel of the page
    // shows an action only when its flag says so.

    /// <summary>The signed-in person may start an application for this device now (again, once its service ended).</summary>
    public bool CanApply => CanManage && Registration.Status is ServiceStatus.NotApplied or ServiceStatus.Ended && Eligibility == Eligibility.Eligible;

    /// <summary>The applicant, an administrator or a deputy may take back an application staff have not decided.</summary>
    public bool CanWithdraw => Registration.IsAwaitingAcceptance && Role is not null && (CanManage || Registration.AppliedByMe);

    /// <summary>An opened device may be applied for again (a lost key, a move, a contract change); the state machine says when.</summary>
    public bool CanReapply => CanManage && ReapplyRefusal is null && Eligibility == Eligibility.Eligible;

    public bool CanRequestEnd => CanManage && Registration is { Status: ServiceStatus.Opened, PendingReapplication: null, EndRequestedAt: null };

    public bool CanCancelEnd => CanManage && Registration is { Status: ServiceStatus.Opened, EndRequestedAt: not null };

    /// <summary>The contract now opens by the other method (a free warranty became a maintenance contract, FAQ Q4-11): a new key is needed.</summary>
    public bool NeedsNewKey => HoldsKey && ReasonRefusals?.ContainsKey(ReapplicationReason.ContractChanged) == false;

    /// <summary>A key is in force (accepted or opened); an ended service's old key is not shown.</summary>
    public bool HoldsKey => Registration is { KeyCode: not null, Status: ServiceStatus.Accepted or ServiceStatus.Opened };

    /// <summary>The key in force is a key file, offered for download (FAQ Q1-2, Q4-1).</summary>
    public bool OffersKeyFile => Registration is { KeyMethod: OpeningMethod.KeyFile, KeyCode: not null, Status: ServiceStatus.Accepted or ServiceStatus.Opened };

    /// <summary>An administrator or deputy of the device's support ID: may change its contacts and site.</summary>
    public bool CanManage => Role is { } role && role.CanManage();

    /// <summary>Contacts can be changed only once the service is open (FAQ Q1-18).</summary>
    public bool CanChangeContacts => CanManage && Registration.Status == ServiceStatus.Opened;

    /// <summary>Why the contacts cannot be changed, as an error code; null when they can.</summary>
    public string? ContactsReadOnlyReason =>
        CanChangeContacts ? null
        : Registration.Status == ServiceStatus.Ended ? ErrorCodes.ContactsOfEndedService
        : CanManage ? ErrorCodes.ContactsChangeNeedsOpenedService
        : ErrorCodes.ChangeRequiresAdministrator;

    /// <summary>The centre calls and mails these contacts (<see cref="ServiceRegistration.ContactsInUse"/>).</summary>
    public bool ContactsInUse => Registration.ContactsInUse;

    public bool CanChangeSite => CanManage;

    public bool CanScheduleMaintenance => CanManage && Registration.Status == MaintenanceWindow.AnnouncedFor;

    /// <summary>Staff correct the device record (model number, contract) from the centre's side.</summary>
    public bool CanCorrectRecord => ByStaff;

    /// <summary>Staff may issue a new key while one is in force (the registration's own rule).</summary>
    public bool CanReissueKey => ByStaff && HoldsKey;

    /// <summary>Staff confirm an end the customer asked for.</summary>
    public bool CanConfirmEnd => ByStaff && Registration.EndRequestedAt is not null;
}

public sealed record RegistrationView(
    Guid Id,
    ServiceStatus Status,
    DateTimeOffset? AppliedAt,
    string? KeyCode,
    DateTimeOffset? KeyIssuedAt,
    DateTimeOffset? OpeningPossibleFrom,
    DateTimeOffset? OpenedAt,
    string? RejectionReason,
    DateOnly? NextPeriodicDueOn,
    DateOnly? PeriodicOverdueSince,
    IReadOnlyList<ContactView> Contacts,
    IReadOnlyList<StatusChangeView> Timeline,
    DateTimeOffset? OpeningLockedAt = null,
    OpeningMethod? KeyMethod = null,
    ReapplicationReason? PendingReapplication = null,
    string? ReapplicationNote = null,
    DateTimeOffset? EndRequestedAt = null,
    bool AppliedByMe = false,
    DateOnly? LatestMissedPeriodicDueOn = null,
    bool ContactsInUse = false)
{
    public bool IsAwaitingAcceptance => Status == ServiceStatus.Applied || PendingReapplication is not null;
}

public sealed record StatusChangeView(ServiceStatus From, ServiceStatus To, DateTimeOffset At, string? Note, RegistrationStep? Step = null);

public sealed record GetDeviceDetailQuery(Guid DeviceId);

/// <summary>One device with its service registration. Devices of other customers are "not found", never "forbidden".</summary>
public sealed class GetDeviceDetailHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, IOptions<HeartbeatOptions>? heartbeatOptions = null)
{
    public async Task<Result<DeviceDetail>> HandleAsync(GetDeviceDetailQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.ViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<DeviceDetail>();
        }

        await using var db = dbFactory.Create();
        var found = await (
            from d in db.Devices.VisibleTo(db, actor)
            where d.Id == query.DeviceId
            join a in db.SupportAccounts on d.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            select new { Device = d, a.SupportId, OrganizationName = o.Name, SignalVersion = EF.Property<long>(a, TimelineSignals.Column) })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Result.NotFound().As<DeviceDetail>();
        }

        var membership = await Membership.Of(db, actor).AsNoTracking()
            .SingleOrDefaultAsync(m => m.SupportAccountId == found.Device.SupportAccountId, cancellationToken);
        var registration = await db.Registrations.AsNoTracking()
            .Include(r => r.Contacts)
            .Include(r => r.History)
            .SingleOrDefaultAsync(r => r.DeviceId == query.DeviceId, cancellationToken);

        var device = found.Device;
        var lastReports = await db.Reports.Where(r => r.DeviceId == query.DeviceId)
            .GroupBy(r => r.Type)
            .Select(g => new { g.Key, Last = g.Max(r => r.ReceivedAt) })
            .ToDictionaryAsync(x => x.Key, x => x.Last, cancellationToken);
        return new DeviceDetail(
            device.Id,
            device.ModelNumber,
            device.SerialNumber,
            device.DeviceManagementNumber,
            device.HostName,
            device.InstallationSite,
            found.SupportId,
            found.OrganizationName,
            device.SiteChangedAt,
            membership?.Role,
            device.Contract,
            device.CheckEligibility(JapanTime.Today(clock)),
            ToView(registration, registration is null ? [] : await ContactViews.LoadAsync(db, device.SupportAccountId, device.Id, registration.Contacts, cancellationToken), actor.UserId),
            lastReports,
            registration is null ? ErrorCodes.ReapplyNeedsOpenedService : registration.ReapplyRefusal(),
            registration is null
                ? null
                : Enum.GetValues<ReapplicationReason>()
                    .Select(reason => (reason, refusal: registration.ReapplyRefusal(reason, device.Contract.OpeningMethod)))
                    .Where(x => x.refusal is not null)
                    .ToDictionary(x => x.reason, x => x.refusal!),
            actor.IsStaff,
            registration is null
                ? null
                : Heartbeats.Of(
                    registration.Status, registration.PeriodicAnchorDay, registration.NextPeriodicDueOn, registration.PeriodicOverdueSince, registration.OpenedAt,
                    lastReports.Count == 0 ? null : lastReports.Values.Max(), clock.GetUtcNow(), heartbeatOptions?.Value ?? new HeartbeatOptions()),
            device.SupportAccountId,
            found.SignalVersion);
    }

    private static RegistrationView ToView(ServiceRegistration? registration, IReadOnlyList<ContactView> contacts, Guid me) =>
        registration is null
            ? new RegistrationView(Guid.Empty, ServiceStatus.NotApplied, null, null, null, null, null, null, null, null, [], [])
            : new RegistrationView(
                registration.Id,
                registration.Status,
                registration.AppliedAt,
                registration.KeyCode,
                registration.KeyIssuedAt,
                registration.OpeningPossibleFrom,
                registration.OpenedAt,
                registration.RejectionReason,
                registration.NextPeriodicDueOn,
                registration.PeriodicOverdueSince,
                contacts,
                [.. registration.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChangeView(h.From, h.To, h.At, h.Note, h.Step))],
                registration.OpeningLockedAt,
                registration.KeyMethod,
                registration.PendingReapplication,
                registration.ReapplicationNote,
                registration.EndRequestedAt,
                registration.AppliedByUserId == me,
                registration.LatestMissedPeriodicDueOn,
                registration.UsesContacts);
}
