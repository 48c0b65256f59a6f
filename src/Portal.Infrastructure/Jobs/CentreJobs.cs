using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Features.Maintenance;
using Portal.Application.Features.Reports;
using Portal.Infrastructure.Observability;

namespace Portal.Infrastructure.Jobs;

/// <summary>Configuration section "Centre".</summary>
public sealed class CentreOptions
{
    public const string Section = "Centre";

    /// <summary>Bearer tokens of the report gateways allowed to call the intake API.</summary>
    public string[] IntakeTokens { get; set; } = [];

    /// <summary>How often the centre's background checks run.</summary>
    public double JobIntervalMinutes { get; set; } = 15;
}

/// <summary>
/// The centre's background checks, at start and then at the configured interval: periodic reports overdue,
/// recurring maintenance windows coming within reach, and reminders the day before a window starts.
/// Each is idempotent, so running them on several instances at once sends nothing twice only as far as
/// the database's row versions allow; run the jobs on one instance in a farm.
/// </summary>
public sealed class CentreJobs(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CentreOptions> options, ILogger<CentreJobs> logger, PortalMetrics? metrics = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(0.01, options.Value.JobIntervalMinutes));
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunAsync("periodic-overdue scan", sp => sp.GetRequiredService<ScanOverduePeriodicReportsHandler>().HandleAsync(stoppingToken), stoppingToken);
            await RunAsync("periodic-overdue notices", sp => sp.GetRequiredService<WritePeriodicOverdueNoticesHandler>().HandleAsync(stoppingToken), stoppingToken);
            await RunAsync("maintenance series", sp => sp.GetRequiredService<RunMaintenanceJobsHandler>().MaterializeSeriesAsync(stoppingToken), stoppingToken);
            await RunAsync("maintenance reminders", sp => sp.GetRequiredService<RunMaintenanceJobsHandler>().SendRemindersAsync(stoppingToken), stoppingToken);
            await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync(string name, Func<IServiceProvider, Task<int>> job, CancellationToken stoppingToken)
    {
        var started = clock.GetTimestamp();
        var succeeded = false;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var count = await job(scope.ServiceProvider);
            succeeded = true;
            if (count > 0)
            {
                logger.LogInformation("Job {Job}: {Count} handled", name, count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Job {Job} failed; it runs again at the next interval", name);
        }
        finally
        {
            metrics?.JobRan(name, clock.GetElapsedTime(started), succeeded);
        }
    }
}
