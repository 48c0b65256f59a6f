using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Webhooks;

namespace Portal.Application.Features.Intake;

/// <param name="Unit">The unit of work the caller commits (and retries): the reports, receipts and mails are added to it, not saved.</param>
/// <param name="Now">The one instant the whole batch is received at.</param>
public sealed record ReceiveReportCommand(IPortalDbContext Unit, IReadOnlyList<IntakeItem> Items, DateTimeOffset Now);

/// <summary>
/// Receives a batch of reports in one unit of work: reads the facts the rules need, lets
/// <see cref="ReportDecision"/> judge each report in turn, and adds what follows, with one read of the webhook
/// endpoints for the batch's events. The caller
/// (<see cref="IReportIntake"/>'s writer) commits the unit, so the answer is given only after the report, its
/// receipt and its e-mails (outbox) are stored together.
/// </summary>
public sealed class ReceiveReportHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Called through its instance, as every handler is; it holds no state because the unit it writes to comes with the command.")]
    public async Task<IntakeBatchResult> HandleAsync(ReceiveReportCommand command, CancellationToken cancellationToken = default)
    {
        var (db, items, now) = command;
        var batch = await IntakeBatch.LoadAsync(db, items, now, cancellationToken);
        var responses = new IntakeResponse[items.Count];
        var devices = new HashSet<Guid>();
        var webhooks = new List<WebhookEvent>();
        for (var i = 0; i < items.Count; i++)
        {
            var (senderKey, report) = items[i];
            if (batch.Receipt(senderKey, report.ReportId) is { } seen)
            {
                responses[i] = Duplicate(seen);
                continue;
            }

            var facts = batch.Facts(report, now);
            var decision = ReportDecision.Decide(facts);
            batch.Store(decision, new IntakeReceipt(senderKey, report.ReportId, now, decision.Response.Outcome, JsonSerializer.Serialize(decision.Response, Json), facts.Device?.Id));
            if (decision.History is { } history)
            {
                devices.Add(history.DeviceId);
            }

            webhooks.AddRange(decision.Webhooks ?? []);
            responses[i] = decision.Response;
        }

        await WebhookOutbox.RaiseAsync(db, webhooks, now, cancellationToken);

        return new IntakeBatchResult(responses, devices);
    }

    private static IntakeResponse Duplicate(IntakeReceipt receipt) =>
        JsonSerializer.Deserialize<IntakeResponse>(receipt.Response, Json)! with { Outcome = IntakeOutcome.Duplicate, FirstOutcome = receipt.Outcome };
}
