using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Registrations;

namespace Portal.Infrastructure.Security;

/// <summary>
/// The signature of an opening key file: the SHA-256 of its signed lines, protected with the portal's data
/// protection key ring. The ring is kept in the database (and encrypted at rest outside Development), so every
/// instance signs and verifies with the same keys, and a file stays genuine across key rotation: retired keys
/// still verify.
/// </summary>
public sealed class KeyFileSigner(IDataProtectionProvider protection) : IKeyFileSigner
{
    private readonly IDataProtector _protector = protection.CreateProtector("Portal.OpeningKeyFile.v1");

    public string Sign(OpeningKeyFile file) => WebEncoders.Base64UrlEncode(_protector.Protect(Digest(file)));

    public bool IsGenuine(OpeningKeyFile file, string signature)
    {
        try
        {
            return CryptographicOperations.FixedTimeEquals(_protector.Unprotect(WebEncoders.Base64UrlDecode(signature)), Digest(file));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }
    }

    private static byte[] Digest(OpeningKeyFile file) => SHA256.HashData(Encoding.UTF8.GetBytes(file.SignedText()));
}
