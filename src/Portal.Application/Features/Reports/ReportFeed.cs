namespace Portal.Application.Features.Reports;

/// <summary>
/// Tells open report-history pages that a report was stored, so it appears without reloading (the
/// vendor portal shows history about 15 minutes late, FAQ Q1-9). In-process: with several portal
/// instances, each page hears the reports its own instance received.
/// </summary>
public sealed class ReportFeed
{
    public event Action<Guid>? Received;

    public void Publish(Guid deviceId) => Received?.Invoke(deviceId);
}
