using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Calls;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Notifications;
using Portal.Application.Domain.Reports;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("Reports");
        builder.Property(r => r.SenderReportId).HasMaxLength(64);
        builder.Property(r => r.HostName).HasMaxLength(255);
        builder.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
        // Keyset paging of one device's history, newest first.
        builder.HasIndex(r => new { r.DeviceId, r.ReceivedAt, r.Id });
        builder.HasIndex(r => new { r.ReceivedAt, r.Id });
        builder.OwnsOne(r => r.Event, e =>
        {
            e.Property(x => x.Category).HasColumnName("EventCategory");
            e.Property(x => x.Code).HasColumnName("EventCode").HasMaxLength(64);
            e.Property(x => x.Severity).HasColumnName("EventSeverity");
            e.Property(x => x.Message).HasColumnName("EventMessage").HasMaxLength(2000);
        });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasMaxLength(64);
        builder.Property(n => n.Recipient).HasMaxLength(256);
        builder.Property(n => n.Subject).HasMaxLength(500);
        builder.Property(n => n.Culture).HasMaxLength(8);
        builder.Property(n => n.LastError).HasMaxLength(1000);
        builder.Property(n => n.LinkPath).HasMaxLength(2000);
        // The outbox claim reads pending rows that are due, alerts first.
        builder.HasIndex(n => new { n.State, n.Lane, n.NextAttemptAt });
        builder.HasIndex(n => n.ClaimToken);
        // A sender records a result only on a row its claim still holds: one whose claim ran out is another's now.
        builder.Property(n => n.ClaimToken).IsConcurrencyToken();
        builder.HasIndex(n => new { n.DeviceId, n.CreatedAt });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.ActorName).HasMaxLength(200);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.EntityType).HasMaxLength(100);
        builder.Property(a => a.EntityId).HasMaxLength(100);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.DeviceId, a.At });
        builder.HasIndex(a => new { a.ActorUserId, a.At });
    }
}

internal sealed class StaffAccessReasonConfiguration : IEntityTypeConfiguration<StaffAccessReason>
{
    public void Configure(EntityTypeBuilder<StaffAccessReason> builder)
    {
        builder.ToTable("StaffAccessReasons");
        builder.HasKey(r => r.SessionId);
        builder.Property(r => r.SessionId).HasMaxLength(64);
        builder.Property(r => r.Reason).HasMaxLength(StaffAccessReason.MaxLength);
    }
}

internal sealed class IntakeReceiptConfiguration : IEntityTypeConfiguration<IntakeReceipt>
{
    public void Configure(EntityTypeBuilder<IntakeReceipt> builder)
    {
        builder.ToTable("IntakeReceipts");
        builder.Property(r => r.SenderKey).HasMaxLength(16);
        builder.Property(r => r.ReportId).HasMaxLength(64);
        builder.Property(r => r.Outcome).HasMaxLength(32);
        builder.Property(r => r.Response).HasMaxLength(4000);

        // The idempotency key: a report resent, even concurrently, is stored once.
        builder.HasIndex(r => new { r.SenderKey, r.ReportId }).IsUnique();
        builder.HasIndex(r => r.ReceivedAt);
    }
}

internal sealed class CallTaskConfiguration : IEntityTypeConfiguration<CallTask>
{
    public void Configure(EntityTypeBuilder<CallTask> builder)
    {
        builder.ToTable("CallTasks");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasOne(t => t.Report).WithMany().HasForeignKey(t => t.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Device>().WithMany().HasForeignKey(t => t.DeviceId).OnDelete(DeleteBehavior.NoAction);

        builder.HasMany(t => t.Steps).WithOne().HasForeignKey("CallTaskId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Steps).UsePropertyAccessMode(PropertyAccessMode.Field);

        // The call list: open tasks, most severe and oldest first.
        builder.HasIndex(t => new { t.State, t.Severity, t.CreatedAt });
        builder.HasIndex(t => t.DeviceId);
    }
}

internal sealed class CallStepConfiguration : IEntityTypeConfiguration<CallStep>
{
    public void Configure(EntityTypeBuilder<CallStep> builder)
    {
        builder.ToTable("CallSteps");
        builder.Property<Guid>("CallTaskId");
    }
}

internal sealed class ActedOnEventConfiguration : IEntityTypeConfiguration<ActedOnEvent>
{
    public void Configure(EntityTypeBuilder<ActedOnEvent> builder)
    {
        builder.ToTable("ActedOnEvents");

        // The key is the lookup: one row per device and event, however many reports the device sends.
        builder.HasKey(a => new { a.DeviceId, a.Type, a.Code });
        builder.Property(a => a.Code).HasMaxLength(64);
        builder.HasOne<Device>().WithMany().HasForeignKey(a => a.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}
