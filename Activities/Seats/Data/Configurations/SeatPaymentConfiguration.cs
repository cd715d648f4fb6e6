using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Seats.Data.Configurations;

internal sealed class SeatPaymentConfiguration : IEntityTypeConfiguration<SeatPayment>
{
    public void Configure(EntityTypeBuilder<SeatPayment> builder)
    {
        builder.ToTable("seat_payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Kind).HasMaxLength(16);
        builder.HasIndex(p => p.IdempotencyKey).IsUnique();
        builder.HasIndex(p => p.BookingId);
        builder.HasIndex(p => p.RefundOf).IsUnique();
    }
}
