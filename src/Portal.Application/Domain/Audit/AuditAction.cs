using System.Reflection;

namespace Portal.Application.Domain.Audit;

/// <summary>
/// What an audit entry says was done: the closed list of actions the portal and the centre record. An entry stores
/// the <see cref="Name"/>; the resources label it as "Audit.Action.{Name}" in each language (the one mapping is
/// <c>Display.AuditAction</c> in the web layer, and a test holds every action here to a label in both).
/// </summary>
public readonly record struct AuditAction
{
    private AuditAction(string name) => Name = name;

    public string Name { get; }

    public static readonly AuditAction Accept = new(nameof(Accept));
    public static readonly AuditAction Apply = new(nameof(Apply));
    public static readonly AuditAction AutoAccept = new(nameof(AutoAccept));
    public static readonly AuditAction CancelMaintenance = new(nameof(CancelMaintenance));
    public static readonly AuditAction CancelMaintenanceSeries = new(nameof(CancelMaintenanceSeries));
    public static readonly AuditAction ChangeContacts = new(nameof(ChangeContacts));
    public static readonly AuditAction ChangeInstallationSite = new(nameof(ChangeInstallationSite));
    public static readonly AuditAction ChangeMaintenance = new(nameof(ChangeMaintenance));
    public static readonly AuditAction ChangePreferredCulture = new(nameof(ChangePreferredCulture));
    public static readonly AuditAction SignInSucceeded = new(nameof(SignInSucceeded));
    public static readonly AuditAction SignInFailed = new(nameof(SignInFailed));
    public static readonly AuditAction SignInLockedOut = new(nameof(SignInLockedOut));
    public static readonly AuditAction SignedOut = new(nameof(SignedOut));
    public static readonly AuditAction EndReport = new(nameof(EndReport));
    public static readonly AuditAction GrantStaffFromDirectory = new(nameof(GrantStaffFromDirectory));
    public static readonly AuditAction LinkOrganisationSignIn = new(nameof(LinkOrganisationSignIn));
    public static readonly AuditAction MaintenanceReminder = new(nameof(MaintenanceReminder));
    public static readonly AuditAction OpeningReport = new(nameof(OpeningReport));
    public static readonly AuditAction OpeningLocked = new(nameof(OpeningLocked));
    public static readonly AuditAction PeriodicOverdue = new(nameof(PeriodicOverdue));
    public static readonly AuditAction PeriodicOverdueScan = new(nameof(PeriodicOverdueScan));
    public static readonly AuditAction PeriodicReportResumed = new(nameof(PeriodicReportResumed));
    public static readonly AuditAction RecordCall = new(nameof(RecordCall));
    public static readonly AuditAction RefreshContact = new(nameof(RefreshContact));
    public static readonly AuditAction ReissueKey = new(nameof(ReissueKey));
    public static readonly AuditAction Reject = new(nameof(Reject));
    public static readonly AuditAction RevokeStaffFromDirectory = new(nameof(RevokeStaffFromDirectory));
    public static readonly AuditAction ScheduleMaintenance = new(nameof(ScheduleMaintenance));
    public static readonly AuditAction ScheduleMaintenanceSeries = new(nameof(ScheduleMaintenanceSeries));
    public static readonly AuditAction UpdateProfile = new(nameof(UpdateProfile));
    public static readonly AuditAction IssueCalendarFeed = new(nameof(IssueCalendarFeed));
    public static readonly AuditAction RevokeCalendarFeed = new(nameof(RevokeCalendarFeed));
    public static readonly AuditAction RevokeAllCalendarFeeds = new(nameof(RevokeAllCalendarFeeds));
    public static readonly AuditAction InviteMember = new(nameof(InviteMember));
    public static readonly AuditAction WithdrawInvitation = new(nameof(WithdrawInvitation));
    public static readonly AuditAction AcceptInvitation = new(nameof(AcceptInvitation));
    public static readonly AuditAction ChangeMemberRole = new(nameof(ChangeMemberRole));
    public static readonly AuditAction RemoveMember = new(nameof(RemoveMember));
    public static readonly AuditAction PasswordResetRequested = new(nameof(PasswordResetRequested));
    public static readonly AuditAction PasswordReset = new(nameof(PasswordReset));
    public static readonly AuditAction PasswordChanged = new(nameof(PasswordChanged));
    public static readonly AuditAction SignInEmailChangeRequested = new(nameof(SignInEmailChangeRequested));
    public static readonly AuditAction SignInEmailChanged = new(nameof(SignInEmailChanged));
    public static readonly AuditAction WithdrawApplication = new(nameof(WithdrawApplication));
    public static readonly AuditAction Reapply = new(nameof(Reapply));
    public static readonly AuditAction AcceptReapplication = new(nameof(AcceptReapplication));
    public static readonly AuditAction RejectReapplication = new(nameof(RejectReapplication));
    public static readonly AuditAction RequestEnd = new(nameof(RequestEnd));
    public static readonly AuditAction CancelEndRequest = new(nameof(CancelEndRequest));
    public static readonly AuditAction ConfirmEnd = new(nameof(ConfirmEnd));
    public static readonly AuditAction DownloadKeyFile = new(nameof(DownloadKeyFile));
    public static readonly AuditAction CorrectModelNumber = new(nameof(CorrectModelNumber));
    public static readonly AuditAction ChangeContract = new(nameof(ChangeContract));
    public static readonly AuditAction StaffViewed = new(nameof(StaffViewed));
    public static readonly AuditAction StaffGaveReason = new(nameof(StaffGaveReason));
    public static readonly AuditAction TokenCreated = new(nameof(TokenCreated));
    public static readonly AuditAction TokenRevoked = new(nameof(TokenRevoked));
    public static readonly AuditAction TokenUsed = new(nameof(TokenUsed));
    public static readonly AuditAction WebhookAdded = new(nameof(WebhookAdded));
    public static readonly AuditAction WebhookChanged = new(nameof(WebhookChanged));
    public static readonly AuditAction WebhookSecretRotated = new(nameof(WebhookSecretRotated));
    public static readonly AuditAction WebhookPaused = new(nameof(WebhookPaused));
    public static readonly AuditAction WebhookResumed = new(nameof(WebhookResumed));
    public static readonly AuditAction WebhookRemoved = new(nameof(WebhookRemoved));
    public static readonly AuditAction WebhookTestSent = new(nameof(WebhookTestSent));
    public static readonly AuditAction WebhookPausedAfterFailures = new(nameof(WebhookPausedAfterFailures));
    public static readonly AuditAction MaintenanceWebhooksRaised = new(nameof(MaintenanceWebhooksRaised));

    /// <summary>Every action above, read from the fields themselves so that the list cannot drift from them.</summary>
    public static IReadOnlyList<AuditAction> All { get; } = [.. typeof(AuditAction)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(AuditAction))
        .Select(f => (AuditAction)f.GetValue(null)!)];

    public override string ToString() => Name;
}
