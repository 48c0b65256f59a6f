using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Devices;

// EF translates string.Compare to the database's own comparison of the column; the overloads naming a culture or
// ordinal comparison do not translate.
#pragma warning disable CA1309, CA1310

namespace Portal.Application.Features.Staff;

/// <summary>What a staff search term matched.</summary>
public enum LookupKey
{
    DeviceManagementNumber = 1,
    SerialNumber = 2,
    HostName = 3,
    ModelNumber = 4,
    SupportId = 5,
    CustomerName = 6,
    ContactPhone = 7,
    ContactEmail = 8,
}

public sealed record StaffDeviceRow(
    Guid Id,
    string DeviceManagementNumber,
    string ModelNumber,
    string SerialNumber,
    string HostName,
    string SupportId,
    string OrganizationName,
    ServiceStatus Status,
    LookupKey? MatchedOn,
    bool Exact,
    Heartbeat? Heartbeat = null,
    IReadOnlyList<Attention>? Marks = null);

/// <param name="Term">What staff typed; empty with a filter lists the filtered devices of every customer.</param>
/// <param name="Heartbeat">Only opened devices in this heartbeat state (the dashboard's rule).</param>
/// <param name="Mark">Only devices with this attention mark (the dashboard's rule).</param>
public sealed record SearchDevicesQuery(string? Term, HeartbeatState? Heartbeat = null, AttentionMark? Mark = null)
{
    public bool Filtered => Heartbeat is not null || Mark is not null;
}

/// <summary>
/// Staff look a device up while the customer is on the phone: one term is tried as a device management
/// number, serial number, host name, model number, support ID, customer name, and a contact's phone or
/// e-mail. Exact matches come first, then prefix matches. Every key is an indexed equality or range
/// (prefix = [term, next term)), so it stays fast with a million devices. A heartbeat or mark filter narrows every
/// key to the devices it holds for; without a term it lists them, across every customer.
/// </summary>
public sealed class SearchDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, IOptions<HeartbeatOptions>? heartbeatOptions = null)
{
    public const int MaxResults = 50;

    public async Task<Result<IReadOnlyList<StaffDeviceRow>>> HandleAsync(SearchDevicesQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.StaffViewerAsync(currentUser, dbFactory, cancellationToken);
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn.As<IReadOnlyList<StaffDeviceRow>>();
        }

        var text = query.Term?.Trim() ?? string.Empty;
        if (text.Length == 0 && !query.Filtered)
        {
            return Array.Empty<StaffDeviceRow>();
        }

        await using var db = dbFactory.Create();
        var now = clock.GetUtcNow();
        var options = heartbeatOptions?.Value ?? new HeartbeatOptions();
        IQueryable<Device> candidates = db.Devices;
        if (query.Heartbeat is { } heartbeat)
        {
            candidates = Heartbeats.Having(db, candidates, heartbeat, now, options);
        }

        if (query.Mark is { } mark)
        {
            candidates = AttentionMarks.Having(db, candidates, mark, now);
        }

        var candidateIds = candidates.Select(d => d.Id);
        if (text.Length == 0)
        {
            var listed = await candidates.OrderBy(d => d.DeviceManagementNumber).Select(d => d.Id).Take(MaxResults).ToListAsync(cancellationToken);
            return await RowsAsync(db, [.. listed.Select(id => (id, (LookupKey?)null, false))], now, options, cancellationToken);
        }

        var upper = text.ToUpperInvariant();
        var lower = text.ToLowerInvariant();
        var found = new List<(Guid DeviceId, LookupKey Key, bool Exact)>();

        async Task AddAsync(IQueryable<Guid> ids, LookupKey key, bool exact)
        {
            if (found.Count >= MaxResults * 2)
            {
                return;
            }

            var narrowed = query.Filtered ? ids.Where(id => candidateIds.Contains(id)) : ids;
            found.AddRange((await narrowed.Take(MaxResults).ToListAsync(cancellationToken)).Select(id => (id, key, exact)));
        }

        // Exact, most specific first. A term that cannot be a phone number or an e-mail address is not looked
        // for among them: every query costs a round trip, and the lookup runs while the customer waits.
        var phoneLike = text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or '(' or ')' or ' ');
        await AddAsync(db.Devices.Where(d => d.DeviceManagementNumber == upper || d.DeviceManagementNumber == text).OrderBy(d => d.DeviceManagementNumber).Select(d => d.Id), LookupKey.DeviceManagementNumber, true);
        await AddAsync(db.Devices.Where(d => d.SerialNumber == upper).OrderBy(d => d.DeviceManagementNumber).Select(d => d.Id), LookupKey.SerialNumber, true);
        await AddAsync(db.Devices.Where(d => d.HostName == text || d.HostName == lower || d.HostName == upper).OrderBy(d => d.DeviceManagementNumber).Select(d => d.Id), LookupKey.HostName, true);
        // Phone numbers as digits on both sides: 0312345601 finds 03-1234-5601.
        var digits = ContactFormats.Digits(text);
        if (phoneLike)
        {
            await AddAsync(db.Registrations.SelectMany(r => r.Contacts.Where(c => c.PhoneDigits == digits), (r, _) => r.DeviceId).Order(), LookupKey.ContactPhone, true);
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            await AddAsync(db.Registrations.SelectMany(r => r.Contacts.Where(c => c.Email == text || c.Email == lower), (r, _) => r.DeviceId).Order(), LookupKey.ContactEmail, true);
        }

        await AddAsync(AccountDevices(db, db.SupportAccounts.Where(a => a.SupportId == upper).Select(a => a.Id)), LookupKey.SupportId, true);
        await AddAsync(OrganizationDevices(db, db.Organizations.Where(o => o.Name == text).Select(o => o.Id)), LookupKey.CustomerName, true);
        await AddAsync(db.Devices.Where(d => d.ModelNumber == upper).OrderBy(d => d.DeviceManagementNumber).Select(d => d.Id), LookupKey.ModelNumber, true);

        // Then prefixes, as ranges an index can serve.
        var upperEnd = Successor(upper);
        var lowerEnd = Successor(lower);
        var textEnd = Successor(text);
        await AddAsync(db.Devices.Where(d => string.Compare(d.DeviceManagementNumber, upper) >= 0 && string.Compare(d.DeviceManagementNumber, upperEnd) < 0).OrderBy(d => d.DeviceManagementNumber).Select(d => d.Id), LookupKey.DeviceManagementNumber, false);
        await AddAsync(db.Devices.Where(d => string.Compare(d.SerialNumber, upper) >= 0 && string.Compare(d.SerialNumber, upperEnd) < 0).OrderBy(d => d.SerialNumber).Select(d => d.Id), LookupKey.SerialNumber, false);

        // Host names keep the case their servers report (Windows hosts are often upper case): try both.
        await AddAsync(db.Devices.Where(d => string.Compare(d.HostName, lower) >= 0 && string.Compare(d.HostName, lowerEnd) < 0).OrderBy(d => d.HostName).Select(d => d.Id), LookupKey.HostName, false);
        if (upper != lower)
        {
            await AddAsync(db.Devices.Where(d => string.Compare(d.HostName, upper) >= 0 && string.Compare(d.HostName, upperEnd) < 0).OrderBy(d => d.HostName).Select(d => d.Id), LookupKey.HostName, false);
        }

        await AddAsync(AccountDevices(db, db.SupportAccounts.Where(a => string.Compare(a.SupportId, upper) >= 0 && string.Compare(a.SupportId, upperEnd) < 0).Select(a => a.Id)), LookupKey.SupportId, false);
        // A Japanese term matches any part of a customer's name (アルファ finds 株式会社アルファ製作所); it reads every
        // customer's name, so a term of ASCII alone (numbers, host names: most lookups) matches names by prefix only.
        await AddAsync(
            OrganizationDevices(db, text.All(char.IsAscii)
                ? db.Organizations.Where(o => string.Compare(o.Name, text) >= 0 && string.Compare(o.Name, textEnd) < 0).Select(o => o.Id)
                : db.Organizations.Where(o => o.Name.Contains(text)).Select(o => o.Id)),
            LookupKey.CustomerName,
            false);
        if (phoneLike && digits.Length >= 3)
        {
            var digitsEnd = Successor(digits);
            await AddAsync(db.Registrations.SelectMany(r => r.Contacts.Where(c => string.Compare(c.PhoneDigits, digits) >= 0 && string.Compare(c.PhoneDigits, digitsEnd) < 0), (r, _) => r.DeviceId).Order(), LookupKey.ContactPhone, false);
        }

        if (!text.Any(char.IsWhiteSpace) && text.Length >= 3)
        {
            await AddAsync(db.Registrations.SelectMany(r => r.Contacts.Where(c => string.Compare(c.Email, lower) >= 0 && string.Compare(c.Email, lowerEnd) < 0), (r, _) => r.DeviceId).Order(), LookupKey.ContactEmail, false);
        }
        await AddAsync(db.Devices.Where(d => string.Compare(d.ModelNumber, upper) >= 0 && string.Compare(d.ModelNumber, upperEnd) < 0).OrderBy(d => d.ModelNumber).Select(d => d.Id), LookupKey.ModelNumber, false);

        var ranked = found
            .GroupBy(f => f.DeviceId)
            .Select(g => g.First())
            .Take(MaxResults)
            .ToList();
        return await RowsAsync(db, [.. ranked.Select(r => (r.DeviceId, (LookupKey?)r.Key, r.Exact))], now, options, cancellationToken);
    }

    /// <summary>The rows of the devices found, in the order found, with their heartbeats and marks as the dashboard shows them.</summary>
    private static async Task<List<StaffDeviceRow>> RowsAsync(
        IPortalDbContext db, IReadOnlyList<(Guid DeviceId, LookupKey? Key, bool Exact)> ranked, DateTimeOffset now, HeartbeatOptions options, CancellationToken cancellationToken)
    {
        var ids = ranked.Select(r => r.DeviceId).ToList();
        var rows = await (
            from d in db.Devices
            where ids.Contains(d.Id)
            join a in db.SupportAccounts on d.SupportAccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            join r in db.Registrations on d.Id equals r.DeviceId into regs
            from r in regs.DefaultIfEmpty()
            select new { d.Id, d.DeviceManagementNumber, d.ModelNumber, d.SerialNumber, d.HostName, a.SupportId, OrganizationName = o.Name, Status = r == null ? ServiceStatus.NotApplied : r.Status, d.Contract })
            .AsNoTracking()
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        var registrations = await db.Registrations.AsNoTracking().Where(r => ids.Contains(r.DeviceId)).ToListAsync(cancellationToken);
        var heartbeats = await Heartbeats.ForAsync(db, registrations, now, options, cancellationToken);
        var marks = await AttentionMarks.ForAsync(db, [.. rows.Values.Select(x => (x.Id, x.Contract))], registrations, now, cancellationToken);
        return ranked
            .Where(r => rows.ContainsKey(r.DeviceId))
            .Select(r =>
            {
                var x = rows[r.DeviceId];
                return new StaffDeviceRow(x.Id, x.DeviceManagementNumber, x.ModelNumber, x.SerialNumber, x.HostName, x.SupportId, x.OrganizationName, x.Status, r.Key, r.Exact, heartbeats.GetValueOrDefault(x.Id), marks.GetValueOrDefault(x.Id));
            })
            .ToList();
    }

    private static IQueryable<Guid> AccountDevices(IPortalDbContext db, IQueryable<Guid> accountIds) =>
        db.Devices.Where(d => accountIds.Contains(d.SupportAccountId)).OrderBy(d => d.DeviceManagementNumber).Select(d => d.Id);

    private static IQueryable<Guid> OrganizationDevices(IPortalDbContext db, IQueryable<Guid> organizationIds) =>
        from a in db.SupportAccounts
        where organizationIds.Contains(a.OrganizationId)
        join d in db.Devices on a.Id equals d.SupportAccountId
        orderby d.DeviceManagementNumber
        select d.Id;

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>.</summary>
    public static string Successor(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
