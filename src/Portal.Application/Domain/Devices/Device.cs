using Portal.Application.Common;

namespace Portal.Application.Domain.Devices;

/// <summary>A registered server or storage device, owned by one support ID.</summary>
public sealed class Device
{
    private Device()
    {
        ModelNumber = SerialNumber = DeviceManagementNumber = HostName = string.Empty;
        InstallationSite = InstallationSite.Empty;
        Contract = null!;
    }

    public Device(
        Guid id,
        Guid supportAccountId,
        string modelNumber,
        string serialNumber,
        string deviceManagementNumber,
        string hostName,
        InstallationSite installationSite,
        Contract contract)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(serialNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceManagementNumber);
        Id = id;
        SupportAccountId = supportAccountId;
        ModelNumber = modelNumber.Trim().ToUpperInvariant();
        SerialNumber = serialNumber.Trim().ToUpperInvariant();
        DeviceManagementNumber = deviceManagementNumber.Trim();
        HostName = hostName.Trim();
        InstallationSite = installationSite;
        Contract = contract;
    }

    public Guid Id { get; private set; }
    public Guid SupportAccountId { get; private set; }

    /// <summary>型番, e.g. "N8100-2345".</summary>
    public string ModelNumber { get; private set; }

    /// <summary>製造号機.</summary>
    public string SerialNumber { get; private set; }

    /// <summary>機器管理番号, assigned by the centre and quoted in every contact with it.</summary>
    public string DeviceManagementNumber { get; private set; }

    /// <summary>Carried by opening reports and updated only by them (FAQ Q4-9).</summary>
    public string HostName { get; private set; }

    public InstallationSite InstallationSite { get; private set; }

    /// <summary>When the customer last changed the installation site (設置場所の変更); null when never.</summary>
    public DateTimeOffset? SiteChangedAt { get; private set; }
    public Contract Contract { get; private set; }

    /// <summary>The host name travels in opening reports and changes only through them (FAQ Q4-9).</summary>
    public void TakeHostNameFromOpeningReport(string? hostName)
    {
        if (!string.IsNullOrWhiteSpace(hostName))
        {
            HostName = hostName.Trim();
        }
    }

    public void ChangeInstallationSite(InstallationSite site, DateTimeOffset now)
    {
        InstallationSite = site;
        SiteChangedAt = now;
    }

    /// <summary>
    /// Staff correct the model number from the registration centre's data, e.g. an ExpressSelectionPack "NP" number
    /// replaced by the "N8" warranty number (FAQ Q1-11). Opening reports find the device by it, so it changes only
    /// while no key is in force (the caller checks the registration).
    /// </summary>
    public Result CorrectModelNumber(string modelNumber)
    {
        var model = modelNumber?.Trim().ToUpperInvariant() ?? string.Empty;
        if (model.Length is 0 or > 32 || !model.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return Result.Invalid(ErrorCodes.ModelNumberInvalid, nameof(ModelNumber));
        }

        if (model == ModelNumber)
        {
            return Result.Invalid(ErrorCodes.NothingChanged, nameof(ModelNumber));
        }

        ModelNumber = model;
        return Result.Ok();
    }

    /// <summary>The centre's contract data changed (a warranty became a maintenance contract, a pack was confirmed).</summary>
    public Result ChangeContract(Contract contract)
    {
        if (contract == Contract)
        {
            return Result.Invalid(ErrorCodes.NothingChanged, nameof(Contract));
        }

        Contract = contract;
        return Result.Ok();
    }

    /// <summary>
    /// Whether the service can be applied for, and if not, why — in the order a customer should fix things
    /// (FAQ Q1-3, Q1-11).
    /// </summary>
    public Eligibility CheckEligibility(DateOnly today)
    {
        if (HasSelectionPackModelNumber)
        {
            return Eligibility.SelectionPackModelNumber;
        }

        if (Contract.Type == ContractType.SupportPack && !Contract.SupportPackConfirmed)
        {
            return Eligibility.WaitingForRegistrationConfirmation;
        }

        if (Contract.IsExpiredOn(today))
        {
            return Contract.Type == ContractType.FreeWarranty ? Eligibility.WarrantyExpired : Eligibility.ContractExpired;
        }

        return Eligibility.Eligible;
    }

    /// <summary>ExpressSelectionPack products carry "NP" numbers; applications need the "N8" warranty number (FAQ Q1-11).</summary>
    public bool HasSelectionPackModelNumber => ModelNumber.StartsWith("NP", StringComparison.Ordinal);
}
