using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Seats.Data.Configurations;

internal sealed class SeatZoneConfiguration : IEntityTypeConfiguration<SeatZone>
{
    public void Configure(EntityTypeBuilder<SeatZone> builder)
    {
        // Backs up the conditional decrement: the count can never go negative nor above the zone's capacity.
        builder.ToTable("seat_zones", t => t.HasCheckConstraint("ck_seat_zones_available", "available >= 0 AND available <= capacity"));
        builder.HasKey(z => z.Id);
        builder.Property(z => z.Id).HasMaxLength(32);
        builder.Property(z => z.Name).HasMaxLength(100);
    }
}
