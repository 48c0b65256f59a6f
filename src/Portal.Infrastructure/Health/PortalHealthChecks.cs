using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Notifications;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Health;

/// <summary>The checks behind /health/ready; /health/live runs none (the process answers).</summary>
public static class PortalHealthChecks
{
    public const string Ready = "ready";
}

/// <summary>
/// Whether this instance can store a report now: a write statement that changes no row, rolled back. It needs
/// the database's write lock (SQLite) or a writable database (SQL Server), so a read-only file or database fails.
/// </summary>
public sealed class DatabaseWritableCheck(IPortalDbContextFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = (PortalDbContext)factory.Create();

            // Inside the execution strategy: SQL Server's retrying one refuses a transaction begun outside it.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.Notifications.Where(n => n.Attempts < 0).ExecuteUpdateAsync(s => s.SetProperty(n => n.Attempts, n => n.Attempts), cancellationToken);
                await transaction.RollbackAsync(cancellationToken);
            });
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be written.", ex);
        }
    }
}

/// <summary>The oldest alert waiting for delivery, against the configured age.</summary>
public sealed class AlertLaneCheck(IPortalDbContextFactory factory, TimeProvider clock, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = factory.Create();
        var oldest = await db.Notifications.AsNoTracking()
            .Where(n => n.State == NotificationState.Pending && n.Lane == MailLane.Alert)
            .OrderBy(n => n.CreatedAt)
            .Select(n => (DateTimeOffset?)n.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var age = oldest is { } created ? clock.GetUtcNow() - created : TimeSpan.Zero;
        var limit = TimeSpan.FromMinutes(options.Value.AlertLaneMaxAgeMinutes);
        var data = new Dictionary<string, object> { ["oldestAlertAgeSeconds"] = Math.Round(age.TotalSeconds) };
        return age <= limit
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Unhealthy($"An alert has waited {age.TotalMinutes:F0} minutes for delivery (limit {limit.TotalMinutes:F0}).", data: data);
    }
}
