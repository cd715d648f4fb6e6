using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Flights.Data;

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> builder)
    {
        builder.ToTable("bookings");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.BookingReference).HasMaxLength(8);
        builder.Property(b => b.SeatClass).HasMaxLength(16);
        builder.Property(b => b.Status).HasMaxLength(16);
        builder.HasIndex(b => b.BookingReference).IsUnique();
        builder.HasIndex(b => b.IdempotencyKey).IsUnique();
        builder.HasOne<Flight>().WithMany().HasForeignKey(b => b.FlightId);
        builder.HasOne<SeatHoldEntity>().WithMany().HasForeignKey(b => b.HoldId);
        builder.HasOne<Payment>().WithMany().HasForeignKey(b => b.PaymentId);
    }
}
