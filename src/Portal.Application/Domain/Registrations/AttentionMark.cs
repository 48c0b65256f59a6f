using Portal.Application.Common;
using Portal.Application.Domain.Maintenance;

namespace Portal.Application.Domain.Registrations;

/// <summary>What about a device needs a look, besides its heartbeat; a list shows each as a mark and filters on it.</summary>
public enum AttentionMark
{
    /// <summary>Accepted, and the key works now: the device can open.</summary>
    KeyReady = 1,

    /// <summary>Accepted, and the key works from an hour after its issuance.</summary>
    KeyNotYetUsable = 2,

    /// <summary>Five wrong keys: opening refused until a new key is issued.</summary>
    OpeningLocked = 3,

    /// <summary>A maintenance window covers this moment: failures are recorded, not acted on.</summary>
    MaintenanceNow = 4,

    /// <summary>The contract's last day is within <see cref="Devices.Contract.ExpiringWithinDays"/> days.</summary>
    ContractExpiring = 5,

    /// <summary>The contract's last day has passed.</summary>
    ContractExpired = 6,

    /// <summary>While the centre uses them, a contact's copy differs from the person's profile, or the person left the support ID.</summary>
    ContactsStale = 7,

    /// <summary>While the centre uses them, the last mail about the device to a contact could not be delivered, and none has been since.</summary>
    ContactsBounced = 8,
}

/// <summary>A mark on a row, with the moment or the day it is about when it has one: when a key becomes usable, when a contract ends.</summary>
public sealed record Attention(AttentionMark Mark, DateTimeOffset? At = null, DateOnly? On = null);

/// <summary>
/// Each registration mark as one rule over the registration, which a page applies to the rows it shows and a list's
/// filter applies in the database. The maintenance mark is <see cref="MaintenanceWindow.Covering"/>, the intake's own rule.
/// </summary>
public static class AttentionRules
{
    private static readonly Rule<ServiceRegistration, DateTimeOffset> Accepted = new((r, now) => r.Status == ServiceStatus.Accepted);

    private static readonly Rule<ServiceRegistration, DateTimeOffset> Locked = new((r, now) => r.OpeningLockedAt != null);

    public static readonly Rule<ServiceRegistration, DateTimeOffset> KeyReady = Accepted.And(ServiceRegistration.OpeningPossible).And(Locked.Not());

    public static readonly Rule<ServiceRegistration, DateTimeOffset> KeyNotYetUsable =
        Accepted.And(new Rule<ServiceRegistration, DateTimeOffset>((r, now) => r.KeyIssuedAt != null)).And(ServiceRegistration.OpeningPossible.Not());

    public static readonly Rule<ServiceRegistration, DateTimeOffset> OpeningLocked =
        Locked.And(new Rule<ServiceRegistration, DateTimeOffset>((r, now) => r.Status == ServiceStatus.Accepted || r.Status == ServiceStatus.Opened));

    /// <summary>The marks decided by the registration alone, in the order a row shows them.</summary>
    public static readonly IReadOnlyList<(AttentionMark Mark, Rule<ServiceRegistration, DateTimeOffset> Rule)> OfRegistration =
    [
        (AttentionMark.OpeningLocked, OpeningLocked),
        (AttentionMark.KeyReady, KeyReady),
        (AttentionMark.KeyNotYetUsable, KeyNotYetUsable),
    ];
}
