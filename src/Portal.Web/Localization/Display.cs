using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Application.Common;

namespace Portal.Web.Localization;

/// <summary>How values are shown: Japan time, and enum names through the resources ("Enum.{Type}.{Value}").</summary>
public static class Display
{
    /// <summary>A time as every page shows it: in Japan time, labelled as such (JST, in both languages).</summary>
    public static string JapanTimeText(this DateTimeOffset instant) => $"{instant.JapanTimeValue()} {JapanTimeLabel}";

    /// <summary>The bare value, for a CSV cell whose column header carries the label, so that Excel reads it as a time.</summary>
    public static string JapanTimeValue(this DateTimeOffset instant) =>
        JapanTime.ToJapan(instant).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A CSV column header of Japan times.</summary>
    public static string JapanTimeHeader(string header) => $"{header} ({JapanTimeLabel})";

    private const string JapanTimeLabel = "JST";

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

    /// <summary>Who acted: a person's name as recorded, or the centre's own processing.</summary>
    public static string AuditActor(this IStringLocalizer localizer, string actorName) =>
        actorName == Audit.SystemActorName ? localizer["Audit.SystemActor"] : actorName;

    /// <summary>Every changed value of an entry as one line of text (the CSV's cell).</summary>
    public static string AuditDetails(this IStringLocalizer localizer, IEnumerable<FieldChange> fields) =>
        string.Join(" / ", fields.Select(f => $"{localizer.AuditField(f.Field)}: {localizer.AuditValue(f.Field, f.Before)} → {localizer.AuditValue(f.Field, f.After)}"));

    // The recorded fields that hold an enum, by field name; their values are shown by the enum's resources.
    private static readonly Dictionary<string, Type> EnumFields = new(StringComparer.Ordinal)
    {
        ["Status"] = typeof(Portal.Application.Domain.Registrations.ServiceStatus),
        ["KeyMethod"] = typeof(Portal.Application.Domain.Registrations.OpeningMethod),
        ["PendingReapplication"] = typeof(Portal.Application.Domain.Registrations.ReapplicationReason),
        ["Contract"] = typeof(Portal.Application.Domain.Devices.ContractType),
        ["Outcome"] = typeof(Portal.Application.Domain.Calls.CallOutcome),
        ["State"] = typeof(Portal.Application.Domain.Calls.CallTaskState),
        ["Role"] = typeof(Portal.Application.Domain.Customers.MemberRole),
    };

    /// <summary>
    /// A recorded value as a person reads it: enums by their names, times in Japan time, dates as dates, lists and
    /// objects (contacts, a site) by their values, empty values as a dash. Never the JSON it was stored as.
    /// </summary>
    public static string AuditValue(this IStringLocalizer localizer, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "—";
        }

        if (EnumFields.TryGetValue(field, out var type) && Enum.TryParse(type, value, out _))
        {
            return Or(localizer[$"Enum.{type.Name}.{value}"], value);
        }

        if (field == "What")
        {
            // The page or export a staff member viewed, by the name its gate records.
            return Or(localizer[$"Audit.What.{value}"], value);
        }

        if (value[0] is '[' or '{')
        {
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(value);
                return Readable(json.RootElement) is { Length: > 0 } text ? text : "—";
            }
            catch (System.Text.Json.JsonException)
            {
                return value;
            }
        }

        return Scalar(value);
    }

    private static string Readable(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Array => string.Join(" / ", element.EnumerateArray().Select(Readable).Where(t => t.Length > 0)),
        System.Text.Json.JsonValueKind.Object when element.TryGetProperty("Name", out var name) =>
            element.TryGetProperty("Priority", out var priority) ? $"{priority.GetRawText()}. {name.GetString()}" : name.GetString() ?? string.Empty,
        System.Text.Json.JsonValueKind.Object => string.Join(" ", element.EnumerateObject().Select(p => Readable(p.Value)).Where(t => t.Length > 0)),
        System.Text.Json.JsonValueKind.String => Scalar(element.GetString() ?? string.Empty),
        System.Text.Json.JsonValueKind.Null => string.Empty,
        _ => element.GetRawText(),
    };

    /// <summary>An instant (ISO 8601 with a time) in Japan time, a date (yyyy-MM-dd) as the pages write dates, else as it is.</summary>
    private static string Scalar(string value) =>
        value.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) ? instant.JapanTimeText()
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? ((DateOnly?)date).DateText()
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
