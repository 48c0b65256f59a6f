namespace Portal.Infrastructure.Security;

/// <summary>A PFX file and its password, as configured.</summary>
public sealed class KeyCertificateOptions
{
    public string? Path { get; set; }

    public string? Password { get; set; }
}

/// <summary>Configuration section "DataProtection".</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>Encrypts the key ring at rest: each new key is written encrypted to this certificate.</summary>
    public KeyCertificateOptions Certificate { get; set; } = new();

    /// <summary>Certificates the ring was encrypted with before a rotation, still accepted for reading older keys.</summary>
    public KeyCertificateOptions[] PreviousCertificates { get; set; } = [];
}
