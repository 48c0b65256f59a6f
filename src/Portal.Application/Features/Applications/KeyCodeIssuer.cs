using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Applications;

/// <summary>
/// Issues key codes that are unique among registrations accepted and not yet opened, so an opening
/// report can be matched to one registration. A unique filtered index backs this up in the database.
/// </summary>
public sealed class KeyCodeIssuer(Func<KeyCode> next)
{
    private const int MaxTries = 50;

    /// <summary>Codes from the cryptographic generator.</summary>
    public KeyCodeIssuer()
        : this(KeyCode.NewRandom)
    {
    }

    /// <param name="issuedInThisUnit">Codes handed out in the same unit of work, not yet saved.</param>
    public async Task<KeyCode> IssueAsync(IPortalDbContext db, ISet<string> issuedInThisUnit, CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxTries; i++)
        {
            var candidate = next();
            if (issuedInThisUnit.Contains(candidate.Value))
            {
                continue;
            }

            var value = candidate.Value;
            if (!await db.Registrations.AnyAsync(r => r.Status == ServiceStatus.Accepted && r.KeyCode == value, cancellationToken))
            {
                issuedInThisUnit.Add(value);
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free key code after {MaxTries} tries: the 5-digit space is nearly exhausted by outstanding registrations.");
    }
}
