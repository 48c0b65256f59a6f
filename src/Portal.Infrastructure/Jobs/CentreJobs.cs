using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Features.Maintenance;
using Portal.Application.Features.Reports;
using Portal.Application.Features.Webhooks;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Observability;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Jobs;

/// <summary>
/// The centre's background checks: periodic reports overdue and their notices, then recurring maintenance
/// windows coming within reach and reminders the day before a window starts, and housekeeping. Every instance looks for due jobs,
/// and each job runs on one instance at a time (<see cref="JobLease"/>), once per interval across all of them.
/// The steps are idempotent too, so a holder that stalls past its lease and finds the job taken over only
/// repeats work the row versions already keep from being done twice.
/// </summary>
public sealed class CentreJobs(IServiceScopeFactory scopes, IPortalDbContextFactory dbFactory, TimeProvider clock, IOptions<CentreJobOptions> options, ILogger<CentreJobs> logger, PortalMetrics? metrics = null) : BackgroundService
{
    /// <summary>Each job's steps run in order under one lease: notices follow the scan, reminders the series.</summary>
    public static readonly IReadOnlyList<(string Job, (string Step, Func<IServiceProvider, CancellationToken, Task<int>> Run)[] Steps)> Jobs =
    [
        ("periodic-overdue",
        [
            ("periodic-overdue scan", (sp, ct) => sp.GetRequiredService<ScanOverduePeriodicReportsHandler>().HandleAsync(new ScanOverduePeriodicReportsCommand(), ct)),
            ("periodic-overdue notices", (sp, ct) => sp.GetRequiredService<WritePeriodicOverdueNoticesHandler>().HandleAsync(new WritePeriodicOverdueNoticesCommand(), ct)),
        ]),
        ("maintenance",
        [
            ("maintenance series", (sp, ct) => sp.GetRequiredService<MaterializeMaintenanceSeriesHandler>().HandleAsync(new(), ct)),
            ("maintenance reminders", (sp, ct) => sp.GetRequiredService<SendMaintenanceRemindersHandler>().HandleAsync(new(), ct)),
            ("maintenance webhooks", (sp, ct) => sp.GetRequiredService<RaiseMaintenanceWebhooksHandler>().HandleAsync(new(), ct)),
        ]),
        ("housekeeping",
        [
            ("sign-in throttles", (sp, ct) => SignInThrottle.RemoveOldAsync(sp.GetRequiredService<PortalDbContext>(), sp.GetRequiredService<TimeProvider>().GetUtcNow(), ct)),
            ("webhook deliveries", (sp, ct) => Webhooks.WebhookHousekeeping.RunAsync(sp.GetRequiredService<PortalDbContext>(), sp.GetRequiredService<TimeProvider>().GetUtcNow(), ct)),
        ]),
    ];

    private static readonly TimeSpan LongestLook = TimeSpan.FromSeconds(15);

    /// <summary>This process, as the holder named in the lease rows.</summary>
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(0.01, options.Value.JobIntervalMinutes));

    private TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(1, options.Value.JobLeaseSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var look = Interval < LongestLook ? Interval : LongestLook;
        var known = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!known)
                {
                    await EnsureJobsKnownAsync(stoppingToken);
                    known = true;
                }

                foreach (var (job, steps) in Jobs)
                {
                    await RunIfDueAsync(job, steps, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.DueJobsUnread(ex, look);
            }

            await Task.Delay(look, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Adds the lease rows of the jobs the database does not know yet.</summary>
    public async Task EnsureJobsKnownAsync(CancellationToken cancellationToken)
    {
        await using var db = (PortalDbContext)dbFactory.Create();
        await JobLeases.EnsureAsync(db, Jobs.Select(j => j.Job), cancellationToken);
    }

    /// <summary>Runs the job's steps if this instance takes its lease; false when it is not due or another holds it.</summary>
    public async Task<bool> RunIfDueAsync(string job, (string Step, Func<IServiceProvider, CancellationToken, Task<int>> Run)[] steps, CancellationToken stoppingToken)
    {
        var startedAt = clock.GetUtcNow();
        await using (var db = (PortalDbContext)dbFactory.Create())
        {
            if (!await JobLeases.TryTakeAsync(db, job, _holder, startedAt, Lease, Interval, stoppingToken))
            {
                return false;
            }
        }

        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync(job, held, startedAt + Lease);
        var finished = false;
        try
        {
            foreach (var (step, run) in steps)
            {
                await RunStepAsync(step, run, held.Token);
            }

            finished = true;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The lease was lost (logged where it was found): the instance that took it runs the job.
        }
        finally
        {
            await held.CancelAsync();
            await renewing;

            // Not on stoppingToken: a shutdown frees the job at once for another instance, and a finished run
            // is recorded as such; a run cut short is due again right away. If the database cannot be reached,
            // the lease runs out instead.
            try
            {
                await using var db = (PortalDbContext)dbFactory.Create();
                await JobLeases.ReleaseAsync(db, job, _holder, finished ? startedAt : null, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.JobLeaseNotFreed(ex, job);
            }
        }

        return true;
    }

    /// <summary>
    /// Keeps the lease while the steps run. A lease lost to another instance stops them, and so does one about to
    /// run out unrenewed (the database unreachable, say): past its end another instance may already run the job.
    /// </summary>
    private async Task RenewAsync(string job, CancellationTokenSource held, DateTimeOffset heldUntil)
    {
        var every = Lease / 3;
        while (!held.IsCancellationRequested)
        {
            await Task.Delay(every, clock, held.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (held.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var now = clock.GetUtcNow();
                await using var db = (PortalDbContext)dbFactory.Create();
                if (!await JobLeases.RenewAsync(db, job, _holder, now, Lease, held.Token))
                {
                    logger.JobTakenOver(job);
                    await held.CancelAsync();
                    return;
                }

                heldUntil = now + Lease;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                if (clock.GetUtcNow() + every >= heldUntil)
                {
                    logger.JobLeaseLost(ex, job);
                    await held.CancelAsync();
                    return;
                }

                logger.JobLeaseNotRenewed(ex, job);
            }
        }
    }

    private async Task RunStepAsync(string name, Func<IServiceProvider, CancellationToken, Task<int>> step, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var succeeded = false;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var count = await step(scope.ServiceProvider, cancellationToken);
            succeeded = true;
            if (count > 0)
            {
                logger.JobHandled(name, count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.JobFailed(ex, name);
        }
        finally
        {
            metrics?.JobRan(name, clock.GetElapsedTime(started), succeeded);
        }
    }
}
