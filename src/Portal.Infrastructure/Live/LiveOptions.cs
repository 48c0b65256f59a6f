using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Live;

/// <summary>Configuration section "Live".</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How often each instance reads the signals of the support IDs its open pages listen to.</summary>
    [Range(1, 60 * 60 * 1000)]
    public int PollMilliseconds { get; set; } = 1000;
}
