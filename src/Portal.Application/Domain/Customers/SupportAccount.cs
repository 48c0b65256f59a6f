using System.Security.Cryptography;
using System.Text;
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

    /// <summary>A member in <paramref name="actorRole"/> gives another member a new role; the support ID keeps an administrator.</summary>
    public Result ChangeRole(MemberRole actorRole, Guid userId, MemberRole role)
    {
        if (_members.SingleOrDefault(m => m.UserId == userId) is not { } member)
        {
            return Result.NotFound();
        }

        if (!actorRole.CanAssign(member.Role) || !actorRole.CanAssign(role))
        {
            return Result.Forbidden(ErrorCodes.MembersRequireAdministrator);
        }

        if (member.Role == MemberRole.Administrator && role != MemberRole.Administrator && IsLastAdministrator(member))
        {
            return Result.Conflict(ErrorCodes.LastAdministrator);
        }

        member.Role = role;
        return Result.Ok();
    }

    /// <summary>A member in <paramref name="actorRole"/> ends another's (or their own) membership; the support ID keeps an administrator.</summary>
    public Result RemoveMember(MemberRole actorRole, Guid userId)
    {
        if (_members.SingleOrDefault(m => m.UserId == userId) is not { } member)
        {
            return Result.NotFound();
        }

        if (!actorRole.CanAssign(member.Role))
        {
            return Result.Forbidden(ErrorCodes.MembersRequireAdministrator);
        }

        if (member.Role == MemberRole.Administrator && IsLastAdministrator(member))
        {
            return Result.Conflict(ErrorCodes.LastAdministrator);
        }

        _members.Remove(member);
        return Result.Ok();
    }

    private bool IsLastAdministrator(SupportMembership member) =>
        !_members.Any(m => m != member && m.Role == MemberRole.Administrator);
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
    public MemberRole Role { get; internal set; }

    /// <summary>
    /// This member's maintenance calendar (.ics) of the support ID. Calendar programs fetch it without signing in,
    /// so its address carries an identity (<see cref="CalendarFeedId"/>, which finds the feed) and a secret (which
    /// only verifies it; only its SHA-256 is kept). Each member has their own: re-issuing or revoking one leaves
    /// the others, and the feed goes with the membership.
    /// </summary>
    public Guid? CalendarFeedId { get; private set; }

    public byte[]? CalendarFeedSecretHash { get; private set; }

    public DateTimeOffset? CalendarFeedIssuedAt { get; private set; }

    /// <summary>A new feed address; the previous one stops working. Returns the secret, which is not kept.</summary>
    public string IssueCalendarFeed(DateTimeOffset now)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        CalendarFeedId = Guid.NewGuid();
        CalendarFeedSecretHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        CalendarFeedIssuedAt = now;
        return secret;
    }

    /// <returns>False when there was no feed.</returns>
    public bool RevokeCalendarFeed()
    {
        var had = CalendarFeedId is not null;
        (CalendarFeedId, CalendarFeedSecretHash, CalendarFeedIssuedAt) = (null, null, null);
        return had;
    }

    /// <summary>Whether <paramref name="secret"/> is this feed's, compared in fixed time.</summary>
    public bool CalendarFeedSecretMatches(string secret) =>
        CalendarFeedSecretHash is { } hash && CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
