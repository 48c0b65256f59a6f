namespace Portal.Application.Domain.Registrations;

/// <summary>Why an opened device is applied for again (FAQ Q4-1, Q4-3, Q4-8, Q4-11); each leads to a new key.</summary>
public enum ReapplicationReason
{
    /// <summary>The key code or key file was lost.</summary>
    KeyLost = 1,

    /// <summary>The device moved; only the key-file method needs a new file (with the key code a site change is enough, Q4-3).</summary>
    Moved = 2,

    /// <summary>The free warranty became a maintenance contract or support pack, which opens with a key code (Q4-11).</summary>
    ContractChanged = 3,

    /// <summary>Another reason, in the applicant's words.</summary>
    Other = 4,
}
