using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Infrastructure.Webhooks;

/// <summary>
/// The SSRF guard: the centre posts only to public addresses over HTTPS. It is asked twice: when an administrator
/// gives an address (a clear error then), and by every connection the sender opens, on the addresses the name
/// resolves to at that moment (a name that later points inside, or DNS rebinding, is refused then). Redirects are
/// never followed (<see cref="WebhookSender"/>), so an allowed address cannot hand the request on.
/// </summary>
public sealed class WebhookAddressGuard(IOptions<WebhookOptions> options) : IWebhookAddressPolicy
{
    /// <summary>The name lookup; the system's resolver unless a test gives its own.</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    public async Task<Result<Uri>> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.UserInfo.Length > 0 || uri.Host.Length == 0)
        {
            return Result.Invalid(ErrorCodes.WebhookUrlInvalid, "url").As<Uri>();
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Resolve(uri.DnsSafeHost, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            return Result.Invalid(ErrorCodes.WebhookUrlInvalid, "url").As<Uri>();
        }

        if (addresses.Length == 0 || !addresses.All(Allowed))
        {
            return Result.Invalid(ErrorCodes.WebhookUrlPrivate, "url").As<Uri>();
        }

        // Plain HTTP only where nothing leaves the machine.
        if (uri.Scheme == "http" && !addresses.All(IPAddress.IsLoopback))
        {
            return Result.Invalid(ErrorCodes.WebhookUrlNotHttps, "url").As<Uri>();
        }

        return uri;
    }

    /// <summary>The sender's connections: to the first allowed address of the name, or refused.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Resolve(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(Allowed).ToArray();
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
        {
            throw new WebhookAddressRefusedException(context.DnsEndPoint.Host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public bool Allowed(IPAddress address) => IsPublic(address) || (options.Value.AllowLoopback && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    /// <summary>
    /// A global unicast address: not loopback, private (RFC 1918, unique local), link-local (cloud metadata at
    /// 169.254.169.254), shared (100.64/10), unspecified, multicast, reserved or documentation ranges, nor an IPv6
    /// tunnel to IPv4 (6to4, Teredo).
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var v6 = address.GetAddressBytes();

        // NAT64 (64:ff9b::/96) carries an IPv4 address: it is as public as that one.
        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsPublic(new IPAddress(v6.AsSpan(12, 4)));
        }

        return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
            || address.IsIPv4MappedToIPv6
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8)

            // 6to4 (2002::/16) and Teredo (2001::/32) tunnel to an IPv4 address the guard would have to unwrap.
            || (v6[0] == 0x20 && v6[1] == 0x02)
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0)
            || (v6[0] & 0xe0) != 0x20);
    }
}

/// <summary>A connection the guard refused: the name resolved to an address the centre does not post to.</summary>
public sealed class WebhookAddressRefusedException(string host) : IOException($"{host} resolves to an address the centre does not post to.");
