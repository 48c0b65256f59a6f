using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Localization;
using Portal.Application.Features.Maintenance;

namespace Portal.Web.Endpoints;

/// <summary>
/// GET /calendar/{feed}/{secret}.ics: a member's maintenance windows of one support ID as an iCalendar feed
/// (RFC 5545, written by Ical.Net) that calendar programs subscribe to without signing in: the feed id finds it,
/// the secret verifies it.
/// </summary>
internal static class CalendarFeedEndpoints
{
    public static void MapCalendarFeedEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/calendar/{feed:guid}/{secret}.ics", async (Guid feed, string secret, GetCalendarFeedHandler feeds, IStringLocalizer<SharedResource> L, CancellationToken cancellationToken) =>
        {
            var found = await feeds.HandleAsync(new GetCalendarFeedQuery(feed, secret), cancellationToken);
            if (!found.IsOk)
            {
                return Results.NotFound();
            }

            var calendar = new Calendar { ProductId = "-//Express Report Service//Portal//JA" };
            calendar.AddProperty("X-WR-CALNAME", L["Feed.CalendarName", found.Value!.OrganizationName]);
            foreach (var window in found.Value.Events)
            {
                calendar.Events.Add(new CalendarEvent
                {
                    Uid = $"{window.Id}@portal",
                    Sequence = window.Sequence,
                    Summary = L["Feed.EventSummary", window.DeviceManagementNumber, window.HostName],
                    Description = $"{window.ModelNumber} {window.HostName}\n{window.Reason}",
                    DtStart = new CalDateTime(window.StartsAt.UtcDateTime, "UTC"),
                    DtEnd = new CalDateTime(window.EndsAt.UtcDateTime, "UTC"),
                });
            }

            return Results.Text(new CalendarSerializer().SerializeToString(calendar) ?? string.Empty, "text/calendar; charset=utf-8");
        }).AllowAnonymous().NotStored().ExcludeFromDescription();
}
