using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Application.Abstractions;
using Portal.Application.Domain;
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
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Jobs;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// The centre database: domain tables, the identity store and Data Protection keys (so several
/// instances share cookies). Each provider has a derived type that owns its migrations.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options)
    : IdentityDbContext<PortalIdentityUser, IdentityRole<Guid>, Guid>(options), IPortalDbContext, IDataProtectionKeyContext
{
    public DbSet<CustomerOrganization> Organizations => Set<CustomerOrganization>();
    public DbSet<SupportAccount> SupportAccounts => Set<SupportAccount>();
    public DbSet<SupportMembership> SupportMemberships => Set<SupportMembership>();
    public DbSet<MemberInvitation> MemberInvitations => Set<MemberInvitation>();
    public DbSet<UserProfile> UserProfiles => Set<UserProfile>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<ServiceRegistration> Registrations => Set<ServiceRegistration>();
    public DbSet<MaintenanceWindow> MaintenanceWindows => Set<MaintenanceWindow>();
    public DbSet<MaintenanceSeries> MaintenanceSeries => Set<MaintenanceSeries>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<IntakeReceipt> IntakeReceipts => Set<IntakeReceipt>();
    public DbSet<CallTask> CallTasks => Set<CallTask>();
    public DbSet<ActedOnEvent> ActedOnEvents => Set<ActedOnEvent>();
    public DbSet<StaffAccessReason> StaffAccessReasons => Set<StaffAccessReason>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<EventCursor> EventCursors => Set<EventCursor>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        foreach (var aggregate in builder.Model.GetEntityTypes().Where(e => e.ClrType.IsAssignableTo(typeof(VersionedAggregate))))
        {
            builder.Entity(aggregate.ClrType).Property(nameof(VersionedAggregate.Version)).IsConcurrencyToken();
        }
    }
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite compares DateTimeOffset only for equality; UTC ticks make ranges and ordering translatable.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);
