using System.Globalization;

namespace Portal.E2E.Support;

/// <summary>
/// A portal of its own whose clock the tests move (Testing:ClockFile, Development only), on demo data no other
/// collection sees, with one Chromium.
/// </summary>
public sealed class ClockPortalFixture : BrowserPortalFixture
{
    private static readonly TimeZoneInfo Japan = TimeZoneInfo.CreateCustomTimeZone("JST", TimeSpan.FromHours(9), "JST", "JST");
    private readonly string _clockFile = Path.Combine(Directory.CreateTempSubdirectory("portal-clock-").FullName, "clock.json");

    protected override async Task<PortalServer> StartPortalAsync()
    {
        await File.WriteAllTextAsync(_clockFile, """{"Testing":{"ClockOffsetMinutes":0}}""");
        return await PortalServer.StartAsync(new Dictionary<string, string> { ["Testing__ClockFile"] = _clockFile });
    }

    /// <summary>Today in Japan, as the portal's clock has it (the time of day stays the real one).</summary>
    public static DateOnly RealTodayInJapan => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Japan).DateTime);

    /// <summary>Moves the portal's clock so that it is <paramref name="day"/> in Japan, at the real time of day.</summary>
    public Task SetTodayInJapanAsync(DateOnly day) =>
        File.WriteAllTextAsync(_clockFile, "{\"Testing\":{\"ClockOffsetMinutes\":" + ((day.DayNumber - RealTodayInJapan.DayNumber) * 24 * 60).ToString(CultureInfo.InvariantCulture) + "}}");
}

[CollectionDefinition(Name)]
public sealed class ClockCollection : ICollectionFixture<ClockPortalFixture>
{
    public const string Name = "clock";
}
