using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Localization;
using Portal.Application.Common;

namespace Portal.Web.Localization;

/// <summary>How values are shown: Japan time, and enum names through the resources ("Enum.{Type}.{Value}").</summary>
public static class Display
{
    // Japanese stays as it is (not &#x...; escapes): markup strings are held per circuit, shorter is smaller.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text made safe for markup written as a string (rows rendered as one markup frame).</summary>
    public static string HtmlEncode(string? text) => Html.Encode(text ?? string.Empty);

    public static string JapanTimeText(this DateTimeOffset instant) =>
        JapanTime.ToJapan(instant).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    public static string JapanTimeText(this DateTimeOffset? instant) => instant is { } value ? value.JapanTimeText() : "—";

    public static string DateText(this DateOnly? date) => date is { } value ? value.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) : "—";

    public static string Name<TEnum>(this IStringLocalizer localizer, TEnum value)
        where TEnum : struct, Enum => localizer[$"Enum.{typeof(TEnum).Name}.{value}"];

    /// <summary>Staff: what was issued, a key code shown as such or a key file to download, and from when it opens.</summary>
    public static string KeyIssuedText(this IStringLocalizer localizer, Portal.Application.Features.Applications.KeyCodeIssued issued) =>
        issued.Method == Portal.Application.Domain.Registrations.OpeningMethod.KeyFile
            ? localizer["Staff.KeyFileIssued", issued.OpeningPossibleFrom.JapanTimeText()]
            : localizer["Staff.KeyIssued", issued.KeyCode, issued.OpeningPossibleFrom.JapanTimeText()];

    /// <summary>An audited action's name ("Audit.Action.{action}"), the action itself when it has none.</summary>
    public static string AuditAction(this IStringLocalizer localizer, string action) => Or(localizer[$"Audit.Action.{action}"], action);

    /// <summary>A recorded field's name ("Audit.Field.{field}").</summary>
    public static string AuditField(this IStringLocalizer localizer, string field) => Or(localizer[$"Audit.Field.{field}"], field);

    /// <summary>A recorded value: statuses by their names, empty values as a dash.</summary>
    public static string AuditValue(this IStringLocalizer localizer, string field, string? value) =>
        string.IsNullOrEmpty(value) ? "—"
        : field == "Status" && Enum.TryParse<Portal.Application.Domain.Registrations.ServiceStatus>(value, out var status) ? localizer.Name(status)
        : field == "KeyMethod" && Enum.TryParse<Portal.Application.Domain.Registrations.OpeningMethod>(value, out var method) ? localizer.Name(method)
        : field == "PendingReapplication" && Enum.TryParse<Portal.Application.Domain.Registrations.ReapplicationReason>(value, out var reason) ? localizer.Name(reason)
        : field == "Contract" && Enum.TryParse<Portal.Application.Domain.Devices.ContractType>(value, out var contract) ? localizer.Name(contract)
        : field.EndsWith("At", StringComparison.Ordinal) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, out var instant) ? instant.JapanTimeText()
        : value;

    private static string Or(LocalizedString text, string fallback) => text.ResourceNotFound ? fallback : text.Value;

    /// <summary>The messages of the errors of one form field, or null when it has none (MudBlazor's ErrorText).</summary>
    public static string? FieldError(this IStringLocalizer localizer, Result? result, string field) =>
        result?.Errors.Where(e => e.Field == field).Select(e => localizer.Message(e)).ToList() is { Count: > 0 } messages
            ? string.Join(" ", messages)
            : null;

    /// <summary>The message for an application error code ("Error.{code}").</summary>
    public static string ErrorText(this IStringLocalizer localizer, Result result) =>
        string.Join(" ", result.Errors.Select(localizer.Message));

    /// <summary>One error's message; an instant in its argument is shown in Japan time.</summary>
    public static string Message(this IStringLocalizer localizer, Error error) =>
        error.Argument is not { } argument ? localizer[$"Error.{error.Code}"].Value
        : DateTimeOffset.TryParse(argument, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? localizer[$"Error.{error.Code}", instant.JapanTimeText()].Value
        : localizer[$"Error.{error.Code}", argument].Value;

    /// <summary>The value of an &lt;input type="datetime-local"&gt; for an instant, in Japan time.</summary>
    public static string JapanLocalInput(this DateTimeOffset instant) =>
        JapanTime.ToJapan(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Reads an &lt;input type="datetime-local"&gt; value as Japan time.</summary>
    public static DateTimeOffset? FromJapanLocalInput(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, JapanTime.Zone.BaseUtcOffset).ToUniversalTime()
            : null;
}
