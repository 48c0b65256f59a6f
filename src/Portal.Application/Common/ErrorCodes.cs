namespace Portal.Application.Common;

/// <summary>Stable error codes; each has a message in the web layer's resources under "Error.{code}".</summary>
public static class ErrorCodes
{
    public const string NotFound = "NotFound";
    public const string NotSignedIn = "NotSignedIn";
    public const string StaffOnly = "StaffOnly";
    public const string StaffReasonRequired = "StaffReasonRequired";
    public const string UnsupportedCulture = "UnsupportedCulture";
    public const string AlreadyMember = "AlreadyMember";
    public const string MembersRequireAdministrator = "MembersRequireAdministrator";
    public const string LastAdministrator = "LastAdministrator";
    public const string RoleInvalid = "RoleInvalid";
    public const string InvitationUsed = "InvitationUsed";
    public const string InvitationWithdrawn = "InvitationWithdrawn";
    public const string InvitationExpired = "InvitationExpired";
    public const string InvitationForAnotherAccount = "InvitationForAnotherAccount";
    public const string AccountExists = "AccountExists";
    public const string PasswordRejected = "PasswordRejected";
    public const string PasswordWrong = "PasswordWrong";
    public const string TooManyAttempts = "TooManyAttempts";
    public const string PasswordsDiffer = "PasswordsDiffer";
    public const string LinkInvalid = "LinkInvalid";
    public const string EmailTaken = "EmailTaken";
    public const string ExternalAccount = "ExternalAccount";

    public const string InvalidTransition = "InvalidTransition";
    public const string KeyCodeFormat = "KeyCodeFormat";
    public const string ContactRequired = "ContactRequired";
    public const string TooManyContacts = "TooManyContacts";
    public const string DuplicateContact = "DuplicateContact";
    public const string ReasonRequired = "ReasonRequired";
    public const string OpeningTooEarly = "OpeningTooEarly";
    public const string OpeningLocked = "OpeningLocked";

    public const string ApplyRequiresAdministrator = "ApplyRequiresAdministrator";
    public const string ApplicantAffiliationMissing = "ApplicantAffiliationMissing";
    public const string ContactAffiliationMissing = "ContactAffiliationMissing";
    public const string ContactNotMember = "ContactNotMember";
    public const string NoDevicesChosen = "NoDevicesChosen";
    public const string DeviceNotEligible = "DeviceNotEligible";
    public const string AlreadyApplied = "AlreadyApplied";
    public const string ChangedMeanwhile = "ChangedMeanwhile";
    public const string NothingToWithdraw = "NothingToWithdraw";
    public const string WithdrawNotAllowed = "WithdrawNotAllowed";
    public const string ReapplyNeedsOpenedService = "ReapplyNeedsOpenedService";
    public const string MoveNeedsOnlySiteChange = "MoveNeedsOnlySiteChange";
    public const string ContractNeedsNoNewKey = "ContractNeedsNoNewKey";
    public const string EndNeedsOpenedService = "EndNeedsOpenedService";
    public const string EndRequested = "EndRequested";
    public const string EndWhileReapplying = "EndWhileReapplying";
    public const string NoEndRequested = "NoEndRequested";
    public const string NoKeyFile = "NoKeyFile";
    public const string ModelNumberInvalid = "ModelNumberInvalid";
    public const string ModelNumberInUse = "ModelNumberInUse";
    public const string ModelNumberFixedInService = "ModelNumberFixedInService";
    public const string NothingChanged = "NothingChanged";
    public const string DateRequired = "DateRequired";

    public const string ContactsChangeNeedsOpenedService = "ContactsChangeNeedsOpenedService";
    public const string ContactsOfEndedService = "ContactsOfEndedService";
    public const string ChangeRequiresAdministrator = "ChangeRequiresAdministrator";
    public const string DevicesOfOneSupportId = "DevicesOfOneSupportId";
    public const string NameRequired = "NameRequired";
    public const string EmailInvalid = "EmailInvalid";
    public const string PhoneInvalid = "PhoneInvalid";
    public const string AffiliationRequired = "AffiliationRequired";
    public const string TooLong = "TooLong";
    public const string PostalCodeInvalid = "PostalCodeInvalid";
    public const string PrefectureInvalid = "PrefectureInvalid";
    public const string AddressRequired = "AddressRequired";

    public const string MaintenanceStartTooSoon = "MaintenanceStartTooSoon";
    public const string MaintenanceEndBeforeStart = "MaintenanceEndBeforeStart";
    public const string MaintenanceTooLong = "MaintenanceTooLong";
    public const string MaintenanceOverlap = "MaintenanceOverlap";
    public const string MaintenanceEnded = "MaintenanceEnded";
    public const string MaintenanceStarted = "MaintenanceStarted";
    public const string MaintenanceEndInPast = "MaintenanceEndInPast";
    public const string RecurrenceInvalid = "RecurrenceInvalid";
    public const string MaintenanceRequiresAdministrator = "MaintenanceRequiresAdministrator";
    public const string DateTimeRequired = "DateTimeRequired";

    public const string TokenNameRequired = "TokenNameRequired";
    public const string UnknownValue = "UnknownValue";
    public const string StaleVersion = "StaleVersion";
    public const string TooManyDevices = "TooManyDevices";
    public const string TokenExpiryInvalid = "TokenExpiryInvalid";
    public const string TokenNeedsSupportId = "TokenNeedsSupportId";
    public const string TokenScopeInvalid = "TokenScopeInvalid";
    public const string TokenRevoked = "TokenRevoked";
    public const string TokenReadOnly = "TokenReadOnly";

    public const string WebhookNameRequired = "WebhookNameRequired";
    public const string WebhookEventsRequired = "WebhookEventsRequired";
    public const string WebhookUrlInvalid = "WebhookUrlInvalid";
    public const string WebhookUrlNotHttps = "WebhookUrlNotHttps";
    public const string WebhookUrlPrivate = "WebhookUrlPrivate";
    public const string WebhooksRequireAdministrator = "WebhooksRequireAdministrator";
    public const string WebhookTestTooSoon = "WebhookTestTooSoon";
}
