using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Users;
using Portal.Application.Domain.Webhooks;
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
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// Every state change is audited: each command handler of the application layer is run once here and
/// must leave an audit entry. A new handler fails the first test until it is listed as a command (with a
/// scenario) or as a query.
/// </summary>
public sealed class AuditCompletenessTests
{
    private static readonly Type[] Queries =
    [
        typeof(GetApplicationFormHandler), typeof(ListApplicableDevicesHandler), typeof(ListMaintainableDevicesHandler), typeof(GetAcceptanceQueueHandler), typeof(GetDeviceDetailHandler), typeof(ListMyDevicesHandler),
        typeof(GetContactsEditorHandler), typeof(ListBulkContactsAccountsHandler), typeof(ListContactsDevicesHandler), typeof(ListContactsDeviceIdsHandler), typeof(GetMyProfileHandler), typeof(ListReportHistoryHandler), typeof(GetDeviceTimelineHandler),
        typeof(ListMaintenanceWindowsHandler), typeof(GetMaintenanceFormHandler), typeof(ListMyCalendarFeedsHandler), typeof(GetCalendarFeedHandler), typeof(GetStaffReasonHandler),
        typeof(SearchDevicesHandler), typeof(GetAttentionOverviewHandler), typeof(GetCallListHandler), typeof(SearchAuditHandler), typeof(ListMembersHandler), typeof(ListManagedSupportIdsHandler),
        typeof(ListTokensHandler), typeof(ListWebhookEndpointsHandler),

        // It keeps a token's last use (to the minute) as it checks it; the call it lets in is audited by RecordTokenUseHandler.
        typeof(AuthenticateTokenHandler),
    ];

    /// <summary>One successful use of each command handler.</summary>
    private static readonly Dictionary<Type, Func<World, IServiceProvider, Task>> Commands = new()
    {
        [typeof(ApplyForServiceHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a");
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<ApplyForServiceHandler>().HandleAsync(new(w.AlphaAccount.Id, [device.Id], new ContactRequest(w.AlphaAdmin.Id, null), null)));
        },
        [typeof(AcceptApplicationHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Applied);
            w.ActAsStaff();
            Ok(await sp.GetRequiredService<AcceptApplicationHandler>().HandleAsync(new(await RegistrationIdAsync(w, device))));
        },
        [typeof(ReissueKeyHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Applied);
            w.ActAsStaff();
            Ok(await sp.GetRequiredService<AcceptApplicationHandler>().HandleAsync(new(await RegistrationIdAsync(w, device))));
            await ForgetAuditAsync(w);
            Ok(await sp.GetRequiredService<ReissueKeyHandler>().HandleAsync(new(await RegistrationIdAsync(w, device))));
        },
        [typeof(RejectApplicationHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Applied);
            w.ActAsStaff();
            Ok(await sp.GetRequiredService<RejectApplicationHandler>().HandleAsync(new(await RegistrationIdAsync(w, device), "型番が違います")));
        },
        [typeof(ChangeContactsHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<ChangeContactsHandler>().HandleAsync(new([device.Id], new ContactRequest(w.AlphaDeputy.Id, null), null)));
        },
        [typeof(RefreshContactHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<RefreshContactHandler>().HandleAsync(new(device.Id, 1)));
        },
        [typeof(UpdateMyProfileHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<UpdateMyProfileHandler>().HandleAsync(new(w.AlphaAdmin.Name, w.AlphaAdmin.Email, "090-0000-1111", w.AlphaAdmin.Affiliation)));
        },
        [typeof(ChangePreferredCultureHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaUser);
            Ok(await sp.GetRequiredService<ChangePreferredCultureHandler>().HandleAsync(new("en")));
        },
        [typeof(ChangeInstallationSiteHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<ChangeInstallationSiteHandler>().HandleAsync(new(device.Id, "1000005", "東京都", "千代田区丸の内1-1-1", null)));
        },
        [typeof(ReceiveReportHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            await w.ReceiveAsync("gw", new IntakeReport("e-1", IntakeType.End, device.ModelNumber, device.SerialNumber, null, null, w.Clock.GetUtcNow(), null, null, ReportMeans.Https, ReportRoute.Agent));
        },
        [typeof(ScanOverduePeriodicReportsHandler)] = async (w, sp) =>
        {
            w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.Clock.Advance(TimeSpan.FromDays(45));
            Assert.Equal(1, await sp.GetRequiredService<ScanOverduePeriodicReportsHandler>().HandleAsync(new()));
        },
        [typeof(WritePeriodicOverdueNoticesHandler)] = async (w, sp) =>
        {
            w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.Clock.Advance(TimeSpan.FromDays(45));
            Assert.Equal(1, await sp.GetRequiredService<ScanOverduePeriodicReportsHandler>().HandleAsync(new()));
            await ForgetAuditAsync(w);

            Assert.Equal(1, await sp.GetRequiredService<WritePeriodicOverdueNoticesHandler>().HandleAsync(new()));
        },
        [typeof(ScheduleMaintenanceHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<ScheduleMaintenanceHandler>().HandleAsync(new([device.Id], World.Start.AddDays(4), World.Start.AddDays(4).AddHours(1), "x")));
        },
        [typeof(ScheduleRecurringMaintenanceHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<ScheduleRecurringMaintenanceHandler>().HandleAsync(new([device.Id], RecurrenceKind.Weekly, 0, DayOfWeek.Monday, new TimeOnly(2, 0), TimeSpan.FromHours(1), "x")));
        },
        [typeof(ChangeMaintenanceHandler)] = async (w, sp) =>
        {
            var window = await WindowAsync(w, sp);
            Ok(await sp.GetRequiredService<ChangeMaintenanceHandler>().HandleAsync(new(window, World.Start.AddDays(4), World.Start.AddDays(4).AddHours(2))));
        },
        [typeof(CancelMaintenanceHandler)] = async (w, sp) =>
        {
            var window = await WindowAsync(w, sp);
            Ok(await sp.GetRequiredService<CancelMaintenanceHandler>().HandleAsync(new(window)));
        },
        [typeof(CancelMaintenanceSeriesHandler)] = async (w, sp) =>
        {
            var series = await SeriesAsync(w, sp);
            Ok(await sp.GetRequiredService<CancelMaintenanceSeriesHandler>().HandleAsync(new(series)));
        },
        [typeof(MaterializeMaintenanceSeriesHandler)] = async (w, sp) =>
        {
            await SeriesAsync(w, sp);
            w.Clock.Advance(TimeSpan.FromDays(7));
            Assert.Equal(1, await sp.GetRequiredService<MaterializeMaintenanceSeriesHandler>().HandleAsync(new()));
        },
        [typeof(SendMaintenanceRemindersHandler)] = async (w, sp) =>
        {
            await WindowAsync(w, sp);
            w.Clock.Advance(TimeSpan.FromDays(3));
            Assert.Equal(1, await sp.GetRequiredService<SendMaintenanceRemindersHandler>().HandleAsync(new()));
        },
        [typeof(IssueCalendarFeedHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<IssueCalendarFeedHandler>().HandleAsync(new(w.AlphaAccount.Id)));
        },
        [typeof(RevokeCalendarFeedHandler)] = async (w, sp) =>
        {
            await FeedAsync(w, sp);
            Ok(await sp.GetRequiredService<RevokeCalendarFeedHandler>().HandleAsync(new(w.AlphaAccount.Id)));
        },
        [typeof(RevokeAllCalendarFeedsHandler)] = async (w, sp) =>
        {
            await FeedAsync(w, sp);
            Ok(await sp.GetRequiredService<RevokeAllCalendarFeedsHandler>().HandleAsync(new(w.AlphaAccount.Id)));
        },
        [typeof(RecordCallOutcomeHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            await w.ReceiveAsync("gw", new IntakeReport("f-1", IntakeType.Failure, device.ModelNumber, device.SerialNumber, null, null, w.Clock.GetUtcNow(), null, new ReportEvent(EventCategory.Fan, "F", EventSeverity.Critical, "m"), ReportMeans.Https, ReportRoute.Agent));
            await ForgetAuditAsync(w);

            w.ActAsStaff();
            var task = (await sp.GetRequiredService<GetCallListHandler>().HandleAsync(new())).Value!.Single();
            Ok(await sp.GetRequiredService<RecordCallOutcomeHandler>().HandleAsync(new(task.Id, CallOutcome.ReachedContact1)));
        },
        [typeof(InviteMemberHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<InviteMemberHandler>().HandleAsync(new(w.AlphaAccount.Id, "new.person@alpha.example", MemberRole.User)));
        },
        [typeof(WithdrawInvitationHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaAdmin);
            var invitation = (await sp.GetRequiredService<InviteMemberHandler>().HandleAsync(new(w.AlphaAccount.Id, "new.person@alpha.example", MemberRole.User))).OrThrow();
            await ForgetAuditAsync(w);
            Ok(await sp.GetRequiredService<WithdrawInvitationHandler>().HandleAsync(new(w.AlphaAccount.Id, invitation.Id)));
        },
        [typeof(ChangeMemberRoleHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<ChangeMemberRoleHandler>().HandleAsync(new(w.AlphaAccount.Id, w.AlphaUser.Id, MemberRole.Deputy)));
        },
        [typeof(RemoveMemberHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<RemoveMemberHandler>().HandleAsync(new(w.AlphaAccount.Id, w.AlphaUser.Id)));
        },
        [typeof(WithdrawApplicationHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Applied);
            w.ActAs(w.AlphaDeputy);
            Ok(await sp.GetRequiredService<WithdrawApplicationHandler>().HandleAsync(new(device.Id)));
        },
        [typeof(ReapplyHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<ReapplyHandler>().HandleAsync(new(device.Id, ReapplicationReason.KeyLost, null)));
        },
        [typeof(RequestEndHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<RequestEndHandler>().HandleAsync(new(device.Id)));
        },
        [typeof(CancelEndRequestHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<RequestEndHandler>().HandleAsync(new(device.Id)));
            await ForgetAuditAsync(w);
            Ok(await sp.GetRequiredService<CancelEndRequestHandler>().HandleAsync(new(device.Id)));
        },
        [typeof(ConfirmEndHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<RequestEndHandler>().HandleAsync(new(device.Id)));
            await ForgetAuditAsync(w);
            w.ActAsStaff();
            Ok(await sp.GetRequiredService<ConfirmEndHandler>().HandleAsync(new(device.Id, "サーバ撤去済み")));
        },
        [typeof(GetKeyFileHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Accepted, contract: Contract.FreeWarranty(new DateOnly(2026, 6, 1)));
            w.ActAs(w.AlphaUser);
            Ok(await sp.GetRequiredService<GetKeyFileHandler>().HandleAsync(new(device.Id)));
        },
        [typeof(CorrectModelNumberHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a", modelNumber: "NP8100-2345");
            w.ActAsStaff();
            Ok(await sp.GetRequiredService<CorrectModelNumberHandler>().HandleAsync(new(device.Id, "N8100-2345")));
        },
        [typeof(ChangeContractHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a");
            w.ActAsStaff();
            Ok(await sp.GetRequiredService<ChangeContractHandler>().HandleAsync(new(device.Id, ContractType.SupportPack, new DateOnly(2028, 3, 31), true)));
        },
        [typeof(CreateTokenHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaUser);
            Ok(await sp.GetRequiredService<CreateTokenHandler>().HandleAsync(new("script", TokenScope.Read, [w.AlphaAccount.Id], new DateOnly(2027, 1, 31))));
        },
        [typeof(RevokeTokenHandler)] = async (w, sp) =>
            Ok(await sp.GetRequiredService<RevokeTokenHandler>().HandleAsync(new((await TokenAsync(w, sp)).Id))),
        [typeof(RecordTokenUseHandler)] = async (w, sp) =>
        {
            w.User.Actor = await sp.GetRequiredService<AuthenticateTokenHandler>().HandleAsync(new((await TokenAsync(w, sp)).Text));
            await sp.GetRequiredService<RecordTokenUseHandler>().HandleAsync(new("GET", "/api/v1/devices", 200));
        },
        [typeof(AddWebhookEndpointHandler)] = async (w, sp) =>
        {
            w.ActAs(w.AlphaAdmin);
            Ok(await sp.GetRequiredService<AddWebhookEndpointHandler>().HandleAsync(new(w.AlphaAccount.Id, "chat", "http://127.0.0.1:9/hook", WebhookFormat.Slack, WebhookEvents.All, "ja")));
        },
        [typeof(ChangeWebhookEndpointHandler)] = async (w, sp) =>
            Ok(await sp.GetRequiredService<ChangeWebhookEndpointHandler>().HandleAsync(new(await WebhookAsync(w, sp), 0, "chat 2", "http://127.0.0.1:9/other", WebhookFormat.Teams, WebhookEvents.FailureRecorded, "en"))),
        [typeof(RotateWebhookSecretHandler)] = async (w, sp) =>
            Ok(await sp.GetRequiredService<RotateWebhookSecretHandler>().HandleAsync(new(await WebhookAsync(w, sp)))),
        [typeof(PauseWebhookEndpointHandler)] = async (w, sp) =>
            Ok(await sp.GetRequiredService<PauseWebhookEndpointHandler>().HandleAsync(new(await WebhookAsync(w, sp), Paused: true))),
        [typeof(RemoveWebhookEndpointHandler)] = async (w, sp) =>
            Ok(await sp.GetRequiredService<RemoveWebhookEndpointHandler>().HandleAsync(new(await WebhookAsync(w, sp)))),
        [typeof(SendTestWebhookEventHandler)] = async (w, sp) =>
            Ok(await sp.GetRequiredService<SendTestWebhookEventHandler>().HandleAsync(new(await WebhookAsync(w, sp)))),
        [typeof(RaiseMaintenanceWebhooksHandler)] = async (w, sp) =>
        {
            await WebhookAsync(w, sp);
            var raise = sp.GetRequiredService<RaiseMaintenanceWebhooksHandler>();
            await raise.HandleAsync(new());
            var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
            await using (var db = w.Database.CreateContext())
            {
                db.MaintenanceWindows.Add(Portal.Application.Domain.Maintenance.MaintenanceWindow.Schedule(device.Id, World.Start.AddMinutes(1), World.Start.AddHours(1), "x", w.AlphaAdmin.Id, World.Start.AddDays(-4)).Value!);
                await db.SaveChangesAsync();
            }

            w.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(1, await raise.HandleAsync(new()));
        },
        [typeof(GiveStaffReasonHandler)] = async (w, sp) =>
        {
            w.ActAsStaff(withReason: false);
            Ok(await sp.GetRequiredService<GiveStaffReasonHandler>().HandleAsync(new("調査")));
        },
        [typeof(RecordStaffViewHandler)] = async (w, sp) =>
        {
            var device = w.AddDevice(w.AlphaAccount, "a");
            w.ActAsStaff();
            Ok(await sp.GetRequiredService<RecordStaffViewHandler>().HandleAsync(new("Device", DeviceId: device.Id)));
        },
    };

    public static TheoryData<string> CommandNames => [.. Commands.Keys.Select(t => t.Name)];

    [Fact]
    public void EveryHandlerIsKnownAsACommandOrAQuery()
    {
        var handlers = typeof(DependencyInjection).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Handler", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(handlers);
        Assert.Empty(handlers.Where(h => !Commands.ContainsKey(h) && !Queries.Contains(h)).Select(h => h.Name));
        Assert.Empty(Queries.Intersect(Commands.Keys));
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task EachCommandHandlerAuditsWhatItChanged(string handler)
    {
        using var world = new World();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(world.Clock);
        services.AddSingleton<IPortalDbContextFactory>(world.Database);
        services.AddSingleton<ICurrentUser>(world.User);
        services.AddSingleton<IAccounts>(world.Accounts);
        services.AddSingleton(world.KeyFiles);
        services.AddSingleton<IWebhookSecretProtector>(new Portal.Infrastructure.Webhooks.DataProtectionWebhookSecrets(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()));
        services.AddSingleton<IWebhookAddressPolicy>(new Portal.Infrastructure.Webhooks.WebhookAddressGuard(Microsoft.Extensions.Options.Options.Create(new Portal.Infrastructure.Webhooks.WebhookOptions { AllowLoopback = true })));
        services.AddPortalApplication(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();
        var scenario = Commands.Single(c => c.Key.Name == handler).Value;

        await scenario(world, provider);

        await using var db = world.Database.CreateContext();
        var entries = await db.AuditEntries.ToListAsync();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.Action)));
        Assert.Contains(entries, e => e.At >= World.Start && e.After is not null);
    }

    private static void Ok(Portal.Application.Common.Result result) => Assert.True(result.IsOk, string.Join(",", result.Errors));

    /// <summary>Forgets what a scenario's earlier steps audited, so that only the handler under test can leave an entry.</summary>
    private static async Task ForgetAuditAsync(World w)
    {
        await using var db = w.Database.CreateContext();
        db.AuditEntries.RemoveRange(db.AuditEntries);
        await db.SaveChangesAsync();
    }

    private static async Task<Guid> RegistrationIdAsync(World w, Device device)
    {
        await using var db = w.Database.CreateContext();
        return (await db.Registrations.SingleAsync(r => r.DeviceId == device.Id)).Id;
    }

    /// <summary>A token of alpha's user, made without leaving its own audit entry behind.</summary>
    private static async Task<CreatedToken> TokenAsync(World w, IServiceProvider sp)
    {
        w.ActAs(w.AlphaUser);
        var created = await sp.GetRequiredService<CreateTokenHandler>().HandleAsync(new("script", TokenScope.Read, [w.AlphaAccount.Id], new DateOnly(2027, 1, 31)));
        await ForgetAuditAsync(w);
        return created.Value!;
    }

    /// <summary>A webhook endpoint of alpha's administrator, made without leaving its own audit entry behind.</summary>
    private static async Task<Guid> WebhookAsync(World w, IServiceProvider sp)
    {
        w.ActAs(w.AlphaAdmin);
        var added = await sp.GetRequiredService<AddWebhookEndpointHandler>().HandleAsync(new(w.AlphaAccount.Id, "chat", "http://127.0.0.1:9/hook", WebhookFormat.Standard, WebhookEvents.All, "ja"));
        await ForgetAuditAsync(w);
        return added.Value!.EndpointId;
    }

    private static async Task<Guid> WindowAsync(World w, IServiceProvider sp)
    {
        var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
        w.ActAs(w.AlphaAdmin);
        Ok(await sp.GetRequiredService<ScheduleMaintenanceHandler>().HandleAsync(new([device.Id], World.Start.AddDays(4), World.Start.AddDays(4).AddHours(1), "x")));
        await ForgetAuditAsync(w);
        await using var db = w.Database.CreateContext();
        return (await db.MaintenanceWindows.SingleAsync()).Id;
    }

    /// <summary>A weekly series whose occurrences are all beyond the first week, so the job has one to create.</summary>
    private static async Task<Guid> SeriesAsync(World w, IServiceProvider sp)
    {
        var device = w.AddDevice(w.AlphaAccount, "a", ServiceStatus.Opened);
        w.ActAs(w.AlphaAdmin);
        var scheduled = await sp.GetRequiredService<ScheduleRecurringMaintenanceHandler>().HandleAsync(new([device.Id], RecurrenceKind.Weekly, 0, DayOfWeek.Monday, new TimeOnly(2, 0), TimeSpan.FromHours(1), "x"));
        Ok(scheduled);
        await ForgetAuditAsync(w);
        return scheduled.Value!.SeriesIds[0];
    }

    private static async Task FeedAsync(World w, IServiceProvider sp)
    {
        w.ActAs(w.AlphaAdmin);
        Ok(await sp.GetRequiredService<IssueCalendarFeedHandler>().HandleAsync(new(w.AlphaAccount.Id)));
        await ForgetAuditAsync(w);
    }
}
