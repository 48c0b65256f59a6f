using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Domain.Users;
using Portal.Application.Domain.Webhooks;

namespace Portal.Application.Abstractions;

/// <summary>The centre database as the use cases see it (DbSets rather than repositories).</summary>
public interface IPortalDbContext : IAsyncDisposable
{
    DbSet<CustomerOrganization> Organizations { get; }
    DbSet<SupportAccount> SupportAccounts { get; }
    DbSet<SupportMembership> SupportMemberships { get; }
    DbSet<MemberInvitation> MemberInvitations { get; }
    DbSet<UserProfile> UserProfiles { get; }
    DbSet<PersonalAccessToken> PersonalAccessTokens { get; }
    DbSet<Device> Devices { get; }
    DbSet<ServiceRegistration> Registrations { get; }
    DbSet<MaintenanceWindow> MaintenanceWindows { get; }
    DbSet<MaintenanceSeries> MaintenanceSeries { get; }
    DbSet<Report> Reports { get; }
    DbSet<Notification> Notifications { get; }
    DbSet<AuditEntry> AuditEntries { get; }
    DbSet<IntakeReceipt> IntakeReceipts { get; }
    DbSet<CallTask> CallTasks { get; }
    DbSet<ActedOnEvent> ActedOnEvents { get; }
    DbSet<StaffAccessReason> StaffAccessReasons { get; }
    DbSet<WebhookEndpoint> WebhookEndpoints { get; }
    DbSet<WebhookDelivery> WebhookDeliveries { get; }
    DbSet<EventCursor> EventCursors { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>For the few use cases that span several saves in one transaction (intake's group commit).</summary>
    Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database { get; }

    Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker ChangeTracker { get; }
}

/// <summary>
/// One context per operation: a Blazor Server circuit lives long, and a scoped context would be shared
/// by every component of one user.
/// </summary>
public interface IPortalDbContextFactory
{
    IPortalDbContext Create();
}
