namespace Portal.Application.Common;

/// <summary>Times are stored in UTC and shown in Japan time; Japan has no daylight saving time.</summary>
public static class JapanTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset ToJapan(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The Japan date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToJapan(instant).DateTime);

    /// <summary>The instant a Japan day begins (00:00 JST), in UTC: date filters are Japan days.</summary>
    public static DateTimeOffset StartOf(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Zone.BaseUtcOffset).ToUniversalTime();

    /// <summary>
    /// A day a device can have a story in, as a date filter takes it: a date far outside these years would overflow
    /// the Japan day's bounds (<see cref="StartOf"/> of 0001-01-01, the day after 9999-12-31).
    /// </summary>
    public static bool IsPlausibleDay(DateOnly day) => day.Year is >= 2000 and <= 2999;

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        }
        catch (TimeZoneNotFoundException)
        {
            // Machines without tzdata: the fixed +09:00 offset is exact for Japan.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Tokyo", TimeSpan.FromHours(9), "Japan", "JST");
        }
    }
}
