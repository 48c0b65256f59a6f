using Portal.Application.Common;

namespace Portal.Application.Domain.Customers;

/// <summary>
/// A support ID (サポートID): the contract account that owns devices. Users see a device only through a
/// membership on its support ID.
/// </summary>
public sealed class SupportAccount
{
    private readonly List<SupportMembership> _members = [];

    private SupportAccount() => SupportId = string.Empty;

    public SupportAccount(Guid id, Guid organizationId, string supportId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(supportId);
        Id = id;
        OrganizationId = organizationId;
        SupportId = supportId.Trim();
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }

    /// <summary>The customer-facing support ID, e.g. "SP1000001".</summary>
    public string SupportId { get; private set; }

    public IReadOnlyList<SupportMembership> Members => _members;

    /// <summary>
    /// The secret in the address of this support ID's maintenance calendar (.ics): calendar programs fetch
    /// it without signing in, so the address itself is the key, and it shows only this support ID's devices
    /// (members of one support ID see nothing of another). Null until first asked for.
    /// </summary>
    public string? CalendarFeedToken { get; private set; }

    /// <returns>True when a token was created now.</returns>
    public bool EnsureCalendarFeedToken()
    {
        if (CalendarFeedToken is not null)
        {
            return false;
        }

        CalendarFeedToken = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        return true;
    }

    public Result AddMember(Guid userId, MemberRole role)
    {
        if (_members.Any(m => m.UserId == userId))
        {
            return Result.Conflict(ErrorCodes.AlreadyMember);
        }

        _members.Add(new SupportMembership(Id, userId, role));
        return Result.Ok();
    }
}

public sealed class SupportMembership
{
    private SupportMembership()
    {
    }

    internal SupportMembership(Guid supportAccountId, Guid userId, MemberRole role)
    {
        SupportAccountId = supportAccountId;
        UserId = userId;
        Role = role;
    }

    public Guid SupportAccountId { get; private set; }
    public Guid UserId { get; private set; }
    public MemberRole Role { get; private set; }
}
