using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Features.Contacts;

namespace Portal.Application.Features.Applications;

/// <param name="PreselectedDeviceId">The device the wizard was opened for, if any.</param>
public sealed record GetApplicationFormQuery(Guid? PreselectedDeviceId = null);

/// <param name="Preselected">The device the wizard was opened for, when it may be applied for.</param>
public sealed record ApplicationForm(bool ApplicantHasAffiliation, IReadOnlyList<SupportIdOption> SupportIds, DeviceOption? Preselected = null);

/// <param name="ApplicableDevices">Devices of this support ID not applied for (or whose service ended), chosen a page at a time.</param>
public sealed record SupportIdOption(
    Guid SupportAccountId,
    string SupportId,
    string OrganizationName,
    int ApplicableDevices,
    IReadOnlyList<ContactCandidate> Candidates);

public sealed record DeviceOption(
    Guid Id,
    Guid SupportAccountId,
    string DeviceManagementNumber,
    string ModelNumber,
    string SerialNumber,
    string HostName,
    Eligibility Eligibility,
    DateOnly? ValidUntil)
{
    public bool CanChoose => Eligibility == Eligibility.Eligible;
}

/// <summary>
/// What the application wizard offers: per support ID the user administers, how many devices may be applied for
/// (<see cref="ListApplicableDevicesHandler"/> pages through them) and the people who may be chosen as contacts.
/// </summary>
public sealed class GetApplicationFormHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<ApplicationForm>> HandleAsync(GetApplicationFormQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.SignedInAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<ApplicationForm>();
        }

        await using var db = dbFactory.Create();
        var managed = await (
            from a in Membership.ManagedAccounts(db, actor)
            join o in db.Organizations on a.OrganizationId equals o.Id
            orderby a.SupportId
            select new { a.Id, a.SupportId, OrganizationName = o.Name })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (managed.Count == 0)
        {
            return Result.Forbidden(ErrorCodes.ApplyRequiresAdministrator).As<ApplicationForm>();
        }

        var accountIds = managed.Select(a => a.Id).ToList();
        var applicable = await ApplicableDevices.Of(db, accountIds)
            .GroupBy(d => d.SupportAccountId)
            .Select(g => new { AccountId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.AccountId, g => g.Count, cancellationToken);
        var candidates = await (
            from m in db.SupportMemberships
            where accountIds.Contains(m.SupportAccountId)
            join p in db.UserProfiles on m.UserId equals p.Id
            orderby m.Role, p.Name
            select new { m.SupportAccountId, Candidate = new ContactCandidate(p.Id, p.Name, p.Affiliation, p.Phone, p.Email, m.Role) })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var applicantAffiliation = await db.UserProfiles.Where(p => p.Id == actor.UserId).Select(p => p.Affiliation).SingleOrDefaultAsync(cancellationToken);

        var options = managed.Select(a => new SupportIdOption(
                a.Id,
                a.SupportId,
                a.OrganizationName,
                applicable.GetValueOrDefault(a.Id),
                [.. candidates.Where(c => c.SupportAccountId == a.Id).Select(c => c.Candidate)]))
            .ToList();
        var preselected = query.PreselectedDeviceId is { } id
            ? await ApplicableDevices.Of(db, accountIds).Where(d => d.Id == id).AsNoTracking().SingleOrDefaultAsync(cancellationToken)
            : null;
        return new ApplicationForm(
            !string.IsNullOrWhiteSpace(applicantAffiliation),
            options,
            preselected is null ? null : ApplicableDevices.Option(preselected, JapanTime.Today(clock)) is { CanChoose: true } option ? option : null);
    }
}
