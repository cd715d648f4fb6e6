using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Flights.Data;

internal sealed class FlightConfiguration : IEntityTypeConfiguration<Flight>
{
    public void Configure(EntityTypeBuilder<Flight> builder)
    {
        builder.ToTable("flights");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).HasMaxLength(16);
        builder.Property(f => f.Origin).HasMaxLength(8);
        builder.Property(f => f.Destination).HasMaxLength(8);
        builder.HasMany(f => f.SeatInventory).WithOne().HasForeignKey(i => i.FlightId);
    }
}
