using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Localization;
using Portal.Application.Features.Maintenance;

namespace Portal.Web.Endpoints;

/// <summary>
/// GET /calendar/{token}.ics: a customer's maintenance windows as an iCalendar feed (RFC 5545, written by
/// Ical.Net) that calendar programs subscribe to. The secret token in the address is the only key.
/// </summary>
internal static class CalendarFeedEndpoints
{
    public static void MapCalendarFeedEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/calendar/{token}.ics", async (string token, CalendarFeedsHandler feeds, IStringLocalizer<SharedResource> L, CancellationToken cancellationToken) =>
        {
            var feed = await feeds.FeedAsync(token, cancellationToken);
            if (!feed.IsOk)
            {
                return Results.NotFound();
            }

            var calendar = new Calendar { ProductId = "-//Express Report Service//Portal//JA" };
            calendar.AddProperty("X-WR-CALNAME", L["Feed.CalendarName", feed.Value!.OrganizationName]);
            foreach (var window in feed.Value.Events)
            {
                calendar.Events.Add(new CalendarEvent
                {
                    Uid = $"{window.Id}@portal",
                    Summary = L["Feed.EventSummary", window.DeviceManagementNumber, window.HostName],
                    Description = $"{window.ModelNumber} {window.HostName}\n{window.Reason}",
                    DtStart = new CalDateTime(window.StartsAt.UtcDateTime, "UTC"),
                    DtEnd = new CalDateTime(window.EndsAt.UtcDateTime, "UTC"),
                });
            }

            return Results.Text(new CalendarSerializer().SerializeToString(calendar) ?? string.Empty, "text/calendar; charset=utf-8");
        }).AllowAnonymous().NotStored().ExcludeFromDescription();
}
