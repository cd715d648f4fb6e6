using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Flights.Data;

internal sealed class SeatHoldConfiguration : IEntityTypeConfiguration<SeatHoldEntity>
{
    public void Configure(EntityTypeBuilder<SeatHoldEntity> builder)
    {
        builder.ToTable("seat_holds", t => t.HasCheckConstraint("ck_seat_holds_seats", "seats > 0"));
        builder.HasKey(h => h.Id);
        builder.Property(h => h.SeatClass).HasMaxLength(16);
        builder.Property(h => h.Status).HasMaxLength(16);
        builder.HasIndex(h => h.IdempotencyKey).IsUnique();
        builder.HasOne<Flight>().WithMany().HasForeignKey(h => h.FlightId);
    }
}
