using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Webhooks;
using Portal.Application.Features.Notifications;

namespace Portal.Application.Features.Webhooks;

/// <summary>
/// When the centre pauses an endpoint that failed for a day, the support ID's administrators are mailed, with a
/// link to the members page where they resume it, and the pause is audited as the centre's own act.
/// </summary>
public static class WebhookPausedNotice
{
    public const string LinkPath = "members";

    public static async Task AddAsync(IPortalDbContext db, WebhookEndpoint endpoint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var supportId = await db.SupportAccounts.Where(a => a.Id == endpoint.SupportAccountId).Select(a => a.SupportId).SingleAsync(cancellationToken);
        var administrators = await (
            from m in db.SupportMemberships
            where m.SupportAccountId == endpoint.SupportAccountId && m.Role == MemberRole.Administrator
            join p in db.UserProfiles on m.UserId equals p.Id
            select new MailRecipient(p.Email, p.Name, p.PreferredCulture)).ToListAsync(cancellationToken);
        foreach (var to in administrators)
        {
            db.Notifications.Add(MailComposer.ComposeAccount(MailKind.WebhookPaused, to, now, LinkPath, null, supportId, endpoint.Name, WebhookAccess.Redacted(endpoint.Url)));
        }

        db.Record(null, now, AuditAction.WebhookPausedAfterFailures, nameof(WebhookEndpoint), endpoint.Id.ToString(), null, null, new { endpoint.Name, endpoint.FailingSince, endpoint.PausedAt, Mailed = administrators.Count });
    }
}
