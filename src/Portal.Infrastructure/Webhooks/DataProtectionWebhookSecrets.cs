using Microsoft.AspNetCore.DataProtection;
using Portal.Application.Abstractions;

namespace Portal.Infrastructure.Webhooks;

/// <summary>
/// Webhook signing secrets under the portal's Data Protection key ring: shared by every instance through the
/// database, and itself encrypted with a certificate outside Development (<see cref="Security.KeyRingProtection"/>).
/// </summary>
public sealed class DataProtectionWebhookSecrets(IDataProtectionProvider provider) : IWebhookSecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Webhooks.SigningSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string stored) => _protector.Unprotect(stored);
}
