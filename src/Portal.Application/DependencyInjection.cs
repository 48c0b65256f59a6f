using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Features.Applications;
using Portal.Application.Features.Contacts;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Intake;
using Portal.Application.Features.Maintenance;
using Portal.Application.Features.Members;
using Portal.Application.Features.Profile;
using Portal.Application.Features.Reports;
using Portal.Application.Features.Staff;
using Portal.Application.Features.Tokens;
using Portal.Application.Features.Webhooks;

namespace Portal.Application;

public static class DependencyInjection
{
    /// <summary>Handlers are stateless; each opens its own DbContext per call, so transient is right.</summary>
    public static IServiceCollection AddPortalApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalApplicationOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<ListMyDevicesHandler>();
        services.AddTransient<GetDeviceDetailHandler>();
        services.AddTransient<ListReportHistoryHandler>();
        services.AddSingleton<TimelineFeed>();
        services.AddTransient<TimelineFeedAccess>();
        services.AddTransient<ListMaintenanceWindowsHandler>();
        services.AddTransient<GetMyProfileHandler>();
        services.AddTransient<ChangePreferredCultureHandler>();
        services.AddTransient<SearchDevicesHandler>();
        services.AddTransient<GetAttentionOverviewHandler>();
        services.AddTransient<GetCallListHandler>();
        services.AddTransient<RecordCallOutcomeHandler>();
        services.AddTransient<GiveStaffReasonHandler>();
        services.AddTransient<GetStaffReasonHandler>();
        services.AddTransient<RecordStaffViewHandler>();
        services.AddTransient<SearchAuditHandler>();
        services.AddSingleton(new KeyCodeIssuer());
        services.AddTransient<GetApplicationFormHandler>();
        services.AddTransient<ListApplicableDevicesHandler>();
        services.AddTransient<ListMaintainableDevicesHandler>();
        services.AddTransient<ApplyForServiceHandler>();
        services.AddTransient<GetAcceptanceQueueHandler>();
        services.AddTransient<AcceptApplicationHandler>();
        services.AddTransient<ReissueKeyHandler>();
        services.AddTransient<RejectApplicationHandler>();
        services.AddTransient<WithdrawApplicationHandler>();
        services.AddTransient<ReapplyHandler>();
        services.AddTransient<RequestEndHandler>();
        services.AddTransient<CancelEndRequestHandler>();
        services.AddTransient<ConfirmEndHandler>();
        services.AddTransient<GetKeyFileHandler>();
        services.AddTransient<CorrectModelNumberHandler>();
        services.AddTransient<ChangeContractHandler>();
        services.AddTransient<GetContactsEditorHandler>();
        services.AddTransient<ListBulkContactsAccountsHandler>();
        services.AddTransient<ListContactsDevicesHandler>();
        services.AddTransient<ListContactsDeviceIdsHandler>();
        services.AddTransient<ChangeContactsHandler>();
        services.AddTransient<RefreshContactHandler>();
        services.AddTransient<UpdateMyProfileHandler>();
        services.AddTransient<ChangeInstallationSiteHandler>();
        services.AddTransient<GetDeviceTimelineHandler>();
        services.AddSingleton<ReceiveReportHandler>();
        services.AddTransient<ScanOverduePeriodicReportsHandler>();
        services.AddTransient<WritePeriodicOverdueNoticesHandler>();
        services.AddTransient<ScheduleMaintenanceHandler>();
        services.AddTransient<ScheduleRecurringMaintenanceHandler>();
        services.AddTransient<ChangeMaintenanceHandler>();
        services.AddTransient<CancelMaintenanceHandler>();
        services.AddTransient<CancelMaintenanceSeriesHandler>();
        services.AddTransient<GetMaintenanceFormHandler>();
        services.AddTransient<ListMyCalendarFeedsHandler>();
        services.AddTransient<IssueCalendarFeedHandler>();
        services.AddTransient<RevokeCalendarFeedHandler>();
        services.AddTransient<RevokeAllCalendarFeedsHandler>();
        services.AddTransient<GetCalendarFeedHandler>();
        services.AddTransient<MaterializeMaintenanceSeriesHandler>();
        services.AddTransient<SendMaintenanceRemindersHandler>();
        services.AddTransient<ListMembersHandler>();
        services.AddTransient<ListManagedSupportIdsHandler>();
        services.AddTransient<InviteMemberHandler>();
        services.AddTransient<WithdrawInvitationHandler>();
        services.AddTransient<ChangeMemberRoleHandler>();
        services.AddTransient<RemoveMemberHandler>();
        services.AddTransient<CreateTokenHandler>();
        services.AddTransient<ListTokensHandler>();
        services.AddTransient<RevokeTokenHandler>();
        services.AddTransient<AuthenticateTokenHandler>();
        services.AddTransient<RecordTokenUseHandler>();
        services.AddTransient<AddWebhookEndpointHandler>();
        services.AddTransient<ChangeWebhookEndpointHandler>();
        services.AddTransient<RotateWebhookSecretHandler>();
        services.AddTransient<PauseWebhookEndpointHandler>();
        services.AddTransient<RemoveWebhookEndpointHandler>();
        services.AddTransient<SendTestWebhookEventHandler>();
        services.AddTransient<ListWebhookEndpointsHandler>();
        services.AddTransient<RaiseMaintenanceWebhooksHandler>();
        return services;
    }

    /// <summary>The layer's settings, each checked when the portal starts: a wrong one stops the start, naming it.</summary>
    private static void AddPortalApplicationOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AcceptanceOptions>().Bind(configuration.GetSection(AcceptanceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HeartbeatOptions>().Bind(configuration.GetSection(HeartbeatOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
    }
}
