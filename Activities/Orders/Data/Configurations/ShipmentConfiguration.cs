using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Orders.Data.Configurations;

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("shipments");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.HasIndex(s => s.IdempotencyKey).IsUnique();
        builder.HasIndex(s => s.TrackingNumber).IsUnique();
        builder.HasIndex(s => s.OrderId);
    }
}
