using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;

namespace Portal.Application.Features.Members;

/// <summary>
/// The one way membership changes are stored: the support ID's row is written first in the transaction, so that
/// changes of one support ID's members (two administrators demoting or removing each other at the same moment)
/// take turns, and each decides on the members as the one before it left them. A write lock holds on SQL Server
/// with or without read-committed snapshot, and on SQLite, where a write takes the database.
/// </summary>
internal static class MembershipChange
{
    public static async Task<Result> CommitAsync(IPortalDbContext db, Guid supportAccountId, Func<SupportAccount, Task<Result>> change, Func<Task> afterCommit, CancellationToken cancellationToken)
    {
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SupportAccounts.Where(a => a.Id == supportAccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.SupportId, a => a.SupportId), cancellationToken);
            var account = await db.SupportAccounts.Include(a => a.Members).SingleAsync(a => a.Id == supportAccountId, cancellationToken);
            var outcome = await change(account);
            if (!outcome.IsOk || !db.ChangeTracker.HasChanges())
            {
                return (Outcome: outcome, Stored: false);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (Outcome: outcome, Stored: true);
        });

        if (result.Stored)
        {
            await afterCommit();
        }

        return result.Outcome;
    }
}
