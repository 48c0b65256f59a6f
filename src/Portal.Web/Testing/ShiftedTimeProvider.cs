using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Portal.Web.Testing;

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
        // Read at registration: the file joins the configuration and the clock is replaced only when one is named.
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
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider, ShiftedTimeProvider>());
    }
}
