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
}
