namespace Portal.Application.Domain.Devices;

/// <summary>設置場所: where the device stands (maintenance staff are sent here).</summary>
public sealed record InstallationSite(string PostalCode, string Prefecture, string AddressLine, string Building)
{
    public static readonly InstallationSite Empty = new(string.Empty, string.Empty, string.Empty, string.Empty);

    public override string ToString() =>
        string.Join(' ', new[] { PostalCode.Length == 7 ? $"〒{PostalCode[..3]}-{PostalCode[3..]}" : PostalCode, Prefecture, AddressLine, Building }
            .Where(part => !string.IsNullOrWhiteSpace(part)));
}
