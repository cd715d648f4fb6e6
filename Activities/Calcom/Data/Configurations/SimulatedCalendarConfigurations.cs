using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Calcom.Data.Configurations;

internal sealed class SimulatedCalendarHostConfiguration : IEntityTypeConfiguration<SimulatedCalendarHost>
{
    public void Configure(EntityTypeBuilder<SimulatedCalendarHost> builder)
    {
        builder.ToTable("simulated_calendar_hosts");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.HasIndex(h => h.EventTypeId).IsUnique();
    }
}

internal sealed class SimulatedCalendarBookingConfiguration : IEntityTypeConfiguration<SimulatedCalendarBooking>
{
    public void Configure(EntityTypeBuilder<SimulatedCalendarBooking> builder)
    {
        builder.ToTable("simulated_calendar_bookings");
        builder.HasKey(b => b.Id);
        builder.HasIndex(b => b.Uid).IsUnique();
        builder.HasIndex(b => b.IdempotencyKey);
        builder.HasIndex(b => new { b.HostId, b.StartUtc });
        builder.Property(b => b.Status).HasMaxLength(16);
    }
}
