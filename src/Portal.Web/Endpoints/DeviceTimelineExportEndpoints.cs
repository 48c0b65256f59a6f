using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.Extensions.Localization;
using Portal.Application.Common;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Staff;
using Portal.Web.Localization;

namespace Portal.Web.Endpoints;

/// <summary>
/// GET /devices/{id}/timeline.csv and .json: the device's timeline with the page's filters, every page of it. The
/// same handler as the page, so the same visibility rules; the CSV as the history's (UTF-8 with a byte order mark,
/// formulas defused), the JSON with the stored values (UTC times, enum names) for scripts.
/// </summary>
internal static class DeviceTimelineExportEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = true,
    };

    public static void MapDeviceTimelineExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/devices/{Id:guid}/timeline.csv", async (Guid id, HttpContext http, IServiceProvider services, IStringLocalizer<SharedResource> L, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var (query, entries, refused) = await ReadAllAsync(id, http, services, cancellationToken);
            if (refused is not null)
            {
                return ReportExportEndpoints.Refused(refused, L);
            }

            var csv = new StringBuilder();
            Csv.Row(csv, Display.JapanTimeHeader(L["History.At"]), L["Timeline.Kind"], L["History.Who"], L["History.What"], L["History.Details"], L["Timeline.Result"]);
            foreach (var entry in entries)
            {
                Csv.Row(csv, entry.At.JapanTimeValue(), L.Name(entry.Kind), L.Actor(entry), L.Summary(entry), L.Details(entry), L.Result(entry));
            }

            await RecordAsync(services, http, id, query, entries.Count, "DeviceTimelineExport", cancellationToken);
            return Results.File(Csv.Utf8WithBom(csv), "text/csv; charset=utf-8", $"device-timeline-{JapanTime.ToJapan(clock.GetUtcNow()):yyyyMMdd-HHmm}.csv");
        }).RequireAuthorization().NotStored().ExcludeFromDescription();

        endpoints.MapGet("/devices/{Id:guid}/timeline.json", async (Guid id, HttpContext http, IServiceProvider services, IStringLocalizer<SharedResource> L, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var (query, entries, refused) = await ReadAllAsync(id, http, services, cancellationToken);
            if (refused is not null)
            {
                return ReportExportEndpoints.Refused(refused, L);
            }

            await RecordAsync(services, http, id, query, entries.Count, "DeviceTimelineExport", cancellationToken);
            return Results.File(JsonSerializer.SerializeToUtf8Bytes(new { deviceId = id, entries }, Json), "application/json; charset=utf-8", $"device-timeline-{JapanTime.ToJapan(clock.GetUtcNow()):yyyyMMdd-HHmm}.json");
        }).RequireAuthorization().NotStored().ExcludeFromDescription();
    }

    private static async Task<(GetDeviceTimelineQuery Query, List<TimelineEntry> Entries, Result? Refused)> ReadAllAsync(Guid id, HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
    {
        var query = GetDeviceTimelineQuery.Parse(id, key => http.Request.Query.TryGetValue(key, out var values) ? values.OfType<string>().ToList() : []);
        var handler = ActivatorUtilities.CreateInstance<GetDeviceTimelineHandler>(services, new RequestUser(http));
        var entries = new List<TimelineEntry>();
        var before = query.Before;
        do
        {
            var page = await handler.HandleAsync(query with { Before = before, PageSize = GetDeviceTimelineHandler.MaxPageSize }, cancellationToken);
            if (!page.IsOk)
            {
                return (query, entries, page);
            }

            entries.AddRange(page.Value!.Entries);
            before = page.Value.Next;
        }
        while (before is not null && entries.Count < ReportExportEndpoints.MaxRows);

        return (query, entries, null);
    }

    // Staff exports are views of customer data too: recorded with the device, the filter and the rows they held.
    private static Task<Result> RecordAsync(IServiceProvider services, HttpContext http, Guid id, GetDeviceTimelineQuery query, int rows, string what, CancellationToken cancellationToken) =>
        ActivatorUtilities.CreateInstance<RecordStaffViewHandler>(services, new RequestUser(http)).HandleAsync(new RecordStaffViewCommand(what, query.ToQueryString(), DeviceId: id, Rows: rows), cancellationToken);
}
