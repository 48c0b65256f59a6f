using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace Portal.Infrastructure.Security;

/// <summary>
/// The Data Protection key ring signs and encrypts the sign-in cookies of every instance, and is stored in the
/// shared database. Stored in the clear, a database backup would be enough to forge anyone's cookie, staff
/// included; so outside Development every key is written encrypted with a certificate, and the portal does not
/// start without one.
/// </summary>
public static class KeyRingProtection
{
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration configuration, bool required)
    {
        // Read here, not through IOptions: the certificates are loaded and handed to Data Protection as it is registered.
        var options = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (string.IsNullOrWhiteSpace(options.Certificate.Path))
        {
            return required
                ? throw new InvalidOperationException(
                    $"{KeyRingOptions.Section}:Certificate:Path is not set. Outside Development the portal encrypts its cookie key ring at rest with a certificate (a PFX file, password in {KeyRingOptions.Section}:Certificate:Password); see the README, \"Keys at rest\".")
                : builder;
        }

        var current = Load(options.Certificate);

        // Decryption is given the certificates themselves: on Linux there is no certificate store it could find them in.
        return builder
            .ProtectKeysWithCertificate(current)
            .UnprotectKeysWithAnyCertificate([current, .. options.PreviousCertificates.Where(p => !string.IsNullOrWhiteSpace(p.Path)).Select(Load)]);
    }

    private static X509Certificate2 Load(KeyCertificateOptions certificate)
    {
        try
        {
            var loaded = X509CertificateLoader.LoadPkcs12FromFile(certificate.Path!, certificate.Password);
            return loaded.HasPrivateKey
                ? loaded
                : throw new InvalidOperationException($"The key ring certificate {certificate.Path} has no private key: keys written with it could not be read back.");
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            throw new InvalidOperationException($"The key ring certificate {certificate.Path} could not be read (a PFX file and its password are expected): {exception.Message}", exception);
        }
    }
}
