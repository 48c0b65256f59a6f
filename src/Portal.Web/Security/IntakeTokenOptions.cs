namespace Portal.Web.Security;

/// <summary>
/// Configuration section "Centre", its intake settings: the bearer tokens of the report gateways allowed to call the
/// intake API. (The same section holds the background jobs' interval and lease, which the jobs read.)
/// </summary>
public sealed class IntakeTokenOptions
{
    public const string Section = "Centre";

    /// <summary>Bearer tokens of the report gateways allowed to call the intake API; empty entries are ignored.</summary>
    public string[] IntakeTokens { get; set; } = [];
}
