using Portal.Application.Abstractions;

namespace Portal.Application.Features.Staff;

public sealed record GetStaffReasonQuery;

/// <summary>The reason given in the signed-in staff member's session, or null (also for anyone else).</summary>
public sealed class GetStaffReasonHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser)
{
    public async Task<string?> HandleAsync(GetStaffReasonQuery query, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { IsStaff: true } actor)
        {
            return null;
        }

        await using var db = dbFactory.Create();
        return await StaffAccess.ReasonOfAsync(db, actor, cancellationToken);
    }
}
