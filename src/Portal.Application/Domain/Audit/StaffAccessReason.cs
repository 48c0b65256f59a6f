namespace Portal.Application.Domain.Audit;

/// <summary>
/// Why a staff member looks at customers' data in one sign-in session: asked once per session and kept on the
/// server, so a reload or a new tab does not ask again, and named in the audit entry of every view.
/// </summary>
public sealed class StaffAccessReason
{
    public const int MaxLength = 500;

    private StaffAccessReason() => SessionId = Reason = string.Empty;

    public StaffAccessReason(string sessionId, Guid userId, string reason, DateTimeOffset givenAt)
    {
        SessionId = sessionId;
        UserId = userId;
        Reason = reason;
        GivenAt = givenAt;
    }

    public string SessionId { get; private set; }

    public Guid UserId { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset GivenAt { get; private set; }
}
