using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Tokens;
using Portal.Infrastructure.Identity;
using Portal.Web.Endpoints;

namespace Portal.Web.Security;

/// <summary>
/// The customer API (/api/v1) authenticates personal access tokens as an ASP.NET Core authentication scheme: the
/// bearer token becomes the owner's identity with the token's limits as claims, which the application turns into an
/// actor that sees only the token's support IDs. Policies require a token, or a read-write one for changes.
/// </summary>
public static class ApiTokenAuthentication
{
    public const string Scheme = PortalClaims.TokenScheme;
    public const string ReadPolicy = "ApiRead";
    public const string WritePolicy = "ApiWrite";

    public static string? TokenOf(ClaimsPrincipal user) => user.FindFirst(PortalClaims.TokenId)?.Value;

    public static IServiceCollection AddApiTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(Scheme, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(PortalClaims.TokenId))
            .AddPolicy(WritePolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(PortalClaims.TokenScope, nameof(TokenScope.ReadWrite)));
        return services;
    }
}

internal sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AuthenticateTokenHandler tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Bearer = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (await tokens.HandleAsync(new AuthenticateTokenQuery(authorization[Bearer.Length..].Trim()), Context.RequestAborted) is not { Token: { } token } actor)
        {
            return AuthenticateResult.Fail("Unknown, expired or revoked token.");
        }

        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, actor.UserId.ToString()),
            new(PortalClaims.DisplayName, actor.Name),
            new(PortalClaims.TokenId, token.Id.ToString()),
            new(PortalClaims.TokenName, token.Name),
            new(PortalClaims.TokenScope, token.Scope.ToString()),
            .. token.SupportAccountIds.Select(id => new Claim(PortalClaims.TokenSupportAccount, id.ToString())),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, ApiTokenAuthentication.Scheme)), ApiTokenAuthentication.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "token_required");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "token_read_only");
}
