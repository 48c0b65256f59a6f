namespace Portal.Application.Domain.Registrations;

/// <summary>お申し込み状況 (FAQ Q1-12), plus the end of service (Q3-7).</summary>
public enum ServiceStatus
{
    NotApplied = 0,
    Applied = 1,
    Accepted = 2,
    Opened = 3,
    Ended = 4,
}
