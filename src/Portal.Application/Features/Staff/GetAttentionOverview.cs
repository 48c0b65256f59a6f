using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Devices;

namespace Portal.Application.Features.Staff;

/// <summary>Every customer's devices counted per heartbeat state and per attention mark, at one moment.</summary>
public sealed record AttentionOverview(
    IReadOnlyDictionary<HeartbeatState, int> Heartbeats,
    IReadOnlyDictionary<AttentionMark, int> Marks,
    DateTimeOffset At);

public sealed record GetAttentionOverviewQuery;

/// <summary>
/// The staff console's overview: how many devices across all customers are late, overdue, silent, or carry each
/// mark. Each count is the staff search's own filter, so a count and the list it links to cannot disagree.
/// </summary>
public sealed class GetAttentionOverviewHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock, IOptions<HeartbeatOptions>? heartbeatOptions = null)
{
    public async Task<Result<AttentionOverview>> HandleAsync(GetAttentionOverviewQuery query, CancellationToken cancellationToken = default)
    {
        var signedIn = await StaffAccess.StaffViewerAsync(currentUser, dbFactory, cancellationToken);
        if (!signedIn.IsOk)
        {
            return signedIn.As<AttentionOverview>();
        }

        await using var db = dbFactory.Create();
        var now = clock.GetUtcNow();
        var heartbeats = await Devices.Heartbeats.CountAsync(db, db.Devices, now, heartbeatOptions?.Value ?? new HeartbeatOptions(), cancellationToken);
        var marks = await AttentionMarks.CountAsync(db, db.Devices, now, cancellationToken);
        return new AttentionOverview(heartbeats, marks, now);
    }
}
