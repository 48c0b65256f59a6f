using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Security;

/// <summary>Configuration section "RateLimits".</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Posts of the account forms (sign-in, forgotten password, reset, password and address change, invitation) per minute from one client address; guesses at one account are limited by SignInThrottle.</summary>
    [Range(1, int.MaxValue)]
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>
    /// Intake requests per second from one gateway. One instance stores about 3,000 reports a second on the
    /// bench machine (2 cores, SQLite); a gateway sending more only makes the others wait.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int IntakePerSecond { get; set; } = 3_000;

    /// <summary>
    /// Opening reports per minute from one gateway. An opening happens once in a device's life (and again after an
    /// OS reinstall); a run of them is someone guessing key codes. The lock after five wrong keys protects each
    /// device; this slows a guesser across devices.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int OpeningsPerMinute { get; set; } = 60;

    /// <summary>Customer API calls per minute through one personal access token.</summary>
    [Range(1, int.MaxValue)]
    public int ApiPerMinute { get; set; } = 600;
}
