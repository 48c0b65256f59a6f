using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Reports;

public sealed record ScanOverduePeriodicReportsCommand;

/// <summary>
/// The background check of FAQ Q1-10: every opened device whose periodic report has not arrived three days after
/// its expected day is marked overdue, moved to its next expected day, and queued for one "not received" notice
/// per period (<see cref="WritePeriodicOverdueNoticesHandler"/> writes the mails).
/// </summary>
/// <remarks>
/// Set-based: where a device's schedule moves depends only on its anchor day and today, so UPDATEs per anchor day
/// move every overdue device without loading any. Each takes at most <see cref="DefaultChunk"/> devices and commits
/// with its own audit entry: after a mass outage the intake waits for one short statement at a time, never for
/// the whole scan, and on SQL Server no statement takes enough row locks (5,000) to escalate to a lock on the
/// whole Registrations table. A scan cut short leaves the rest due, and the next run goes on from there.
/// </remarks>
public sealed class ScanOverduePeriodicReportsHandler(IPortalDbContextFactory dbFactory, TimeProvider clock, int chunk = ScanOverduePeriodicReportsHandler.DefaultChunk)
{
    public const int DefaultChunk = 2000;

    private readonly int _chunk = chunk > 0 ? chunk : throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "A chunk takes at least one device.");

    /// <returns>How many devices were found overdue.</returns>
    public async Task<int> HandleAsync(ScanOverduePeriodicReportsCommand command, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = JapanTime.Today(clock);
        var lastOverdueDay = PeriodicSchedule.LastOverdueDay(today);
        await using var db = dbFactory.Create();
        var strategy = db.Database.CreateExecutionStrategy();
        var total = 0;
        for (var anchorDay = 1; anchorDay <= 31; anchorDay++)
        {
            int count;
            do
            {
                // SQL Server retries transient failures (a deadlock with the intake, say) around a whole
                // transaction. Repeating one whose commit was lost finds fewer: the devices it moved are not due.
                var day = anchorDay;
                count = await strategy.ExecuteAsync(ct => MarkChunkAsync(db, now, day, lastOverdueDay, today, ct), cancellationToken);
                total += count;
            }
            while (count == _chunk);
        }

        return total;
    }

    private async Task<int> MarkChunkAsync(IPortalDbContext db, DateTimeOffset now, int anchorDay, DateOnly lastOverdueDay, DateOnly today, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var (missed, next) = PeriodicSchedule.Overdue(anchorDay, today);
        var due = db.Registrations.Where(r => r.Status == ServiceStatus.Opened && r.PeriodicAnchorDay == anchorDay && r.NextPeriodicDueOn <= lastOverdueDay);
        var chunkIds = due.OrderBy(r => r.Id).Take(_chunk).Select(r => r.Id);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var count = await due
            .Where(r => chunkIds.Contains(r.Id))
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.PeriodicOverdueSince, r => r.PeriodicOverdueSince ?? r.NextPeriodicDueOn)
                    .SetProperty(r => r.NextPeriodicDueOn, next)

                    // A notice still unwritten (the writer failing for a month, say) keeps the missed day it
                    // names; a later period does not replace it.
                    .SetProperty(r => r.PeriodicNoticeFor, r => r.PeriodicNoticeFor ?? missed)
                    .SetProperty(r => r.Version, r => r.Version + 1),
                cancellationToken);
        if (count > 0)
        {
            // The set change itself; each device's own entry follows when its notice is written.
            db.Record(null, now, AuditAction.PeriodicOverdueScan, nameof(ServiceRegistration), $"{nameof(ServiceRegistration.PeriodicAnchorDay)}={anchorDay}", null, null, new { AnchorDay = anchorDay, LastOverdueDay = lastOverdueDay, MissedDueOn = missed, NextPeriodicDueOn = next, Devices = count });
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }
}
