using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Staff;
using Portal.Infrastructure.Identity;
using Portal.Web.Auth;
using Portal.Web.Localization;

namespace Portal.Web.Endpoints;

/// <summary>GET /staff/audit/export.csv: the audit trail with the page's filters, UTF-8 with BOM, staff only.</summary>
internal static class AuditExportEndpoints
{
    public static void MapAuditExportEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/staff/audit/export.csv", async (HttpContext http, IServiceProvider services, IStringLocalizer<SharedResource> L, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var q = http.Request.Query;
            var query = new AuditQuery(q["device"].ToString(), q["actor"].ToString(), AuditFilter.Date(q["from"]), AuditFilter.Date(q["to"]), PageSize: 500);
            var handler = ActivatorUtilities.CreateInstance<SearchAuditHandler>(services, new RequestUser(http));
            var csv = new StringBuilder();
            Csv.Row(csv, Display.JapanTimeHeader(L["History.At"]), L["History.Who"], L["History.What"], L["Device.ManagementNumber"], L["History.Details"], L["Audit.Csv.EntityId"]);
            long? before = null;
            var rows = 0;
            do
            {
                var page = await handler.HandleAsync(query with { BeforeId = before }, cancellationToken);
                if (!page.IsOk)
                {
                    return ReportExportEndpoints.Refused(page, L);
                }

                foreach (var r in page.Value!.Rows)
                {
                    Csv.Row(csv, r.At.JapanTimeValue(), L.AuditActor(r.ActorName), L.AuditAction(r.Action), r.DeviceManagementNumber ?? string.Empty, L.AuditDetails(r.Fields), r.EntityId);
                }

                rows += page.Value.Rows.Count;
                before = page.Value.NextBeforeId;
            }
            while (before is not null && rows < ReportExportEndpoints.MaxRows);

            await ActivatorUtilities.CreateInstance<RecordStaffViewHandler>(services, new RequestUser(http)).HandleAsync(new RecordStaffViewCommand("AuditExport", AuditFilter.ToQueryString(query), Rows: rows), cancellationToken);
            return Results.File(Csv.Utf8WithBom(csv), "text/csv; charset=utf-8", $"audit-{JapanTime.ToJapan(clock.GetUtcNow()):yyyyMMdd-HHmm}.csv");
        }).RequireAuthorization(PortalRoles.Staff).NotStored().ExcludeFromDescription();
}

/// <summary>The audit filters as they travel in the address.</summary>
public static class AuditFilter
{
    public static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string ToQueryString(AuditQuery query)
    {
        var parts = new[]
            {
                ("device", query.DeviceManagementNumber),
                ("actor", query.Actor),
                ("from", query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("to", query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")
            .ToList();
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}

/// <summary>CSV for Excel in Japan: RFC 4180 quoting, formula-looking cells defused, UTF-8 with a byte order mark.</summary>
internal static class Csv
{
    public static void Row(StringBuilder csv, params string[] cells) => csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");

    public static byte[] Utf8WithBom(StringBuilder csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];

    private static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}

/// <summary>The signed-in person of a plain HTTP request (no circuit here).</summary>
internal sealed class RequestUser(HttpContext http) : ICurrentUser
{
    public Task<Actor?> GetActorAsync() => Task.FromResult(CurrentUser.ToActor(http.User));
}
