using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Seats.Data.Configurations;

internal sealed class SeatReservationConfiguration : IEntityTypeConfiguration<SeatReservation>
{
    public void Configure(EntityTypeBuilder<SeatReservation> builder)
    {
        builder.ToTable("seat_reservations", t => t.HasCheckConstraint("ck_seat_reservations_quantity", "quantity > 0"));
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();

        // One booking id, one hold: the key that names the workflow can never take seats twice.
        builder.HasIndex(r => r.BookingId).IsUnique();
        builder.HasIndex(r => new { r.ZoneId, r.Status });
    }
}
