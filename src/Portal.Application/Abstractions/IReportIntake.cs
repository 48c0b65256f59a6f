using Portal.Application.Features.Intake;

namespace Portal.Application.Abstractions;

/// <summary>
/// The centre's report intake: a report is answered only once it is stored with everything that follows from it.
/// When the centre cannot answer in time it says so at once instead of queueing the report.
/// </summary>
public interface IReportIntake
{
    Task<IntakeAdmission> SubmitAsync(string senderKey, IntakeReport report, CancellationToken cancellationToken = default);

    /// <summary>Whether a report sent now would be refused, and when to try again: asked before the body is read.</summary>
    bool IsOverloaded(out TimeSpan retryAfter);
}

/// <summary>
/// The stored report's answer, or (Response null) a refusal with when to try again: the centre is busy, or its
/// database cannot be written just now (full, read-only, unreachable).
/// </summary>
public sealed record IntakeAdmission(IntakeResponse? Response, TimeSpan RetryAfter = default, bool StoreUnavailable = false)
{
    public static IntakeAdmission Shed(TimeSpan retryAfter) => new(null, retryAfter);

    public static IntakeAdmission Unavailable(TimeSpan retryAfter) => new(null, retryAfter, StoreUnavailable: true);
}
