namespace Portal.Web.Auth;

/// <summary>
/// A staff member's reason for looking at customers' devices, asked once per session (a circuit, which is
/// what this scoped service lives for) and recorded with every device opened.
/// </summary>
public sealed class StaffSession
{
    private readonly HashSet<Guid> _recorded = [];

    public string? Reason { get; set; }

    /// <summary>Whether this session's access to the device is already recorded (then it is not recorded again).</summary>
    public bool IsRecorded(Guid deviceId) => _recorded.Contains(deviceId);

    /// <summary>Called once the access is recorded, never before: a failed record must be tried again next time.</summary>
    public void MarkRecorded(Guid deviceId) => _recorded.Add(deviceId);
}
