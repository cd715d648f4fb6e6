using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Flights.Data;

internal sealed class FlightSeatInventoryConfiguration : IEntityTypeConfiguration<FlightSeatInventory>
{
    public void Configure(EntityTypeBuilder<FlightSeatInventory> builder)
    {
        // The check constraint backs up the conditional decrement: seats can never go negative.
        builder.ToTable("flight_seat_inventory", t => t.HasCheckConstraint(
            "ck_flight_seat_inventory_seats_available", "seats_available >= 0"));
        builder.HasKey(i => i.Id);
        builder.Property(i => i.SeatClass).HasMaxLength(16);
        builder.HasIndex(i => new { i.FlightId, i.SeatClass }).IsUnique();
    }
}
