using System.ComponentModel.DataAnnotations;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Devices;

/// <summary>When an opened device that sends nothing at all is shown as silent.</summary>
public sealed class HeartbeatOptions
{
    public const string Section = "Heartbeat";

    /// <summary>At least a day; at most ten years, far within what a date can be moved by.</summary>
    [Range(1, 3650)]
    public int SilentAfterDays { get; set; } = (int)Heartbeat.DefaultSilentAfter.TotalDays;

    public TimeSpan SilentAfter => TimeSpan.FromDays(Math.Max(1, SilentAfterDays));
}
