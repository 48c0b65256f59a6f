namespace Portal.Application.Domain.Customers;

/// <summary>A customer company; it holds one or more support IDs.</summary>
public sealed class CustomerOrganization
{
    private CustomerOrganization() => Name = string.Empty;

    public CustomerOrganization(Guid id, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        Name = name.Trim();
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>
    /// The secret in the address of this customer's maintenance calendar (.ics): calendar programs fetch it
    /// without signing in, so the address itself is the key. Null until first asked for.
    /// </summary>
    public string? CalendarFeedToken { get; private set; }

    /// <returns>True when a token was created now.</returns>
    public bool EnsureCalendarFeedToken()
    {
        if (CalendarFeedToken is not null)
        {
            return false;
        }

        CalendarFeedToken = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        return true;
    }
}
