using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Health;

/// <summary>Configuration section "Health".</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>An alert still undelivered after this long makes the instance not ready: alerts are not getting out.</summary>
    [Range(0d, 7 * 24 * 60, MinimumIsExclusive = true)]
    public double AlertLaneMaxAgeMinutes { get; set; } = 10;
}
