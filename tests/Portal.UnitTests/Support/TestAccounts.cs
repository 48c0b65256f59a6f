using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;

// EF translates ToUpper() to SQL's UPPER on the column (as Identity's normalized e-mail is compared); the overloads
// naming a culture, and string.Equals ignoring case, do not translate.
#pragma warning disable CA1304, CA1311, CA1862

namespace Portal.UnitTests.Support;

/// <summary>Accounts read from the world's real database; ended sessions are recorded (the web tests end real ones).</summary>
public sealed class TestAccounts(TestDatabase database) : IAccounts
{
    public List<Guid> EndedSessions { get; } = [];

    public async Task<Guid?> FindBySignInEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var upper = email.Trim().ToUpperInvariant();
        return await db.Users.Where(u => u.Email!.ToUpper() == upper).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
    }

    public Task EndSessionsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        lock (EndedSessions)
        {
            EndedSessions.Add(userId);
        }

        return Task.CompletedTask;
    }
}
