using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Calls;
using Portal.Application.Features.Devices;

namespace Portal.Application.Features.Staff;

public sealed record RecordCallOutcomeCommand(Guid TaskId, CallOutcome Outcome);

/// <summary>Staff record each call of a task: reached contact 1, no answer (contact 2 next), reached contact 2, unreachable.</summary>
public sealed class RecordCallOutcomeHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result> HandleAsync(RecordCallOutcomeCommand command, CancellationToken cancellationToken = default)
    {
        var signedIn = await currentUser.StaffAsync();
        if (signedIn is not { IsOk: true, Value: { } actor })
        {
            return signedIn;
        }

        await using var db = dbFactory.Create();
        var task = await db.CallTasks.Include(t => t.Steps).SingleOrDefaultAsync(t => t.Id == command.TaskId, cancellationToken);
        if (task is null)
        {
            return Result.NotFound();
        }

        var hasContact2 = await db.Registrations.Where(r => r.DeviceId == task.DeviceId).SelectMany(r => r.Contacts).AnyAsync(c => c.Priority == 2, cancellationToken);
        var before = new { task.State, Next = task.NextContactPriority };
        var now = clock.GetUtcNow();
        var recorded = task.Record(command.Outcome, hasContact2, actor.UserId, now);
        if (!recorded.IsOk)
        {
            return recorded;
        }

        db.Record(actor, now, AuditAction.RecordCall, nameof(CallTask), task.Id.ToString(), task.DeviceId, before, new { Outcome = command.Outcome, task.State, Next = task.NextContactPriority });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict(ErrorCodes.ChangedMeanwhile);
        }

        // The customer's open timeline shows the command.Outcome. After the save, which is what counts: a failure here
        // costs that page its live update only, so the staff member is not told the call was not recorded.
        try
        {
            await TimelineSignals.BumpAsync(db, [task.DeviceId], cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException)
        {
            _ = ex; // nothing to undo: the command.Outcome is stored
        }

        return Result.Ok();
    }
}
