using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// The application layer's view of sign-in accounts, through Identity's UserManager. Each call has a scope of its
/// own: handlers run inside long-lived circuits, where a scoped UserManager (and its DbContext) would go stale.
/// </summary>
internal sealed class IdentityAccounts(IServiceScopeFactory scopes) : IAccounts
{
    public async Task<Guid?> FindBySignInEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalIdentityUser>>();
        return (await users.FindByEmailAsync(email.Trim()))?.Id;
    }

    public async Task EndSessionsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalIdentityUser>>();
        if (await users.FindByIdAsync(userId.ToString()) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
    }
}
