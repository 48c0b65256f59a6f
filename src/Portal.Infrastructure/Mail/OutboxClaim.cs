using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Application.Domain.Notifications;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Mail;

/// <summary>
/// Takes a batch of due messages for one sender, in one UPDATE: alerts first, then bulk notices, oldest first
/// within each. The rows get this round's token and an end time; a claim that runs out (its instance died) is
/// free again. SQLite runs one writer at a time, so the statement is atomic there as it stands. On SQL Server the
/// <see cref="SqlServerClaimHints"/> interceptor adds UPDLOCK and READPAST, so two instances claiming at once
/// skip each other's rows instead of waiting for them or taking them twice.
/// </summary>
internal static class OutboxClaim
{
    public const string Tag = "outbox claim";

    public static async Task<List<Notification>> TakeAsync(PortalDbContext db, int count, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var until = now + lease;
        var due = db.Notifications
            .Where(Notification.Claimable.For(now))
            .OrderBy(n => n.Lane).ThenBy(n => n.NextAttemptAt)
            .Take(count)
            .Select(n => n.Id);

        // The rule again on the row itself: on SQL Server a row another claim took while this statement waited
        // for it is seen as it is now, and skipped.
        await db.Notifications
            .TagWith(Tag)
            .Where(Notification.Claimable.For(now))
            .Where(n => due.Contains(n.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimToken, token).SetProperty(n => n.ClaimedUntil, until), cancellationToken);
        return await db.Notifications
            .Where(n => n.ClaimToken == token)
            .OrderBy(n => n.Lane).ThenBy(n => n.NextAttemptAt)
            .ToListAsync(cancellationToken);
    }
}

/// <summary>SQL Server: the outbox claims read past rows other claims hold and keep the ones they take locked.</summary>
public sealed partial class SqlServerClaimHints : DbCommandInterceptor
{
    public static readonly SqlServerClaimHints Instance = new();

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        command.CommandText = WithHints(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        command.CommandText = WithHints(command.CommandText);
        return ValueTask.FromResult(result);
    }

    /// <summary>Every read of an outbox table (mails, webhooks) in a tagged claim gets the hints; other commands are left alone.</summary>
    public static string WithHints(string sql) =>
        sql.StartsWith($"-- {OutboxClaim.Tag}", StringComparison.Ordinal) || sql.StartsWith($"-- {Webhooks.WebhookClaim.Tag}", StringComparison.Ordinal)
            ? OutboxTable().Replace(sql, "$0 WITH (UPDLOCK, READPAST, ROWLOCK)")
            : sql;

    [GeneratedRegex(@"FROM \[(Notifications|WebhookDeliveries)\] AS \[\w+\]")]
    private static partial Regex OutboxTable();
}
