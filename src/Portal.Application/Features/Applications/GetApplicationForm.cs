using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Contacts;

namespace Portal.Application.Features.Applications;

public sealed record ApplicationForm(bool ApplicantHasAffiliation, IReadOnlyList<SupportIdOption> SupportIds);

public sealed record SupportIdOption(
    Guid SupportAccountId,
    string SupportId,
    string OrganizationName,
    IReadOnlyList<DeviceOption> Devices,
    IReadOnlyList<ContactCandidate> Candidates);

public sealed record DeviceOption(
    Guid Id,
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
/// What the application wizard offers: per support ID the user administers, the devices not applied for (or whose service ended)
/// (ineligible ones with the reason) and the people who may be chosen as contacts.
/// </summary>
public sealed class GetApplicationFormHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<ApplicationForm>> HandleAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<ApplicationForm>();
        }

        await using var db = dbFactory.Create();
        var managed = await (
            from m in db.SupportMemberships
            where m.UserId == actor.UserId && (m.Role == MemberRole.Administrator || m.Role == MemberRole.Deputy)
            join a in db.SupportAccounts on m.SupportAccountId equals a.Id
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
        var devices = await (
            from d in db.Devices
            where accountIds.Contains(d.SupportAccountId)
            join r in db.Registrations on d.Id equals r.DeviceId into regs
            from r in regs.DefaultIfEmpty()
            where r == null || r.Status == ServiceStatus.NotApplied || r.Status == ServiceStatus.Ended
            orderby d.DeviceManagementNumber
            select d)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var candidates = await (
            from m in db.SupportMemberships
            where accountIds.Contains(m.SupportAccountId)
            join p in db.UserProfiles on m.UserId equals p.Id
            orderby m.Role, p.Name
            select new { m.SupportAccountId, Candidate = new ContactCandidate(p.Id, p.Name, p.Affiliation, p.Phone, p.Email, m.Role) })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var applicantAffiliation = await db.UserProfiles.Where(p => p.Id == actor.UserId).Select(p => p.Affiliation).SingleOrDefaultAsync(cancellationToken);

        var today = JapanTime.Today(clock);
        var options = managed.Select(a => new SupportIdOption(
                a.Id,
                a.SupportId,
                a.OrganizationName,
                [.. devices.Where(d => d.SupportAccountId == a.Id)
                    .Select(d => new DeviceOption(d.Id, d.DeviceManagementNumber, d.ModelNumber, d.SerialNumber, d.HostName, d.CheckEligibility(today), d.Contract.ValidUntil))],
                [.. candidates.Where(c => c.SupportAccountId == a.Id).Select(c => c.Candidate)]))
            .ToList();
        return new ApplicationForm(!string.IsNullOrWhiteSpace(applicantAffiliation), options);
    }
}
