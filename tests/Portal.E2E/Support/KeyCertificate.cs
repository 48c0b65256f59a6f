using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.E2E.Support;

/// <summary>
/// A self-signed key ring certificate written as a PFX file, as an operator makes one
/// (<c>openssl req -x509 …; openssl pkcs12 -export …</c>), for portals started outside Development.
/// </summary>
public static class KeyCertificate
{
    public const string Password = "key-ring-test";

    /// <summary>Writes the PFX into <paramref name="folder"/> and returns the settings that give it to the portal.</summary>
    public static Dictionary<string, string> Create(string folder, string name = "key-ring.pfx")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Portal key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return new()
        {
            ["DataProtection__Certificate__Path"] = path,
            ["DataProtection__Certificate__Password"] = Password,
        };
    }
}
