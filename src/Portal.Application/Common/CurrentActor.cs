using Portal.Application.Abstractions;

namespace Portal.Application.Common;

/// <summary>
/// The check every use case starts with, written once: who acts, or the Forbidden result that says why nobody
/// may. Handlers that need more (a role on a support ID, a token's scope) ask that of the actor this yields.
/// </summary>
public static class CurrentActor
{
    /// <summary>Anyone signed in, or acting through an access token.</summary>
    public static async Task<Result<Actor>> SignedInAsync(this ICurrentUser currentUser) =>
        await currentUser.GetActorAsync() is { } actor ? actor : Result.Forbidden(ErrorCodes.NotSignedIn).As<Actor>();

    /// <summary>A person signed in themselves: what shows a secret or hands out access is not for an access token.</summary>
    public static async Task<Result<Actor>> InPersonAsync(this ICurrentUser currentUser) =>
        await currentUser.GetActorAsync() is { Token: null } actor ? actor : Result.Forbidden(ErrorCodes.NotSignedIn).As<Actor>();

    /// <summary>The centre's staff.</summary>
    public static async Task<Result<Actor>> StaffAsync(this ICurrentUser currentUser) =>
        await currentUser.GetActorAsync() is { IsStaff: true } actor ? actor : Result.Forbidden(ErrorCodes.StaffOnly).As<Actor>();
}
