using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Application.Common;
using Portal.Web.Localization;

namespace Portal.Web.Endpoints;

/// <summary>
/// The customer API's errors: problem+json with a stable code (<c>code</c>, snake case of the application's error
/// code) and the same localized message the pages show, in the language the caller's Accept-Language prefers
/// (Japanese unless English comes first).
/// </summary>
internal static class ApiProblems
{
    public static CultureInfo CultureOf(HttpRequest request)
    {
        foreach (var language in request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? string.Empty;
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return CultureInfo.GetCultureInfo("en");
            }

            if (tag.StartsWith("ja", StringComparison.OrdinalIgnoreCase))
            {
                return CultureInfo.GetCultureInfo("ja");
            }
        }

        return CultureInfo.GetCultureInfo(SupportedCultures.Default);
    }

    /// <summary>A refused application result as 400 (with every field's errors), 403, 404, 409, or 412 for a stale version (If-Match).</summary>
    public static IResult From(HttpContext http, Result refused)
    {
        var L = Localizer(http);
        var status = refused.Status switch
        {
            _ when refused.Errors is [{ Code: ErrorCodes.StaleVersion }] => StatusCodes.Status412PreconditionFailed,
            ResultStatus.NotFound => StatusCodes.Status404NotFound,
            ResultStatus.Forbidden => StatusCodes.Status403Forbidden,
            ResultStatus.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        var errors = refused.Errors
            .Select(e => new ApiError(Code(e.Code), e.Field is { } field ? JsonName(field) : null, L.Message(e), e.Subject))
            .ToList();
        return Results.Problem(
            statusCode: status,
            title: errors.Count > 0 ? errors[0].Message : null,
            extensions: new Dictionary<string, object?> { ["code"] = errors.FirstOrDefault()?.Code, ["errors"] = errors });
    }

    /// <summary>An optional filter by an enumeration's name, in any case; false when given but not one of its names.</summary>
    public static bool TryParse<T>(string? value, out T? parsed)
        where T : struct, Enum
    {
        parsed = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (!value.All(char.IsAsciiLetter) || !Enum.TryParse<T>(value, ignoreCase: true, out var name))
        {
            return false;
        }

        parsed = name;
        return true;
    }

    /// <summary>400 naming each filter whose value is not one of its names.</summary>
    public static IResult UnknownValues(HttpContext http, params (string Field, string? Given, object? Parsed)[] filters)
    {
        var L = Localizer(http);
        var errors = filters.Where(f => !string.IsNullOrEmpty(f.Given) && f.Parsed is null)
            .Select(f => new ApiError(Code(ErrorCodes.UnknownValue), f.Field, L[$"Error.{ErrorCodes.UnknownValue}", f.Given!]))
            .ToList();
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: errors[0].Message, extensions: new Dictionary<string, object?> { ["code"] = errors[0].Code, ["errors"] = errors });
    }

    /// <summary>A problem the API itself answers (no token, a read-only token): the message is "Error.{code}" too.</summary>
    public static Task Write(HttpContext http, int status, string code)
    {
        var L = Localizer(http);
        var key = "Error." + string.Concat(code.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        return Results.Problem(statusCode: status, title: L[key], extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(http);
    }

    /// <summary>
    /// A field as the request's JSON names it ("StartsAt" is "startsAt"). The rules name the chosen devices as the
    /// forms do ("Devices"); every API body sends them as <c>deviceIds</c>.
    /// </summary>
    private static string JsonName(string field) => field switch
    {
        "Devices" => "deviceIds",
        "" => field,
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };

    /// <summary>"TokenReadOnly" is "token_read_only": the codes callers match on.</summary>
    public static string Code(string applicationCode) =>
        string.Concat(applicationCode.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static IStringLocalizer Localizer(HttpContext http)
    {
        var culture = CultureOf(http.Request);
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        return http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
    }
}

/// <param name="Code">Stable, for scripts: e.g. <c>maintenance_start_too_soon</c>.</param>
/// <param name="Field">The request field it is about, when there is one.</param>
/// <param name="Message">For people, in the language asked for.</param>
/// <param name="DeviceId">In a request for many devices: the device this error is about.</param>
public sealed record ApiError(string Code, string? Field, string Message, Guid? DeviceId = null);
