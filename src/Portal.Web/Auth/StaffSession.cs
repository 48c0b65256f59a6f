namespace Portal.Web.Auth;

/// <summary>
/// A staff member's reason for looking at customers' devices, asked once per session (a circuit, which is
/// what this scoped service lives for) and recorded with every device opened.
/// </summary>
public sealed class StaffSession
{
    private readonly HashSet<Guid> _recorded = [];

    public string? Reason { get; set; }

    /// <summary>True the first time a device is opened in this session, when the access is to be recorded.</summary>
    public bool FirstViewOf(Guid deviceId) => _recorded.Add(deviceId);
}
