using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Notifications;
using Portal.Application.Features.Staff;

namespace Portal.Application.Features.Notifications;

public sealed record NotificationView(DateTimeOffset CreatedAt, string Kind, string Recipient, string Subject, NotificationState State, int Attempts, DateTimeOffset? SentAt, string? LastError);

/// <summary>Staff: the e-mails the centre wrote about a device and how their delivery went (the outbox).</summary>
public sealed class ListDeviceNotificationsHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public const int Limit = 100;

    public async Task<Result<IReadOnlyList<NotificationView>>> HandleAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true } actor)
        {
            return Result.Forbidden(ErrorCodes.StaffOnly).As<IReadOnlyList<NotificationView>>();
        }

        if (await StaffAccessHandler.NeedsReasonAsync(dbFactory, actor, cancellationToken))
        {
            return Result.Forbidden(ErrorCodes.StaffReasonRequired).As<IReadOnlyList<NotificationView>>();
        }

        await using var db = dbFactory.Create();
        return await db.Notifications.AsNoTracking()
            .Where(n => n.DeviceId == deviceId)
            .OrderByDescending(n => n.CreatedAt)
            .Take(Limit)
            .Select(n => new NotificationView(n.CreatedAt, n.Kind, n.Recipient, n.Subject, n.State, n.Attempts, n.SentAt, n.LastError))
            .ToListAsync(cancellationToken);
    }
}
