namespace Portal.Application.Features.Reports;

/// <summary>How far back customers see their devices' story: the report history and the device timeline alike.</summary>
public static class ReportRetention
{
    public static readonly TimeSpan Customers = TimeSpan.FromDays(365);
}
