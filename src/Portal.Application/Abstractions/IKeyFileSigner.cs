using Portal.Application.Domain.Registrations;

namespace Portal.Application.Abstractions;

/// <summary>Signs opening key files and tells a genuine one from an edited one; every instance of the centre shares the key.</summary>
public interface IKeyFileSigner
{
    string Sign(OpeningKeyFile file);

    bool IsGenuine(OpeningKeyFile file, string signature);
}
