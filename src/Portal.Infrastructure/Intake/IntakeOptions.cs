using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Intake;

/// <summary>Configuration section "Intake": how much the intake admits before it answers "try again later".</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Reports waiting for their commit, at most.</summary>
    [Range(1, int.MaxValue)]
    public int Capacity { get; set; } = 10_000;

    /// <summary>
    /// At most this much work waits for the writer: past it, the oldest waiting report is answered 503 with Retry-After
    /// to make room. One second, not two: a report held under overload lives through the GC's young generations and
    /// dies old, so the wait decides how far the heap grows (the overload bench measures it).
    /// </summary>
    [Range(0d, 60 * 60, MinimumIsExclusive = true)]
    public double MaxWaitSeconds { get; set; } = 1;
}
