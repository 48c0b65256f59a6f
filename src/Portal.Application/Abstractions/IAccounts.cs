namespace Portal.Application.Abstractions;

/// <summary>Sign-in accounts as the identity store keeps them (the profile is the domain's UserProfile of the same id).</summary>
public interface IAccounts
{
    /// <summary>The account that signs in with this address, if any.</summary>
    Task<Guid?> FindBySignInEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends every session of the account (a new security stamp): each of its cookies stops working at its next
    /// check, within a minute, and the person signs in again with what they may do now.
    /// </summary>
    Task EndSessionsAsync(Guid userId, CancellationToken cancellationToken = default);
}
