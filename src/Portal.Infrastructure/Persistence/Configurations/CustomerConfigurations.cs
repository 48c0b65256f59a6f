using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Users;
using Portal.Application.Features.Devices;
using Portal.Infrastructure.Identity;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class CustomerOrganizationConfiguration : IEntityTypeConfiguration<CustomerOrganization>
{
    public void Configure(EntityTypeBuilder<CustomerOrganization> builder)
    {
        builder.ToTable("Organizations");
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.HasIndex(o => o.Name); // staff look customers up by name
    }
}

internal sealed class SupportAccountConfiguration : IEntityTypeConfiguration<SupportAccount>
{
    public void Configure(EntityTypeBuilder<SupportAccount> builder)
    {
        builder.ToTable("SupportAccounts");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.SupportId).HasMaxLength(32);
        builder.HasIndex(a => a.SupportId).IsUnique();
        builder.HasOne<CustomerOrganization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Members).WithOne().HasForeignKey(m => m.SupportAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Members).UsePropertyAccessMode(PropertyAccessMode.Field);

        // Not the account's own data: the live feed's signal, bumped when one of its devices' timelines changed.
        builder.Property<long>(TimelineSignals.Column).HasDefaultValue(0L);
    }
}

internal sealed class SupportMembershipConfiguration : IEntityTypeConfiguration<SupportMembership>
{
    public void Configure(EntityTypeBuilder<SupportMembership> builder)
    {
        builder.ToTable("SupportMemberships");
        builder.HasKey(m => new { m.SupportAccountId, m.UserId });
        // Every visibility check starts from the user's memberships.
        builder.HasIndex(m => new { m.UserId, m.SupportAccountId });
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.CalendarFeedId).IsUnique();
        builder.Property(m => m.CalendarFeedSecretHash).HasMaxLength(32);
    }
}

internal sealed class MemberInvitationConfiguration : IEntityTypeConfiguration<MemberInvitation>
{
    public void Configure(EntityTypeBuilder<MemberInvitation> builder)
    {
        builder.ToTable("MemberInvitations");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.SecretHash).HasMaxLength(32);
        builder.HasOne<SupportAccount>().WithMany().HasForeignKey(i => i.SupportAccountId).OnDelete(DeleteBehavior.Cascade);
        // The member list shows a support ID's invitations; a new invitation replaces the one pending for the address.
        builder.HasIndex(i => new { i.SupportAccountId, i.Email });
    }
}

internal sealed class UserProfileConfiguration : IEntityTypeConfiguration<UserProfile>
{
    public void Configure(EntityTypeBuilder<UserProfile> builder)
    {
        builder.ToTable("UserProfiles");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Email).HasMaxLength(256);
        builder.Property(p => p.Phone).HasMaxLength(32);
        builder.Property(p => p.Affiliation).HasMaxLength(200);
        builder.Property(p => p.PreferredCulture).HasMaxLength(8);
        builder.HasIndex(p => p.Email);
        builder.HasOne<PortalIdentityUser>().WithOne().HasForeignKey<UserProfile>(p => p.Id).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.ToTable("PersonalAccessTokens");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(PersonalAccessToken.MaxNameLength);
        builder.Property(t => t.SecretHash).HasMaxLength(32);

        // A handful per person, read by id on each call: the support IDs travel with the token as one JSON value.
        builder.PrimitiveCollection(t => t.SupportAccountIds).HasField("_supportAccountIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasOne<UserProfile>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.UserId);
    }
}
