using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> builder)
    {
        builder.ToTable("Devices");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.ModelNumber).HasMaxLength(32);
        builder.Property(d => d.SerialNumber).HasMaxLength(32);
        builder.Property(d => d.DeviceManagementNumber).HasMaxLength(32);
        builder.Property(d => d.HostName).HasMaxLength(255);
        builder.HasOne<SupportAccount>().WithMany().HasForeignKey(d => d.SupportAccountId).OnDelete(DeleteBehavior.Restrict);

        // Lookups by every identifying number (staff search, opening-report matching).
        builder.HasIndex(d => d.DeviceManagementNumber).IsUnique();
        builder.HasIndex(d => new { d.SerialNumber, d.ModelNumber }).IsUnique();
        builder.HasIndex(d => d.ModelNumber);
        builder.HasIndex(d => d.HostName);
        builder.HasIndex(d => d.SupportAccountId);

        // Complex (value) types: several devices may share one site or contract value.
        builder.ComplexProperty(d => d.InstallationSite, site =>
        {
            site.Property(s => s.PostalCode).HasColumnName("SitePostalCode").HasMaxLength(8);
            site.Property(s => s.Prefecture).HasColumnName("SitePrefecture").HasMaxLength(16);
            site.Property(s => s.AddressLine).HasColumnName("SiteAddressLine").HasMaxLength(200);
            site.Property(s => s.Building).HasColumnName("SiteBuilding").HasMaxLength(200);
        });

        builder.ComplexProperty(d => d.Contract, contract =>
        {
            contract.Property(c => c.Type).HasColumnName("ContractType");
            contract.Property(c => c.DeliveryDate).HasColumnName("DeliveryDate");
            contract.Property(c => c.ValidUntil).HasColumnName("ValidUntil");
            contract.Property(c => c.SupportPackConfirmed).HasColumnName("SupportPackConfirmed");
        });
    }
}

internal sealed class ServiceRegistrationConfiguration : IEntityTypeConfiguration<ServiceRegistration>
{
    public void Configure(EntityTypeBuilder<ServiceRegistration> builder)
    {
        builder.ToTable("Registrations");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Device>().WithOne().HasForeignKey<ServiceRegistration>(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.DeviceId).IsUnique();
        builder.HasIndex(r => new { r.Status, r.AppliedAt });
        builder.Property(r => r.KeyCode).HasMaxLength(5).IsFixedLength();
        builder.Property(r => r.RejectionReason).HasMaxLength(1000);
        builder.Property(r => r.ReapplicationNote).HasMaxLength(1000);

        // The staff queue: opened devices applied for again (few, so a partial index).
        builder.HasIndex(r => r.PendingReapplication).HasFilter("\"PendingReapplication\" IS NOT NULL");

        // The periodic-overdue scan: per anchor day, opened registrations whose next report is long due;
        // then the devices it marked, whose notices are still to be written.
        builder.HasIndex(r => new { r.Status, r.PeriodicAnchorDay, r.NextPeriodicDueOn });
        // Partial: only the few marked rows are in it, so marking inserts an entry instead of moving one.
        // Double quotes are standard SQL; SQL Server's filtered indexes require QUOTED_IDENTIFIER ON anyway.
        builder.HasIndex(r => r.PeriodicNoticeFor).HasFilter("\"PeriodicNoticeFor\" IS NOT NULL");

        builder.HasMany(r => r.Contacts).WithOne().HasForeignKey("RegistrationId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Contacts).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(r => r.History).WithOne().HasForeignKey("RegistrationId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class RegistrationContactConfiguration : IEntityTypeConfiguration<RegistrationContact>
{
    public void Configure(EntityTypeBuilder<RegistrationContact> builder)
    {
        builder.ToTable("RegistrationContacts");
        builder.Property<Guid>("RegistrationId");
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Email).HasMaxLength(256);
        builder.Property(c => c.Phone).HasMaxLength(32);
        builder.Property(c => c.Affiliation).HasMaxLength(200);
        builder.Property(c => c.ReachableHours).HasMaxLength(200);
        builder.HasIndex("RegistrationId", nameof(RegistrationContact.Priority)).IsUnique();
        builder.HasIndex(c => c.UserId);

        // Staff look devices up by a contact's phone or e-mail while the customer is on the line.
        builder.Property(c => c.PhoneDigits).HasMaxLength(32);
        builder.HasIndex(c => c.PhoneDigits);
        builder.HasIndex(c => c.Email);
    }
}

internal sealed class RegistrationStatusChangeConfiguration : IEntityTypeConfiguration<RegistrationStatusChange>
{
    public void Configure(EntityTypeBuilder<RegistrationStatusChange> builder)
    {
        builder.ToTable("RegistrationStatusChanges");
        builder.Property<Guid>("RegistrationId");
        builder.Property(c => c.Note).HasMaxLength(1000);
    }
}

internal sealed class MaintenanceWindowConfiguration : IEntityTypeConfiguration<MaintenanceWindow>
{
    public void Configure(EntityTypeBuilder<MaintenanceWindow> builder)
    {
        builder.ToTable("MaintenanceWindows");
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Reason).HasMaxLength(500);
        builder.HasOne<Device>().WithMany().HasForeignKey(w => w.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(w => new { w.DeviceId, w.StartsAt });
        builder.HasIndex(w => w.EndsAt);
        builder.HasIndex(w => w.SeriesId);

        // Every change and cancellation bumps it (the iCalendar SEQUENCE): it is the window's version, and the API's ETag.
        builder.Property(w => w.Sequence).IsConcurrencyToken();
    }
}

internal sealed class MaintenanceSeriesConfiguration : IEntityTypeConfiguration<MaintenanceSeries>
{
    public void Configure(EntityTypeBuilder<MaintenanceSeries> builder)
    {
        builder.ToTable("MaintenanceSeries");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Reason).HasMaxLength(500);
        builder.HasOne<Device>().WithMany().HasForeignKey(s => s.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.DeviceId, s.CancelledAt });
    }
}
