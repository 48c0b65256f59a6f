using System.Globalization;
using Portal.Application.Common;
using Portal.Application.Domain.Reports;

namespace Portal.Application.Features.Reports;

/// <summary>The history filters as they travel in the address, shared by the page and the CSV export.</summary>
public static class ReportHistoryFilter
{
    public static ListReportHistoryQuery Parse(Func<string, string?> get) => new(
        DeviceId: Guid.TryParse(get("device"), out var device) ? device : null,
        Type: Enum.TryParse<ReportType>(get("type"), ignoreCase: true, out var type) && Enum.IsDefined(type) ? type : null,
        From: Day(get("from")),
        To: Day(get("to")),
        Text: get("q") is { Length: > 0 } q ? q : null,
        OldestFirst: get("sort") == "oldest");

    /// <summary>A date as the address writes it; one that does not parse, or is no plausible day, is left out.</summary>
    private static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && JapanTime.IsPlausibleDay(day) ? day : null;

    public static string ToQueryString(ListReportHistoryQuery query)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        Add("device", query.DeviceId?.ToString());
        Add("type", query.Type?.ToString());
        Add("from", query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("q", query.Text);
        Add("sort", query.OldestFirst ? "oldest" : null);
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
