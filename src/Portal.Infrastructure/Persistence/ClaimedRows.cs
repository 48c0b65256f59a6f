using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Portal.Infrastructure.Persistence;

/// <summary>What the outbox senders (mail, webhooks) share once a round has claimed its rows.</summary>
internal static class ClaimedRows
{
    /// <summary>
    /// Saves a round's results on the rows its claim still holds. A row whose claim ran out and was taken by another
    /// sender is left to it (detached, and told to <paramref name="lost"/>): recording over it would free that
    /// sender's claim for a third.
    /// </summary>
    public static async Task SaveAsync(DbContext db, Action<IReadOnlyList<EntityEntry>> lost)
    {
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (DbUpdateConcurrencyException concurrent)
            {
                lost(concurrent.Entries);
                foreach (var entry in concurrent.Entries)
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }
}
