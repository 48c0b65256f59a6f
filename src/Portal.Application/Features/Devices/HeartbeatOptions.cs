using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Devices;

/// <summary>When an opened device that sends nothing at all is shown as silent.</summary>
public sealed class HeartbeatOptions
{
    public const string Section = "Heartbeat";

    public int SilentAfterDays { get; set; } = (int)Heartbeat.DefaultSilentAfter.TotalDays;

    public TimeSpan SilentAfter => TimeSpan.FromDays(Math.Max(1, SilentAfterDays));
}
