using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Application.Common;
using Portal.Application.Features.Reports;
using Portal.Application.Features.Staff;
using Portal.Web.Localization;

namespace Portal.Web.Endpoints;

/// <summary>
/// GET /reports/export.csv: the report history with the page's filters, as CSV in UTF-8 with a byte order
/// mark so that Excel in Japan opens it correctly. The same handler, so the same visibility rules.
/// </summary>
internal static class ReportExportEndpoints
{
    public const int MaxRows = 100_000;

    /// <summary>An export the handler refused: staff without this session's reason are told so (403), anything else is not found.</summary>
    internal static IResult Refused(Result refused, IStringLocalizer L) =>
        refused.Errors is [{ Code: ErrorCodes.StaffReasonRequired }]
            ? Results.Text(L["Error.StaffReasonRequired"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden)
            : Results.NotFound();

    public static void MapReportExportEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/reports/export.csv", async (HttpContext http, IServiceProvider services, IStringLocalizer<SharedResource> L, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var query = ReportHistoryFilter.Parse(key => http.Request.Query.TryGetValue(key, out var value) ? value.ToString() : null);
            var handler = ActivatorUtilities.CreateInstance<ListReportHistoryHandler>(services, new RequestUser(http));
            var csv = new StringBuilder();
            Csv.Row(csv, Display.JapanTimeHeader(L["Reports.ReceivedAt"]), Display.JapanTimeHeader(L["Reports.OccurredAt"]), L["Reports.Type"], L["Device.ManagementNumber"], L["Device.ModelNumber"], L["Device.SerialNumber"], L["Device.HostName"],
                L["Reports.Category"], L["Reports.Severity"], L["Reports.Message"], L["Reports.Handling"]);
            var rows = 0;
            ReportCursor? after = null;
            do
            {
                var page = await handler.HandleAsync(query with { After = after, PageSize = 200 }, cancellationToken);
                if (!page.IsOk)
                {
                    return Refused(page, L);
                }

                foreach (var r in page.Value!.Rows)
                {
                    Csv.Row(csv, r.ReceivedAt.JapanTimeValue(), r.OccurredAt.JapanTimeValue(), L.Name(r.Type), r.DeviceManagementNumber, r.ModelNumber, r.SerialNumber, r.HostName,
                        r.Category is { } c ? L.Name(c) : string.Empty, r.Severity is { } s ? L.Name(s) : string.Empty, r.Message ?? string.Empty, L.Name(r.Handling));
                }

                rows += page.Value.Rows.Count;
                after = page.Value.Next;
            }
            while (after is not null && rows < MaxRows);

            // Staff exports are views of customer data too: recorded with the filter and the rows they held.
            await ActivatorUtilities.CreateInstance<RecordStaffViewHandler>(services, new RequestUser(http)).HandleAsync(new RecordStaffViewCommand("ReportHistoryExport", ReportHistoryFilter.ToQueryString(query), Rows: rows), cancellationToken);
            return Results.File(Csv.Utf8WithBom(csv), "text/csv; charset=utf-8", $"report-history-{JapanTime.ToJapan(clock.GetUtcNow()):yyyyMMdd-HHmm}.csv");
        }).RequireAuthorization().NotStored().ExcludeFromDescription();
}
