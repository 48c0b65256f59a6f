namespace Portal.Application.Domain.Devices;

public enum ContractType
{
    /// <summary>無償保証バンドル: valid one year from delivery (FAQ Q1-3).</summary>
    FreeWarranty = 1,

    /// <summary>ExpressSupportPack: the pack registration must be confirmed first (FAQ Q1-11).</summary>
    SupportPack = 2,

    /// <summary>保守契約.</summary>
    MaintenanceContract = 3,
}
