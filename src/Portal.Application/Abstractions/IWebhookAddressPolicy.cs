using Portal.Application.Common;

namespace Portal.Application.Abstractions;

/// <summary>
/// Which addresses the centre may post to: HTTPS on a public address (plain HTTP to loopback only in
/// Development). The host checks the name's addresses here and again on every connection, so a name that later
/// resolves to a private address is refused then too.
/// </summary>
public interface IWebhookAddressPolicy
{
    /// <returns>The address as it will be called, or why it may not be.</returns>
    Task<Result<Uri>> CheckAsync(string? url, CancellationToken cancellationToken);
}
