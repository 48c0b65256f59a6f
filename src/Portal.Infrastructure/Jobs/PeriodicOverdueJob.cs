using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Features.Reports;

namespace Portal.Infrastructure.Jobs;

/// <summary>Configuration section "Centre".</summary>
public sealed class CentreOptions
{
    public const string Section = "Centre";

    /// <summary>Bearer tokens of the report gateways allowed to call the intake API.</summary>
    public string[] IntakeTokens { get; set; } = [];

    /// <summary>How often missing periodic reports are looked for.</summary>
    public double OverdueScanMinutes { get; set; } = 60;
}

/// <summary>Runs the periodic-overdue scan at start and then at the configured interval.</summary>
public sealed class PeriodicOverdueJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CentreOptions> options, ILogger<PeriodicOverdueJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(0.01, options.Value.OverdueScanMinutes));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var found = await scope.ServiceProvider.GetRequiredService<ScanOverduePeriodicReportsHandler>().HandleAsync(stoppingToken);
                if (found > 0)
                {
                    logger.LogInformation("Periodic reports overdue: {Count} devices notified", found);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The periodic-overdue scan failed; it runs again in {Interval}", interval);
            }

            await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
