using Portal.Application.Common;

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

    /// <summary>How far ahead a contract's end is worth a mark: time to renew it before the service lapses.</summary>
    public const int ExpiringWithinDays = 60;

    /// <summary>Past its last day (a Japan date).</summary>
    public static readonly Rule<Contract, DateOnly> Expired = new((c, today) => c.ValidUntil != null && today > c.ValidUntil);

    /// <summary>Its last day is today or within the next <see cref="ExpiringWithinDays"/> days.</summary>
    public static readonly Rule<Contract, DateOnly> Expiring =
        new((c, today) => c.ValidUntil != null && c.ValidUntil >= today && c.ValidUntil < today.AddDays(ExpiringWithinDays));

    public bool IsExpiredOn(DateOnly today) => Expired.IsSatisfiedBy(this, today);

    public Contract ConfirmSupportPack() => this with { SupportPackConfirmed = true };
}
