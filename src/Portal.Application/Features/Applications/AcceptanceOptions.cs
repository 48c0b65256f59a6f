namespace Portal.Application.Features.Applications;

/// <summary>Configuration section "Applications".</summary>
public sealed class AcceptanceOptions
{
    public const string Section = "Applications";

    /// <summary>Accept eligible applications at once, without a staff member working the queue.</summary>
    public bool AutoAccept { get; set; }
}
