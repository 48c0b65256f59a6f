using System.Security.Cryptography;
using System.Text;
using Portal.Application.Common;

namespace Portal.Application.Domain.Users;

/// <summary>What a personal access token may do: read, or read and change.</summary>
public enum TokenScope
{
    Read,
    ReadWrite,
}

/// <summary>
/// A person's token for the customer API (a script, a change-management tool). It acts for its owner on the support
/// IDs chosen when it was made, with the owner's own role on each at the time of each call, never more. The secret
/// is shown once and kept only as its SHA-256: it has 256 random bits, so a plain hash cannot be searched back.
/// The token's text names the token (its id) and carries the secret; the id finds the record and the secret is only
/// checked against it, never used to find one.
/// </summary>
public sealed class PersonalAccessToken
{
    /// <summary>The text of every token starts with this, so secret scanners and people recognise it.</summary>
    public const string Prefix = "ers_";

    public const int MaxNameLength = 100;
    public const int MaxLifetimeDays = 365;

    private readonly List<Guid> _supportAccountIds = [];

    private PersonalAccessToken() => Name = string.Empty;

    private PersonalAccessToken(Guid id, Guid userId, string name, TokenScope scope, IEnumerable<Guid> supportAccountIds, byte[] secretHash, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        Id = id;
        UserId = userId;
        Name = name;
        Scope = scope;
        _supportAccountIds.AddRange(supportAccountIds.Distinct());
        SecretHash = secretHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Name { get; private set; }
    public TokenScope Scope { get; private set; }
    public IReadOnlyList<Guid> SupportAccountIds => _supportAccountIds;
    public byte[] SecretHash { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public Guid? RevokedBy { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    /// <summary>
    /// A new token and the one text that carries its secret. The name is required, the expiry lies after now and
    /// at most a year ahead, and at least one support ID is chosen (the caller has checked they are the owner's).
    /// </summary>
    public static Result<(PersonalAccessToken Token, string Text)> Create(Guid userId, string? name, TokenScope scope, IReadOnlyCollection<Guid> supportAccountIds, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var errors = new List<Error>();
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            errors.Add(new Error(ErrorCodes.TokenNameRequired, nameof(name)));
        }
        else if (trimmed.Length > MaxNameLength)
        {
            errors.Add(new Error(ErrorCodes.TooLong, nameof(name)));
        }

        if (expiresAt <= now || expiresAt > now.AddDays(MaxLifetimeDays))
        {
            errors.Add(new Error(ErrorCodes.TokenExpiryInvalid, nameof(expiresAt)));
        }

        if (supportAccountIds.Count == 0)
        {
            errors.Add(new Error(ErrorCodes.TokenNeedsSupportId, nameof(supportAccountIds)));
        }

        if (!Enum.IsDefined(scope))
        {
            errors.Add(new Error(ErrorCodes.TokenScopeInvalid, nameof(scope)));
        }

        if (errors.Count > 0)
        {
            return Result.Invalid([.. errors]).As<(PersonalAccessToken, string)>();
        }

        var id = Guid.CreateVersion7(now);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new PersonalAccessToken(id, userId, trimmed, scope, supportAccountIds, Hash(secret), now, expiresAt);
        return Result<(PersonalAccessToken, string)>.Ok((token, $"{Prefix}{id:N}_{secret}"));
    }

    /// <summary>A token whose text is already known: the Development demo data's documented token.</summary>
    public static PersonalAccessToken Seeded(Guid id, string secret, Guid userId, string name, TokenScope scope, IReadOnlyCollection<Guid> supportAccountIds, DateTimeOffset now, DateTimeOffset expiresAt) =>
        new(id, userId, name, scope, supportAccountIds, Hash(secret), now, expiresAt);

    /// <summary>The token id a token's text names, or null when the text is not a token's form.</summary>
    public static (Guid Id, string Secret)? Parse(string text)
    {
        // ers_ + 32 hex digits + _ + 43 base64url characters.
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 32 + 1 + 43 || text[Prefix.Length + 32] != '_')
        {
            return null;
        }

        return Guid.TryParseExact(text.AsSpan(Prefix.Length, 32), "N", out var id) ? (id, text[(Prefix.Length + 33)..]) : null;
    }

    /// <summary>Whether the secret is this token's, in fixed time, and the token still works now.</summary>
    public bool Verifies(string secret, DateTimeOffset now) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), SecretHash) && IsActive(now);

    /// <summary>Ends the token for good; the owner or an administrator of one of its support IDs decides.</summary>
    public Result Revoke(Guid by, DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return Result.Conflict(ErrorCodes.TokenRevoked);
        }

        RevokedAt = now;
        RevokedBy = by;
        return Result.Ok();
    }

    /// <summary>
    /// Its owner left a support ID: the token no longer reaches it, even if they are invited back. A token left with no
    /// support ID is revoked.
    /// </summary>
    public void Withdraw(Guid supportAccountId, Guid by, DateTimeOffset now)
    {
        _supportAccountIds.Remove(supportAccountId);
        if (_supportAccountIds.Count == 0 && RevokedAt is null)
        {
            RevokedAt = now;
            RevokedBy = by;
        }
    }

    /// <summary>Kept to the minute: the list shows when a token was last used, not every call's instant.</summary>
    public bool MarkUsed(DateTimeOffset now)
    {
        if (LastUsedAt is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return false;
        }

        LastUsedAt = now;
        return true;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
