namespace Portal.Application.Domain.Devices;

/// <summary>What entitles a device to the service, and until when.</summary>
public sealed record Contract
{
    private Contract()
    {
    }

    private Contract(ContractType type, DateOnly? deliveryDate, DateOnly? validUntil, bool supportPackConfirmed)
    {
        Type = type;
        DeliveryDate = deliveryDate;
        ValidUntil = validUntil;
        SupportPackConfirmed = supportPackConfirmed;
    }

    public ContractType Type { get; private init; }

    /// <summary>Purchase (= delivery) date; the free warranty counts from it.</summary>
    public DateOnly? DeliveryDate { get; private init; }

    /// <summary>Last day the service is covered; null when open-ended.</summary>
    public DateOnly? ValidUntil { get; private init; }

    public bool SupportPackConfirmed { get; private init; }

    /// <summary>Free warranty bundle: one year from the delivery date, the day before the anniversary inclusive.</summary>
    public static Contract FreeWarranty(DateOnly deliveryDate) =>
        new(ContractType.FreeWarranty, deliveryDate, deliveryDate.AddYears(1).AddDays(-1), supportPackConfirmed: false);

    public static Contract SupportPack(DateOnly validUntil, bool confirmed) =>
        new(ContractType.SupportPack, null, validUntil, confirmed);

    public static Contract Maintenance(DateOnly validUntil) =>
        new(ContractType.MaintenanceContract, null, validUntil, supportPackConfirmed: false);

    /// <summary>Free-warranty devices open with a key file, the others with a key code (FAQ Q1-2).</summary>
    public Registrations.OpeningMethod OpeningMethod => Type == ContractType.FreeWarranty ? Registrations.OpeningMethod.KeyFile : Registrations.OpeningMethod.KeyCode;

    /// <summary>A contract as the centre's contract data gives it: the type, and its last day or the warranty's delivery date.</summary>
    public static Contract Of(ContractType type, DateOnly date, bool supportPackConfirmed) => type switch
    {
        ContractType.FreeWarranty => FreeWarranty(date),
        ContractType.SupportPack => SupportPack(date, supportPackConfirmed),
        ContractType.MaintenanceContract => Maintenance(date),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown contract type."),
    };

    public bool IsExpiredOn(DateOnly today) => ValidUntil is { } until && today > until;

    public Contract ConfirmSupportPack() => this with { SupportPackConfirmed = true };
}
