using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Application.Common;

namespace Portal.Web.Localization;

/// <summary>How values are shown: Japan time, and enum names through the resources ("Enum.{Type}.{Value}").</summary>
public static class Display
{
    public static string JapanTimeText(this DateTimeOffset instant) =>
        JapanTime.ToJapan(instant).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    public static string JapanTimeText(this DateTimeOffset? instant) => instant is { } value ? value.JapanTimeText() : "—";

    public static string DateText(this DateOnly? date) => date is { } value ? value.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) : "—";

    public static string Name<TEnum>(this IStringLocalizer localizer, TEnum value)
        where TEnum : struct, Enum => localizer[$"Enum.{typeof(TEnum).Name}.{value}"];

    /// <summary>The message for an application error code ("Error.{code}").</summary>
    public static string ErrorText(this IStringLocalizer localizer, Result result) =>
        string.Join(" ", result.Errors.Select(e => localizer[$"Error.{e.Code}"].Value));
}
