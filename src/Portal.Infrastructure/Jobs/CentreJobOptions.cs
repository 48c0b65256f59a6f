using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Jobs;

/// <summary>
/// Configuration section "Centre", its job settings: how often the background checks run and how long a run is held.
/// (The same section holds the gateways' intake tokens, which the web layer's intake authentication reads.)
/// </summary>
public sealed class CentreJobOptions
{
    public const string Section = "Centre";

    /// <summary>
    /// How often the centre's background checks run, across all instances together; at most a day, since the
    /// reminders go out the day before a window starts.
    /// </summary>
    [Range(0d, 24 * 60, MinimumIsExclusive = true)]
    public double JobIntervalMinutes { get; set; } = 15;

    /// <summary>
    /// How long an instance holds a job it runs without renewing; the holder renews every third of it. When an
    /// instance dies mid-run, another takes the job over within this time plus one look for due jobs.
    /// </summary>
    [Range(0d, 60 * 60, MinimumIsExclusive = true)]
    public double JobLeaseSeconds { get; set; } = 60;
}
