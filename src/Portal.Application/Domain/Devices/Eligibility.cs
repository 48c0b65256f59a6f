namespace Portal.Application.Domain.Devices;

/// <summary>Whether a device may be applied for; every refusal has its own explanation for the customer.</summary>
public enum Eligibility
{
    Eligible = 0,

    /// <summary>Registered with an ExpressSelectionPack "NP" number; register the "N8" warranty number (FAQ Q1-11).</summary>
    SelectionPackModelNumber = 1,

    /// <summary>The support pack registration is not confirmed by the registration centre yet (FAQ Q1-11).</summary>
    WaitingForRegistrationConfirmation = 2,

    /// <summary>The free warranty bundle ended one year after delivery (FAQ Q1-3).</summary>
    WarrantyExpired = 3,

    /// <summary>The support pack or maintenance contract has ended.</summary>
    ContractExpired = 4,
}
