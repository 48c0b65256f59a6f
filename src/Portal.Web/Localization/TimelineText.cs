using Microsoft.Extensions.Localization;
using Portal.Application.Features.Devices;

namespace Portal.Web.Localization;

/// <summary>A timeline entry in words, for the export's cells (the page shows the same parts with markup).</summary>
public static class TimelineText
{
    public static string Actor(this IStringLocalizer localizer, TimelineEntry entry) => entry.Actor switch
    {
        TimelineActor.Device => localizer["Timeline.Actor.Device"],
        TimelineActor.Centre => localizer["Audit.SystemActor"],
        _ => entry.ActorName ?? localizer["Timeline.Actor.Unknown"],
    };

    /// <summary>What happened, in one line.</summary>
    public static string Summary(this IStringLocalizer localizer, TimelineEntry entry) => entry switch
    {
        { Report: { } r } => string.Join(" · ", new[] { localizer.Name(r.Type), r.Severity is { } s ? localizer.Name(s) : null, r.Category is { } c ? localizer.Name(c) : null, r.Code }.Where(x => !string.IsNullOrEmpty(x))),
        { Mail: { } m } => $"{localizer["Timeline.MailTo", m.Recipient, m.Culture]} {m.Subject}",
        { Call: { } c } => localizer.Name(c.Outcome),
        { Maintenance: { } w } => localizer[w.Started ? "Timeline.MaintenanceStarted" : "Timeline.MaintenanceEnded", w.StartsAt.JapanTimeText(), w.EndsAt.JapanTimeText()],
        { Change: { } change } => localizer.AuditAction(change.Action),
        _ => string.Empty,
    };

    /// <summary>The rest: a report's message, a window's reason, a change's fields.</summary>
    public static string Details(this IStringLocalizer localizer, TimelineEntry entry) => entry switch
    {
        { Report: { } r } => r.Message ?? string.Empty,
        { Maintenance: { } w } => w.Reason,
        { Change: { } change } => localizer.AuditDetails(change.Fields),
        _ => string.Empty,
    };

    /// <summary>What came of it: what the centre did with a report, a mail's delivery.</summary>
    public static string Result(this IStringLocalizer localizer, TimelineEntry entry) => entry switch
    {
        { Report: { } r } => localizer.Name(r.Handling),
        { Mail: { } m } => string.Join(" ", new[]
        {
            localizer.Name(m.Delivery),
            m.SentAt is { } sentAt ? sentAt.JapanTimeText() : null,
            m.Delivery is MailDelivery.Retrying or MailDelivery.Failed ? localizer["Timeline.Attempts", m.Attempts].Value : null,
            m.Error,
        }.Where(x => !string.IsNullOrEmpty(x))),
        _ => string.Empty,
    };
}
