using Portal.Application.Domain.Registrations;

namespace Portal.Application.Features.Applications;

/// <summary>
/// Issues opening key codes. A key is a secret checked against the one device its opening report names by model
/// and serial number, never a way to find a device, so two devices may hold the same key: 5 digits need not be
/// unique among a growing number of registrations.
/// </summary>
public sealed class KeyCodeIssuer(Func<KeyCode> next)
{
    /// <summary>Codes from the cryptographic generator.</summary>
    public KeyCodeIssuer()
        : this(KeyCode.NewRandom)
    {
    }

    public KeyCode Issue() => next();
}
