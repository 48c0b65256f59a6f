using System.Security.Cryptography;
using System.Text;
using Portal.Application.Common;

namespace Portal.Application.Domain.Customers;

/// <summary>
/// An administrator's (or deputy's) invitation of a person, by e-mail address, to a support ID in a role. The link
/// mailed to the address names the invitation (<see cref="Id"/>, which finds it) and carries a secret that only
/// verifies it; only the secret's SHA-256 is kept. Whoever accepts must hold an account with that sign-in address,
/// or create one for it: reading the mailbox is what proves the invitation reached the right person.
/// </summary>
public sealed class MemberInvitation : VersionedAggregate
{
    /// <summary>Long enough for a colleague back from a week's leave; short enough that an old mail is worthless.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private MemberInvitation() => Email = string.Empty;

    private MemberInvitation(Guid id, Guid supportAccountId, string email, MemberRole role, byte[] secretHash, Guid invitedBy, DateTimeOffset now)
    {
        Id = id;
        SupportAccountId = supportAccountId;
        Email = email;
        Role = role;
        SecretHash = secretHash;
        InvitedBy = invitedBy;
        InvitedAt = now;
        ExpiresAt = now + Lifetime;
    }

    public Guid Id { get; private set; }
    public Guid SupportAccountId { get; private set; }

    /// <summary>The address invited, as the administrator typed it (normalised); matched without case.</summary>
    public string Email { get; private set; }

    public MemberRole Role { get; private set; }
    public byte[] SecretHash { get; private set; } = [];
    public Guid InvitedBy { get; private set; }
    public DateTimeOffset InvitedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public Guid? AcceptedBy { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }

    /// <summary>Waiting for the person: neither accepted, withdrawn nor expired.</summary>
    public static readonly Rule<MemberInvitation, DateTimeOffset> Pending = new((i, now) =>
        i.AcceptedAt == null && i.WithdrawnAt == null && i.ExpiresAt > now);

    /// <summary>A new invitation and its secret, which goes into the mailed link and is not kept.</summary>
    public static (MemberInvitation Invitation, string Secret) Issue(Guid supportAccountId, string email, MemberRole role, Guid invitedBy, DateTimeOffset now)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        return (new MemberInvitation(Guid.CreateVersion7(now), supportAccountId, email, role, Hash(secret), invitedBy, now), secret);
    }

    /// <summary>Whether <paramref name="secret"/> is this invitation's, compared in fixed time.</summary>
    public bool SecretMatches(string? secret) =>
        secret is not null && CryptographicOperations.FixedTimeEquals(SecretHash, Hash(secret));

    /// <summary>
    /// Whether the person who invited could still give this role on the support ID: an invitation of someone since
    /// removed or demoted no longer stands (it would hand out a role they no longer have).
    /// </summary>
    public bool IsBackedBy(SupportAccount account) =>
        account.Id == SupportAccountId && account.Members.Any(m => m.UserId == InvitedBy && m.Role.CanAssign(Role));

    public bool IsFor(string signInEmail) => string.Equals(Email, signInEmail.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Why this invitation can no longer be accepted, or null when it can.</summary>
    public string? RefusalAt(DateTimeOffset now) =>
        Pending.IsSatisfiedBy(this, now) ? null
        : AcceptedAt is not null ? ErrorCodes.InvitationUsed
        : WithdrawnAt is not null ? ErrorCodes.InvitationWithdrawn
        : ErrorCodes.InvitationExpired;

    public Result Accept(Guid userId, DateTimeOffset now)
    {
        if (RefusalAt(now) is { } refusal)
        {
            return Result.Conflict(refusal);
        }

        AcceptedAt = now;
        AcceptedBy = userId;
        Changed();
        return Result.Ok();
    }

    public Result Withdraw(DateTimeOffset now)
    {
        if (RefusalAt(now) is { } refusal)
        {
            return Result.Conflict(refusal);
        }

        WithdrawnAt = now;
        Changed();
        return Result.Ok();
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
