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
