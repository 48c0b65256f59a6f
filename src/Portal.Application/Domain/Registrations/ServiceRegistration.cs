using Portal.Application.Common;

namespace Portal.Application.Domain.Registrations;

/// <summary>
/// The report service for one device, as a state machine:
/// not applied → applied → accepted (key issued) → opened → ended → applied again. An application can be withdrawn
/// while it waits; an opened device can be applied for again (a new key, the service staying open) and its end
/// requested, which the agent's end report or staff complete. Every illegal transition returns an error; nothing is
/// silently ignored.
/// </summary>
public sealed class ServiceRegistration : VersionedAggregate
{
    public const int MaxContacts = 2;

    /// <summary>This many wrong keys (code or key file) for one device within <see cref="WrongKeyWindow"/> lock its opening until a new key is issued.</summary>
    public const int MaxWrongKeys = 5;

    public static readonly TimeSpan WrongKeyWindow = TimeSpan.FromHours(24);

    /// <summary>Between application and end: the centre works from these contacts (and would call them), so only then is a stale or bounced one worth a warning.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<ServiceRegistration, bool>> ContactsInUse = r =>
        r.Status == ServiceStatus.Applied || r.Status == ServiceStatus.Accepted || r.Status == ServiceStatus.Opened;

    private static readonly Func<ServiceRegistration, bool> ContactsInUseNow = ContactsInUse.Compile();

    public bool UsesContacts => ContactsInUseNow(this);

    /// <summary>The longest free-text reason a customer or staff member gives.</summary>
    public const int MaxReasonLength = 1000;

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

    /// <summary>How the key in force opens: taken from the device's contract when the key was issued.</summary>
    public OpeningMethod? KeyMethod { get; private set; }
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
    /// While overdue, the latest expected day whose report is missing: the day this period's notice names (the scan
    /// moves <see cref="NextPeriodicDueOn"/> past it). The same as <see cref="PeriodicOverdueSince"/> in the first
    /// missed period, later than it after that.
    /// </summary>
    public DateOnly? LatestMissedPeriodicDueOn =>
        PeriodicOverdueSince is { } since && PeriodicAnchorDay is { } anchor && NextPeriodicDueOn is { } next
            ? PeriodicSchedule.LastOnOrBefore(anchor, next.AddDays(-1)) is var latest && latest > since ? latest : since
            : null;

    /// <summary>
    /// The missed expected day whose "not received" notice is still to be written to the contacts; set by the
    /// overdue scan, cleared by <see cref="TakePeriodicOverdueNotice"/>.
    /// </summary>
    public DateOnly? PeriodicNoticeFor { get; private set; }

    public DateTimeOffset? LastPeriodicReportAt { get; private set; }

    /// <summary>When the contacts were last alerted of a failure (mailed, call task opened).</summary>
    public DateTimeOffset? LastAlertAt { get; private set; }

    /// <summary>Wrong keys (code or key file) sent since <see cref="WrongKeysSince"/> (the first of the current 24 hours).</summary>
    public int WrongKeyCount { get; private set; }

    public DateTimeOffset? WrongKeysSince { get; private set; }

    /// <summary>Set by the fifth wrong key within 24 hours: no opening report is accepted until a new key is issued.</summary>
    public DateTimeOffset? OpeningLockedAt { get; private set; }

    public bool IsOpeningLocked => OpeningLockedAt is not null;

    /// <summary>Why staff rejected the last application; shown to the customer.</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>Set while an opened device's new application waits for acceptance; the old key works until then.</summary>
    public ReapplicationReason? PendingReapplication { get; private set; }

    /// <summary>The applicant's words for a re-application (required for <see cref="ReapplicationReason.Other"/>).</summary>
    public string? ReapplicationNote { get; private set; }

    /// <summary>An administrator or deputy asked to end the service; the agent's end report (or staff) ends it (FAQ Q3-7).</summary>
    public DateTimeOffset? EndRequestedAt { get; private set; }

    public Guid? EndRequestedByUserId { get; private set; }

    public bool IsEndRequested => EndRequestedAt is not null;

    /// <summary>An application (a first one, or an opened device's re-application) waits for staff.</summary>
    public bool IsAwaitingAcceptance => Status == ServiceStatus.Applied || PendingReapplication is not null;

    public IReadOnlyList<RegistrationContact> Contacts => _contacts;
    public IReadOnlyList<RegistrationStatusChange> History => _history;

    /// <summary>Issuance + one hour (FAQ Q1-17); null until a key code is issued.</summary>
    public DateTimeOffset? OpeningPossibleFrom => KeyIssuedAt + Registrations.KeyCode.ActivationDelay;

    /// <summary>The key works: it was issued at least the activation delay ago (FAQ Q1-17).</summary>
    public static readonly Rule<ServiceRegistration, DateTimeOffset> OpeningPossible = new((r, now) => r.KeyIssuedAt != null && r.KeyIssuedAt <= now - Registrations.KeyCode.ActivationDelay);

    public bool IsOpeningPossible(DateTimeOffset now) => OpeningPossible.IsSatisfiedBy(this, now);

    /// <summary>A key is in force from acceptance, and kept once opened for re-opening after an OS reinstall (FAQ Q4-1).</summary>
    public bool HoldsKey => Status is (ServiceStatus.Accepted or ServiceStatus.Opened) && KeyCode is not null;

    /// <summary>
    /// Whether <paramref name="sent"/> is this registration's key code: the secret that proves a sender may open this
    /// device, found by its model and serial number. Compared in fixed time.
    /// </summary>
    public bool KeyMatches(string? sent) =>
        HoldsKey
        && KeyCode is { } key
        && sent is not null
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(key), System.Text.Encoding.ASCII.GetBytes(sent));

    /// <summary>
    /// Whether an opening report proves its sender may open this device (found by model and serial number), by the
    /// method of the key in force: the key code, or a genuine key file of this device holding the current key
    /// (a re-issue makes the old file as useless as the old code).
    /// </summary>
    public bool ProvesOpeningKey(string? keyCode, SentKeyFile? keyFile, string modelNumber, string serialNumber)
    {
        if (KeyMethod != OpeningMethod.KeyFile)
        {
            return KeyMatches(keyCode);
        }

        return keyFile is { Genuine: true, File: var file }
            && string.Equals(file.ModelNumber, modelNumber, StringComparison.OrdinalIgnoreCase)
            && string.Equals(file.SerialNumber, serialNumber, StringComparison.OrdinalIgnoreCase)
            && KeyMatches(file.KeyCode)
            && KeyIssuedAt is { } issuedAt
            && Math.Abs((file.IssuedAt - issuedAt).TotalMilliseconds) < 1;
    }

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

        Changed();
        return Result<bool>.Ok(IsOpeningLocked);
    }

    /// <summary>
    /// The statuses from which a device may be applied for: never applied for, sent back, withdrawn, or its
    /// service ended (a new service). Queries filter on this list too; a device without a registration is not applied.
    /// </summary>
    public static readonly ServiceStatus[] ApplicableStatuses = [ServiceStatus.NotApplied, ServiceStatus.Ended];

    /// <summary>申込: from one of <see cref="ApplicableStatuses"/>.</summary>
    public Result Apply(Guid applicantUserId, IReadOnlyList<ContactChoice> contacts, DateTimeOffset now)
    {
        if (!ApplicableStatuses.Contains(Status))
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        var contactCheck = CheckContacts(contacts);
        if (!contactCheck.IsOk)
        {
            return contactCheck;
        }

        if (Status == ServiceStatus.Ended)
        {
            // A new service: its own key, its own first opening and so its own periodic day (FAQ Q3-14).
            ForgetService();
        }

        ReplaceContacts(contacts, now);
        AppliedAt = now;
        AppliedByUserId = applicantUserId;
        RejectionReason = null;
        MoveTo(ServiceStatus.Applied, now, applicantUserId, step: null, note: null);
        return Result.Ok();
    }

    /// <summary>
    /// 受付: issues the key, by the method of the device's contract now. For a first application the status becomes
    /// accepted; for an opened device's re-application the service stays open and the new key replaces the old one.
    /// </summary>
    public Result Accept(KeyCode keyCode, OpeningMethod method, Guid? actorUserId, DateTimeOffset now)
    {
        if (Status == ServiceStatus.Applied)
        {
            IssueKey(keyCode, method, now);
            MoveTo(ServiceStatus.Accepted, now, actorUserId, step: null, note: null);
            return Result.Ok();
        }

        if (PendingReapplication is null)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        IssueKey(keyCode, method, now);
        PendingReapplication = null;
        ReapplicationNote = null;
        Step(RegistrationStep.ReapplicationAccepted, now, actorUserId, note: null);
        return Result.Ok();
    }

    /// <summary>Staff send an application back with a reason shown to the customer; a re-application leaves the service as it was.</summary>
    public Result Reject(string reason, Guid actorUserId, DateTimeOffset now)
    {
        if (!IsAwaitingAcceptance)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        if (CheckReason(reason, nameof(RejectionReason)) is { IsOk: false } invalid)
        {
            return invalid;
        }

        RejectionReason = reason.Trim();
        if (Status == ServiceStatus.Applied)
        {
            MoveTo(ServiceStatus.NotApplied, now, actorUserId, RegistrationStep.Rejected, RejectionReason);
        }
        else
        {
            PendingReapplication = null;
            ReapplicationNote = null;
            Step(RegistrationStep.ReapplicationRejected, now, actorUserId, RejectionReason);
        }

        return Result.Ok();
    }

    /// <summary>取り下げ: the applicant, an administrator or a deputy takes back an application staff have not decided yet.</summary>
    public Result Withdraw(Guid actorUserId, DateTimeOffset now)
    {
        if (Status == ServiceStatus.Applied)
        {
            MoveTo(ServiceStatus.NotApplied, now, actorUserId, RegistrationStep.Withdrawn, note: null);
            return Result.Ok();
        }

        if (PendingReapplication is null)
        {
            return Result.Conflict(ErrorCodes.NothingToWithdraw);
        }

        PendingReapplication = null;
        ReapplicationNote = null;
        Step(RegistrationStep.ReapplicationWithdrawn, now, actorUserId, note: null);
        return Result.Ok();
    }

    /// <summary>
    /// 再申込み of an opened device (FAQ Q4-1, Q4-3, Q4-8, Q4-11): the service stays open, the old key works until staff
    /// issue the new one. A move needs a new key only with the key-file method (with the key code a site change is
    /// enough); a contract change needs one only when the new contract opens by the other method.
    /// </summary>
    public Result Reapply(Guid applicantUserId, ReapplicationReason reason, string? note, OpeningMethod methodNow, DateTimeOffset now)
    {
        if (ReapplyRefusal() is { } refused)
        {
            return Result.Conflict(refused);
        }

        if (ReapplyRefusal(reason, methodNow) is { } wrongReason)
        {
            return Result.Invalid(wrongReason, nameof(PendingReapplication));
        }

        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (reason == ReapplicationReason.Other && CheckReason(text, nameof(ReapplicationNote)) is { IsOk: false } invalid)
        {
            return invalid;
        }

        if (text is { Length: > MaxReasonLength })
        {
            return Result.Invalid(ErrorCodes.TooLong, nameof(ReapplicationNote));
        }

        PendingReapplication = reason;
        ReapplicationNote = text;
        AppliedAt = now;
        AppliedByUserId = applicantUserId;
        RejectionReason = null;
        Step(RegistrationStep.Reapplied, now, applicantUserId, text);
        return Result.Ok();
    }

    /// <summary>Why the device cannot be applied for again now, whatever the reason; null when it can.</summary>
    public string? ReapplyRefusal() =>
        Status != ServiceStatus.Opened ? ErrorCodes.ReapplyNeedsOpenedService
        : PendingReapplication is not null ? ErrorCodes.AlreadyApplied
        : IsEndRequested ? ErrorCodes.EndRequested
        : null;

    /// <summary>Why this reason does not call for a new key on this device (the contract now opening by <paramref name="methodNow"/>); null when it does.</summary>
    public string? ReapplyRefusal(ReapplicationReason reason, OpeningMethod methodNow) => reason switch
    {
        _ when !Enum.IsDefined(reason) => ErrorCodes.ReasonRequired,
        ReapplicationReason.Moved when KeyMethod != OpeningMethod.KeyFile => ErrorCodes.MoveNeedsOnlySiteChange,
        ReapplicationReason.ContractChanged when methodNow == KeyMethod => ErrorCodes.ContractNeedsNoNewKey,
        _ => null,
    };

    /// <summary>
    /// サービスの終了: asked by an administrator or deputy. Until the agent's end report arrives reports are handled as
    /// before, because an agent still running keeps sending them (FAQ Q3-7).
    /// </summary>
    public Result RequestEnd(Guid actorUserId, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened)
        {
            return Result.Conflict(ErrorCodes.EndNeedsOpenedService);
        }

        if (IsEndRequested)
        {
            return Result.Conflict(ErrorCodes.EndRequested);
        }

        if (PendingReapplication is not null)
        {
            return Result.Conflict(ErrorCodes.EndWhileReapplying);
        }

        EndRequestedAt = now;
        EndRequestedByUserId = actorUserId;
        Step(RegistrationStep.EndRequested, now, actorUserId, note: null);
        return Result.Ok();
    }

    /// <summary>The end was asked by mistake: the service simply continues.</summary>
    public Result CancelEndRequest(Guid actorUserId, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened || !IsEndRequested)
        {
            return Result.Conflict(ErrorCodes.NoEndRequested);
        }

        EndRequestedAt = null;
        EndRequestedByUserId = null;
        Step(RegistrationStep.EndRequestCancelled, now, actorUserId, note: null);
        return Result.Ok();
    }

    /// <summary>Staff end a service whose end was asked, with a reason, when no end report will come (e.g. the server was scrapped).</summary>
    public Result ConfirmEnd(string reason, Guid staffUserId, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened || !IsEndRequested)
        {
            return Result.Conflict(ErrorCodes.NoEndRequested);
        }

        if (CheckReason(reason, nameof(EndRequestedAt)) is { IsOk: false } invalid)
        {
            return invalid;
        }

        Finish(now);
        MoveTo(ServiceStatus.Ended, now, staffUserId, RegistrationStep.EndConfirmed, reason.Trim());
        return Result.Ok();
    }

    /// <summary>
    /// A new key code replaces the old one, which stops working; the one-hour rule restarts and a lock after wrong
    /// keys is lifted. Any key in force can be re-issued, an opened device's too (e.g. after its opening was locked).
    /// </summary>
    public Result ReissueKey(KeyCode keyCode, OpeningMethod method, Guid actorUserId, DateTimeOffset now)
    {
        if (!HoldsKey)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        IssueKey(keyCode, method, now);
        Step(RegistrationStep.KeyReissued, now, actorUserId, note: null);
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
        MoveTo(ServiceStatus.Opened, now, actorUserId: null, step: null, note: null);
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
        Changed();
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
        Changed();
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
        Changed();
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
        Changed();
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
        Changed();
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
        Changed();
        return Result.Ok();
    }

    /// <summary>The agent's end report: the service ends, asked for in the portal or not (FAQ Q3-7).</summary>
    public Result End(Guid? actorUserId, DateTimeOffset now)
    {
        if (Status != ServiceStatus.Opened)
        {
            return Result.Conflict(ErrorCodes.InvalidTransition);
        }

        Finish(now);
        MoveTo(ServiceStatus.Ended, now, actorUserId, step: null, note: null);
        return Result.Ok();
    }

    private void Finish(DateTimeOffset now)
    {
        EndedAt = now;
        EndRequestedAt = null;
        EndRequestedByUserId = null;
        PendingReapplication = null;
        ReapplicationNote = null;
    }

    /// <summary>What belonged to an ended service; the timeline keeps its story.</summary>
    private void ForgetService()
    {
        KeyCode = null;
        KeyIssuedAt = null;
        KeyMethod = null;
        OpenedAt = null;
        FirstOpenedAt = null;
        PeriodicAnchorDay = null;
        NextPeriodicDueOn = null;
        PeriodicOverdueSince = null;
        PeriodicNoticeFor = null;
        LastPeriodicReportAt = null;
        LastAlertAt = null;
        ForgetWrongKeys();
    }

    private static Result? CheckReason(string? reason, string field) =>
        string.IsNullOrWhiteSpace(reason) ? Result.Invalid(ErrorCodes.ReasonRequired, field)
        : reason.Trim().Length > MaxReasonLength ? Result.Invalid(ErrorCodes.TooLong, field)
        : null;

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

    private void IssueKey(KeyCode keyCode, OpeningMethod method, DateTimeOffset now)
    {
        KeyCode = keyCode.Value;
        KeyIssuedAt = now;
        KeyMethod = method;
        ForgetWrongKeys();
    }

    private void ForgetWrongKeys()
    {
        WrongKeyCount = 0;
        WrongKeysSince = null;
        OpeningLockedAt = null;
    }

    private void MoveTo(ServiceStatus to, DateTimeOffset now, Guid? actorUserId, RegistrationStep? step, string? note)
    {
        _history.Add(new RegistrationStatusChange(Status, to, now, actorUserId, step, note));
        Status = to;
        Changed();
    }

    /// <summary>A step that keeps the status (a re-issue, a re-application, an end request).</summary>
    private void Step(RegistrationStep step, DateTimeOffset now, Guid? actorUserId, string? note) => MoveTo(Status, now, actorUserId, step, note);
}
