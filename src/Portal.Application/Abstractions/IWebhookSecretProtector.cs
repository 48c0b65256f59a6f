namespace Portal.Application.Abstractions;

/// <summary>
/// Keeps webhook signing secrets encrypted at rest with the host's key ring, so a copy of the database alone does not
/// give them away. The sender must read a secret to sign with it, so it is encrypted, not hashed like a token.
/// </summary>
public interface IWebhookSecretProtector
{
    string Protect(string secret);

    string Unprotect(string stored);
}
