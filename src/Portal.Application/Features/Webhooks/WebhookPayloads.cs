using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.Application.Common;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Features.Webhooks;

/// <summary>
/// Writes a delivery's body in its endpoint's format. The same delivery gives the same body on every try, so the
/// receiver's signature check and duplicate check both hold across retries.
/// <list type="bullet">
/// <item>Standard: <c>{"type", "timestamp", "data"}</c>, as the Standard Webhooks spec recommends.</item>
/// <item>Teams: a message with one Adaptive Card (1.4), as an incoming webhook or a Workflows "when a webhook
/// request is received" flow takes it.</item>
/// <item>Slack: an incoming webhook's <c>text</c> and Block Kit blocks, within Slack's documented limits.</item>
/// </list>
/// Text a device sent is shown as sent: plain text in Slack (no markup is read in it), escaped Markdown in Teams.
/// </summary>
public static partial class WebhookPayloads
{
    private static readonly ResourceManager Text = new("Portal.Application.Resources.MailText", typeof(WebhookPayloads).Assembly);

    // Slack's documented limits: header text 150 characters, a section's field 2,000 and at most 10, its text 3,000.
    public const int SlackHeaderLimit = 150;
    public const int SlackFieldLimit = 2000;
    public const int SlackFieldCount = 10;
    public const int SlackTextLimit = 3000;

    public static string Render(WebhookFormat format, string @event, string data, DateTimeOffset createdAt, string culture, Uri? portalUrl) => format switch
    {
        WebhookFormat.Teams => Teams(Message.Of(@event, data, culture, portalUrl)),
        WebhookFormat.Slack => Slack(Message.Of(@event, data, culture, portalUrl)),
        _ => Standard(@event, data, createdAt),
    };

    private static string Standard(string @event, string data, DateTimeOffset createdAt)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", @event);
            json.WriteString("timestamp", createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WritePropertyName("data");
            json.WriteRawValue(data);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Teams(Message message)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = EscapeMarkdown(message.Title), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray([.. message.Facts.Select(f => (JsonNode)new JsonObject { ["title"] = EscapeMarkdown(f.Label), ["value"] = EscapeMarkdown(f.Value) })]),
            },
        };
        if (message.Detail is { } detail)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = EscapeMarkdown(detail), ["wrap"] = true });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (message.Link is { } link)
        {
            card["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = message.LinkText, ["url"] = link.AbsoluteUri } };
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray { new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card } },
        }.ToJsonString(WebhookOutbox.Json);
    }

    private static string Slack(Message message)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = Plain(Clip(message.Title, SlackHeaderLimit)) },
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray([.. message.Facts.Take(SlackFieldCount).Select(f => (JsonNode)Plain(Clip($"{f.Label}\n{f.Value}", SlackFieldLimit)))]),
            },
        };
        if (message.Detail is { } detail)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Plain(Clip(detail, SlackTextLimit)) });
        }

        if (message.Link is { } link)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray { new JsonObject { ["type"] = "button", ["text"] = Plain(message.LinkText), ["url"] = link.AbsoluteUri } },
            });
        }

        // "text" is the notification's and the fallback's; Slack reads it as mrkdwn, so &, < and > are escaped.
        return new JsonObject { ["text"] = EscapeSlack(message.Title), ["blocks"] = blocks }.ToJsonString(WebhookOutbox.Json);
    }

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = false };

    private static string Clip(string text, int limit) => text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit - 1), "…");

    public static string EscapeSlack(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Every character Markdown could read as markup, escaped with a backslash (CommonMark).</summary>
    public static string EscapeMarkdown(string text) => MarkdownSpecial().Replace(text, @"\$0");

    [GeneratedRegex(@"[\\`*_{}\[\]()#+\-.!<>|~]")]
    private static partial Regex MarkdownSpecial();

    /// <summary>A chat message's parts in the endpoint's language: title, facts, the device's own text, and the link.</summary>
    private sealed record Message(string Title, IReadOnlyList<(string Label, string Value)> Facts, string? Detail, Uri? Link, string LinkText)
    {
        public static Message Of(string @event, string data, string cultureName, Uri? portalUrl)
        {
            var culture = CultureInfo.GetCultureInfo(SupportedCultures.IsSupported(cultureName) ? cultureName : SupportedCultures.Default);
            string T(string key) => Text.GetString(key, culture) ?? key;
            string Time(DateTimeOffset at) => JapanTime.ToJapan(at).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
            var d = JsonSerializer.Deserialize<WebhookData>(data, WebhookOutbox.Json)!;
            var facts = new List<(string, string)> { (T("Label.SupportId"), d.SupportId) };
            if (d.Device is { } device)
            {
                facts.Add((T("Label.DeviceManagementNumber"), device.ManagementNumber));
                facts.Add((T("Label.HostName"), device.HostName));
                facts.Add((T("Label.ModelNumber"), device.ModelNumber));
                facts.Add((T("Label.SerialNumber"), device.SerialNumber));
            }

            facts.Add((T("Label.At"), Time(d.At)));
            if (d.Failure is { } failure)
            {
                facts.Add((T("Label.OccurredAt"), Time(failure.OccurredAt)));
                facts.Add((T("Label.Severity"), T($"Severity.{failure.Severity}")));
                facts.Add((T("Label.EventCode"), failure.Code));
            }

            if (d.Maintenance is { } window)
            {
                facts.Add((T("Label.MaintenancePeriod"), $"{Time(window.StartsAt)} – {Time(window.EndsAt)}"));
            }

            if (d.MissedDueOn is { } missed)
            {
                facts.Add((T("Label.MissedDueOn"), missed.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
            }

            if (d.OpeningPossibleFrom is { } from)
            {
                facts.Add((T("Label.OpeningFrom"), Time(from)));
            }

            var detail = d.Failure?.Message ?? d.Reason ?? d.Maintenance?.Reason;
            var link = portalUrl is null ? null : new Uri(portalUrl, d.Device is { } linked ? $"devices/{linked.Id}" : string.Empty);
            return new Message(T($"Webhook.{@event}"), facts, string.IsNullOrWhiteSpace(detail) ? null : detail, link, T("Webhook.Open"));
        }
    }
}
