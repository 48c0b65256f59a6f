using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Portal.Web.Security;

/// <summary>
/// The report gateways (HTTPS, mail and dial-up receivers) authenticate with a bearer token as an ASP.NET Core
/// authentication scheme: the token is hashed once per request and becomes a gateway identity, which the intake
/// endpoint requires and its rate limits are partitioned on.
/// </summary>
public static class GatewayAuthentication
{
    public const string Scheme = "Gateway";
    public const string Policy = "Gateway";

    /// <summary>The gateway's sender key: a stable name derived from its token, kept with each receipt.</summary>
    public const string SenderClaim = "gateway";

    public static string? SenderOf(ClaimsPrincipal user) => user.FindFirst(SenderClaim)?.Value;

    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<GatewayTokens>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, GatewayAuthenticationHandler>(Scheme, configureOptions: null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(SenderClaim));
        return services;
    }
}

/// <summary>The configured tokens' hashes, computed once (and again when the configuration changes).</summary>
public sealed class GatewayTokens
{
    private volatile byte[][] _hashes;

    public GatewayTokens(IOptionsMonitor<IntakeTokenOptions> options)
    {
        _hashes = HashesOf(options.CurrentValue);
        options.OnChange(changed => _hashes = HashesOf(changed));
    }

    /// <summary>
    /// The sender key when the token is one of the configured ones. Every hash is compared, in fixed time, so the
    /// answer reveals neither which token nor how much of one matched.
    /// </summary>
    public string? SenderOf(string token)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        string? sender = null;
        foreach (var known in _hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, known))
            {
                sender = Convert.ToHexStringLower(known)[..16];
            }
        }

        return sender;
    }

    private static byte[][] HashesOf(IntakeTokenOptions options) =>
        [.. options.IntakeTokens.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t)))];
}

internal sealed class GatewayAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, GatewayTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Bearer = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.SenderOf(authorization[Bearer.Length..].Trim()) is not { } sender)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown gateway token."));
        }

        var identity = new ClaimsIdentity([new Claim(GatewayAuthentication.SenderClaim, sender)], GatewayAuthentication.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), GatewayAuthentication.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid intake bearer token is required.").ExecuteAsync(Context);
    }
}
