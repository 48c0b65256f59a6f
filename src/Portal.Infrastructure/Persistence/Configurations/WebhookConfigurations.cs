using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Webhooks;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("WebhookEndpoints");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(WebhookEndpoint.MaxNameLength);
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
        builder.Property(e => e.Culture).HasMaxLength(8);
        // Data Protection's envelope (key id, IV, MAC) around the 51-character secret, in base64url.
        builder.Property(e => e.ProtectedSecret).HasMaxLength(500);
        builder.Property(e => e.PreviousProtectedSecret).HasMaxLength(500);
        builder.HasOne<SupportAccount>().WithMany().HasForeignKey(e => e.SupportAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.SupportAccountId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Event).HasMaxLength(64);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
        builder.Ignore(d => d.MessageId);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);

        // The claim reads pending rows that are due, alerts first; the log reads an endpoint's newest.
        builder.HasIndex(d => new { d.State, d.Lane, d.NextAttemptAt });
        builder.HasIndex(d => d.ClaimToken);
        builder.HasIndex(d => new { d.EndpointId, d.CreatedAt });

        // A sender records a result only on a row its claim still holds.
        builder.Property(d => d.ClaimToken).IsConcurrencyToken();
    }
}

internal sealed class EventCursorConfiguration : IEntityTypeConfiguration<EventCursor>
{
    public void Configure(EntityTypeBuilder<EventCursor> builder)
    {
        builder.ToTable("EventCursors");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(64);
        builder.Property(c => c.HandledUntil).IsConcurrencyToken();
    }
}
