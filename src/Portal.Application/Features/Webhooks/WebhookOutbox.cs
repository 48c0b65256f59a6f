using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

/// <summary>The device an event is about, as a receiver needs it to find its own record of it.</summary>
public sealed record WebhookDevice(Guid Id, string ManagementNumber, string HostName, string ModelNumber, string SerialNumber)
{
    public static WebhookDevice Of(Device device) => new(device.Id, device.DeviceManagementNumber, device.HostName, device.ModelNumber, device.SerialNumber);
}

/// <summary>The failure a report told of. The message is kept as sent; each format encodes it where it is shown.</summary>
public sealed record WebhookFailure(string Code, EventSeverity Severity, EventCategory Category, string Message, DateTimeOffset OccurredAt)
{
    public static WebhookFailure Of(ReportEvent e, DateTimeOffset occurredAt) => new(e.Code, e.Severity, e.Category, e.Message, occurredAt);
}

public sealed record WebhookWindow(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason);

/// <summary>Something an endpoint may be told of: what happened, to which support ID's device, and its details.</summary>
public sealed record WebhookEvent(
    WebhookEvents Type,
    Guid SupportAccountId,
    WebhookDevice? Device,
    DateTimeOffset At,
    WebhookFailure? Failure = null,
    WebhookWindow? Maintenance = null,
    DateOnly? MissedDueOn = null,
    string? Reason = null,
    DateTimeOffset? OpeningPossibleFrom = null);

/// <summary>The body's "data": the event without its type, with the support ID by its number.</summary>
public sealed record WebhookData(
    string SupportId,
    WebhookDevice? Device,
    DateTimeOffset At,
    WebhookFailure? Failure,
    WebhookWindow? Maintenance,
    DateOnly? MissedDueOn,
    string? Reason,
    DateTimeOffset? OpeningPossibleFrom);

/// <summary>
/// Adds one delivery per endpoint that chose the event, in the caller's unit of work, so the delivery is stored
/// exactly when the change it tells of is. A paused endpoint's deliveries wait for it to be resumed.
/// </summary>
public static class WebhookOutbox
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },

        // Japanese text stays readable for a receiver's logs; the characters HTML would read are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <returns>How many deliveries were added.</returns>
    public static async Task<int> RaiseAsync(IPortalDbContext db, IReadOnlyCollection<WebhookEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var accounts = events.Select(e => e.SupportAccountId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => accounts.Contains(e.SupportAccountId))
            .Select(e => new { e.Id, e.SupportAccountId, e.Events })
            .ToListAsync(cancellationToken);
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var supportIds = await db.SupportAccounts.Where(a => accounts.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.SupportId, cancellationToken);
        var added = 0;
        foreach (var e in events)
        {
            string? data = null;
            foreach (var endpoint in endpoints.Where(x => x.SupportAccountId == e.SupportAccountId && (x.Events & e.Type) == e.Type))
            {
                data ??= DataOf(e, supportIds[e.SupportAccountId]);
                db.WebhookDeliveries.Add(new WebhookDelivery(endpoint.Id, WebhookEventNames.Of(e.Type), LaneOf(e.Type), data, e.Device?.Id, now));
                added++;
            }
        }

        return added;
    }

    public static string DataOf(WebhookEvent e, string supportId) =>
        JsonSerializer.Serialize(new WebhookData(supportId, e.Device, e.At, e.Failure, e.Maintenance, e.MissedDueOn, e.Reason, e.OpeningPossibleFrom), Json);

    public static MailLane LaneOf(WebhookEvents type) => WebhookEventNames.IsAlert(type) ? MailLane.Alert : MailLane.Bulk;
}
