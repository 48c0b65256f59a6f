using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Portal.Web.Testing;

/// <summary>The portal's clock moved for end-to-end tests: <c>Testing:ClockOffsetMinutes</c> in <c>Testing:ClockFile</c>.</summary>
public sealed class TestClockOptions
{
    public const string Section = "Testing";

    public double ClockOffsetMinutes { get; set; }
}

/// <summary>
/// The system clock plus an offset that a test changes while the portal runs (the file is watched), so a browser
/// test can watch a device become late and then overdue. Timers and delays keep real time.
/// </summary>
internal sealed class ShiftedTimeProvider(IOptionsMonitor<TestClockOptions> options) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddMinutes(options.CurrentValue.ClockOffsetMinutes);

    /// <summary>Uses the clock file when one is configured; in Development only, since it moves every deadline.</summary>
    public static void AddIfConfigured(WebApplicationBuilder builder)
    {
        if (builder.Configuration["Testing:ClockFile"] is not { Length: > 0 } file)
        {
            return;
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException("Testing:ClockFile moves the portal's clock for tests and is refused outside Development.");
        }

        var path = Path.GetFullPath(file);
        builder.Configuration.AddJsonFile(new PhysicalFileProvider(Path.GetDirectoryName(path)!), Path.GetFileName(path), optional: true, reloadOnChange: true);
        builder.Services.Configure<TestClockOptions>(builder.Configuration.GetSection(TestClockOptions.Section));
        builder.Services.AddSingleton<TimeProvider, ShiftedTimeProvider>();
    }
}
