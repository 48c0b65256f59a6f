using Portal.Application.Common;

namespace Portal.Application.Domain.Registrations;

/// <summary>
/// The report service for one device, as a state machine:
/// not applied → applied → accepted (key code issued) → opened → ended.
/// Every illegal transition returns an error; nothing is silently ignored.
/// </summary>
public sealed class ServiceRegistration
{
    public const int MaxContacts = 2;

    /// <summary>This many wrong key codes for one device within <see cref="WrongKeyWindow"/> lock its opening until a new key is issued.</summary>
    public const int MaxWrongKeys = 5;

    public static readonly TimeSpan WrongKeyWindow = TimeSpan.FromHours(24);

    /// <summary>Between application and end: the centre works from these contacts (and would call them).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<ServiceRegistration, bool>> ContactsInUse = r =>
        r.Status == ServiceStatus.Applied || r.Status == ServiceStatus.Accepted || r.Status == ServiceStatus.Opened;

    /// <summary>Timeline note of a key re-issue (the status stays as it was).</summary>
    public const string KeyReissuedNote = "key-reissued";

    private readonly List<RegistrationContact> _contacts = [];
    private readonly List<RegistrationStatusChange> _history = [];

    private ServiceRegistration()
    {
    }

    public ServiceRegistration(Guid id, Guid deviceId)
    {
        Id = id;
        DeviceId = deviceId;
        Status = ServiceStatus.NotApplied;
    }

    public Guid Id { get; private set; }
    public Guid DeviceId { get; private set; }
    public ServiceStatus Status { get; private set; }
    public DateTimeOffset? AppliedAt { get; private set; }
    public Guid? AppliedByUserId { get; private set; }
    public string? KeyCode { get; private set; }
    public DateTimeOffset? KeyIssuedAt { get; private set; }
    public DateTimeOffset? OpenedAt { get; private set; }

    /// <summary>The periodic report is due monthly on this day of month (FAQ Q3-14).</summary>
    public DateTimeOffset? FirstOpenedAt { get; private set; }

    /// <summary>
    /// The day of month (Japan) of <see cref="FirstOpenedAt"/>, stored so that the overdue scan can select and
    /// move every device with the same schedule in one statement.
    /// </summary>
    public int? PeriodicAnchorDay { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The day (Japan) the next periodic report is expected; null until opened.</summary>
    public DateOnly? NextPeriodicDueOn { get; private set; }

    /// <summary>The first expected day whose periodic report is missing; null while reports arrive (FAQ Q1-10).</summary>
    public DateOnly? PeriodicOverdueSince { get; private set; }

    /// <summary>
    /// The missed expected day whose "not received" notice is still to be written to the contacts; set by the
    /// overdue scan, cleared by <see cref="TakePeriodicOverdueNotice"/>.
    /// </summary>
    public DateOnly? PeriodicNoticeFor { get; private set; }

    public DateTimeOffset? LastPeriodicReportAt { get; private set; }

    /// <summary>When the contacts were last alerted of a failure (mailed, call task opened).</summary>
    public DateTimeOffset? LastAlertAt { get; private set; }

    /// <summary>Wrong key codes sent since <see cref="WrongKeysSince"/> (the first of the current 24 hours).</summary>
    public int WrongKeyCount { get; private set; }

    public DateTimeOffset? WrongKeysSince { get; private set; }

    /// <summary>Set by the fifth wrong key within 24 hours: no opening report is accepted until a new key is issued.</summary>
    public DateTimeOffset? OpeningLockedAt { get; private set; }

    public bool IsOpeningLocked => OpeningLockedAt is not null;

    /// <summary>Why staff rejected the last application; shown to the customer.</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>
    /// Bumped by every change and checked on save, so two concurrent changes (two tabs, a double click)
    /// cannot both succeed: the second one fails instead of applying twice.
    /// </summary>
    public int Version { get; private set; }

    public IReadOnlyList<RegistrationContact> Contacts => _contacts;
    public IReadOnlyList<RegistrationStatusChange> History => _history;

    /// <summary>Issuance + one hour (FAQ Q1-17); null until a key code is issued.</summary>
    public DateTimeOffset? OpeningPossibleFrom => KeyIssuedAt + Registrations.KeyCode.ActivationDelay;

    public bool IsOpeningPossible(DateTimeOffset now) => OpeningPossibleFrom is { } from && now >= from;

    /// <summary>A key is in force from acceptance, and kept once opened for re-opening after an OS reinstall (FAQ Q4-1).</summary>
    public bool HoldsKey => Status is (ServiceStatus.Accepted or ServiceStatus.Opened) && KeyCode is not null;

    /// <summary>
    /// Whether <paramref name="sent"/> is this registration's key: the secret that proves a sender may open this
    /// device, found by its model and serial number. Compared in fixed time.
    /// </summary>
    public bool KeyMatches(string? sent) =>
        HoldsKey
        && KeyCode is { } key
        && sent is not null
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(key), System.Text.Encoding.ASCII.GetBytes(sent));

    /// <summary>
    /// An opening report with a wrong key arrived for this device. The fifth within 24 hours (counted from the first
    /// of them) locks opening until a key is issued again, so a guesser gets five tries a device, not 100,000.
    /// Returns whether the device is locked now.
    /// </summary>
    public Result<bool> RecordWrongKey(DateTimeOffset now)
    {
        if (!HoldsKey)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition).As<bool>();
        }

        if (IsOpeningLocked)
        {
            return Result.Conflict(ErrorCodes.OpeningLocked).As<bool>();
        }

        if (WrongKeysSince is not { } since || now - since >= WrongKeyWindow)
        {
            WrongKeysSince = now;
            WrongKeyCount = 0;
        }

        WrongKeyCount++;
        if (WrongKeyCount >= MaxWrongKeys)
        {
            OpeningLockedAt = now;
        }

        Version++;
        return Result<bool>.Ok(IsOpeningLocked);
    }

    public Result Apply(Guid applicantUserId, IReadOnlyList<ContactChoice> contacts, DateTimeOffset now)
    {
        if (Status != ServiceStatus.NotApplied)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        var contactCheck = CheckContacts(contacts);
        if (!contactCheck.IsOk)
        {
            return contactCheck;
        }

        ReplaceContacts(contacts, now);
        AppliedAt = now;
        AppliedByUserId = applicantUserId;
        RejectionReason = null;
        MoveTo(ServiceStatus.Applied, now, applicantUserId, note: null);
        return Result.Ok();
    }

    public Result Accept(KeyCode keyCode, Guid? actorUserId, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Applied)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        IssueKey(keyCode, now);
        MoveTo(ServiceStatus.Accepted, now, actorUserId, note: null);
        return Result.Ok();
    }

    public Result Reject(string reason, Guid actorUserId, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Applied)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Result.Invalid(ErrorCodes.ReasonRequired, nameof(RejectionReason));
        }

        RejectionReason = reason.Trim();
        MoveTo(ServiceStatus.NotApplied, now, actorUserId, RejectionReason);
        return Result.Ok();
    }

    /// <summary>
    /// A new key code replaces the old one, which stops working; the one-hour rule restarts and a lock after wrong
    /// keys is lifted. Any key in force can be re-issued, an opened device's too (e.g. after its opening was locked).
    /// </summary>
    public Result ReissueKey(KeyCode keyCode, Guid actorUserId, DateTimeOffset now)
    {
        if (!HoldsKey)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        IssueKey(keyCode, now);
        _history.Add(new RegistrationStatusChange(Status, Status, now, actorUserId, KeyReissuedNote));
        Version++;
        return Result.Ok();
    }

    /// <summary>The centre received a matching opening report at least one hour after issuance.</summary>
    public Result Open(DateTimeOffset now)
    {
        if (Status != ServiceStatus.Accepted)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        if (IsOpeningLocked)
        {
            return Result.Conflict(ErrorCodes.OpeningLocked);
        }

        if (!IsOpeningPossible(now))
        {
            return Result.Conflict(ErrorCodes.OpeningTooEarly);
        }

        ForgetWrongKeys();
        OpenedAt = now;
        FirstOpenedAt ??= now;
        PeriodicAnchorDay ??= JapanDate(now).Day;
        NextPeriodicDueOn ??= PeriodicSchedule.NextAfter(PeriodicAnchorDay.Value, JapanDate(now));
        MoveTo(ServiceStatus.Opened, now, actorUserId: null, note: null);
        return Result.Ok();
    }

    /// <summary>
    /// A matching opening report from a device already open, e.g. after an OS reinstall (FAQ Q4-1, Q4-9):
    /// the service stays open; the periodic schedule keeps the first opening's day.
    /// </summary>
    public Result Reopen(DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        if (IsOpeningLocked)
        {
            return Result.Conflict(ErrorCodes.OpeningLocked);
        }

        ForgetWrongKeys();
        OpenedAt = now;
        Version++;
        return Result.Ok();
    }

    /// <summary>
    /// The contacts are being alerted of a failure. Recording it changes the row's version, so two reports of
    /// one event arriving together cannot both alert: the second save fails and is judged again (suppressed).
    /// </summary>
    public Result RecordAlert(DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        LastAlertAt = now;
        Version++;
        return Result.Ok();
    }

    /// <summary>A periodic report arrived: it is no longer overdue, and the next one is due next period.</summary>
    public Result RecordPeriodicReport(DateTimeOffset receivedAt)
    {
        if (Status != ServiceStatus.Opened)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        LastPeriodicReportAt = receivedAt;
        PeriodicOverdueSince = null;

        // A notice the scan queued but nobody has sent yet would now say "not received" of a device that reports.
        PeriodicNoticeFor = null;
        NextPeriodicDueOn = PeriodicSchedule.NextAfter(PeriodicAnchorDay!.Value, JapanDate(receivedAt));
        Version++;
        return Result.Ok();
    }

    /// <summary>
    /// The overdue scan marked this device (set-based, see <c>ScanOverduePeriodicReportsHandler</c>) and its
    /// notice is being written: clears the mark. Returns the missed expected day the notice names, or null when
    /// there is nothing to tell any more (the service has ended since; a report that arrived cleared the mark).
    /// </summary>
    public DateOnly? TakePeriodicOverdueNotice()
    {
        if (PeriodicNoticeFor is not { } missed)
        {
            return null;
        }

        PeriodicNoticeFor = null;
        Version++;
        return Status == ServiceStatus.Opened ? missed : null;
    }

    private static DateOnly JapanDate(DateTimeOffset instant) => DateOnly.FromDateTime(JapanTime.ToJapan(instant).DateTime);

    /// <summary>連絡先の変更: only once the service is open (FAQ Q1-18); the details are copied anew.</summary>
    public Result ChangeContacts(IReadOnlyList<ContactChoice> contacts, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened)
        {
            return Result.Conflict(ErrorCodes.ContactsChangeNeedsOpenedService);
        }

        var contactCheck = CheckContacts(contacts);
        if (!contactCheck.IsOk)
        {
            return contactCheck;
        }

        ReplaceContacts(contacts, now);
        Version++;
        return Result.Ok();
    }

    /// <summary>
    /// Copies the current details of the person already chosen as contact <paramref name="priority"/>,
    /// keeping their reachable hours: the one-click answer to "details changed since chosen".
    /// </summary>
    public Result RefreshContact(int priority, ContactChoice current, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened)
        {
            return Result.Conflict(ErrorCodes.ContactsChangeNeedsOpenedService);
        }

        var contact = _contacts.SingleOrDefault(c => c.Priority == priority);
        if (contact is null || contact.UserId != current.UserId)
        {
            return Result.NotFound();
        }

        contact.Assign(current with { ReachableHours = contact.ReachableHours }, now);
        Version++;
        return Result.Ok();
    }

    public Result End(Guid? actorUserId, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        EndedAt = now;
        MoveTo(ServiceStatus.Ended, now, actorUserId, note: null);
        return Result.Ok();
    }

    private static Result CheckContacts(IReadOnlyList<ContactChoice> contacts)
    {
        if (contacts.Count == 0)
        {
            return Result.Invalid(ErrorCodes.ContactRequired, "Contact1");
        }

        if (contacts.Count > MaxContacts)
        {
            return Result.Invalid(ErrorCodes.TooManyContacts, "Contact2");
        }

        return contacts.Select(c => c.UserId).Distinct().Count() == contacts.Count
            ? Result.Ok()
            : Result.Invalid(ErrorCodes.DuplicateContact, "Contact2");
    }

    private void ReplaceContacts(IReadOnlyList<ContactChoice> contacts, DateTimeOffset now)
    {
        // Rows are reused per priority rather than deleted and re-inserted, which would trip the unique
        // (registration, priority) index within one save.
        for (var i = 0; i < contacts.Count; i++)
        {
            var priority = i + 1;
            if (_contacts.SingleOrDefault(c => c.Priority == priority) is { } existing)
            {
                existing.Assign(contacts[i], now);
            }
            else
            {
                _contacts.Add(new RegistrationContact(priority, contacts[i], now));
            }
        }

        _contacts.RemoveAll(c => c.Priority > contacts.Count);
    }

    private void IssueKey(KeyCode keyCode, DateTimeOffset now)
    {
        KeyCode = keyCode.Value;
        KeyIssuedAt = now;
        ForgetWrongKeys();
    }

    private void ForgetWrongKeys()
    {
        WrongKeyCount = 0;
        WrongKeysSince = null;
        OpeningLockedAt = null;
    }

    private void MoveTo(ServiceStatus to, DateTimeOffset now, Guid? actorUserId, string? note)
    {
        _history.Add(new RegistrationStatusChange(Status, to, now, actorUserId, note));
        Status = to;
        Version++;
    }
}
