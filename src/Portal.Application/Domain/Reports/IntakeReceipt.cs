namespace Portal.Application.Domain.Reports;

/// <summary>
/// Every report the intake accepted, keyed by sender and the sender's report id: a resent report gets the
/// first answer again and nothing is stored twice. Written in the same transaction as the report.
/// </summary>
public sealed class IntakeReceipt
{
    private IntakeReceipt() => SenderKey = ReportId = Outcome = Response = string.Empty;

    public IntakeReceipt(string senderKey, string reportId, DateTimeOffset receivedAt, string outcome, string response, Guid? deviceId)
    {
        SenderKey = senderKey;
        ReportId = reportId;
        ReceivedAt = receivedAt;
        Outcome = outcome;
        Response = response;
        DeviceId = deviceId;
    }

    public long Id { get; private set; }

    /// <summary>Which gateway sent it (derived from its intake token, never the token itself).</summary>
    public string SenderKey { get; private set; }

    public string ReportId { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public string Outcome { get; private set; }

    /// <summary>The answer given the first time, as JSON.</summary>
    public string Response { get; private set; }

    public Guid? DeviceId { get; private set; }
}
