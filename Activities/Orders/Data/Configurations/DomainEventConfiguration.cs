using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Orders.Data.Configurations;

internal sealed class DomainEventConfiguration : IEntityTypeConfiguration<DomainEvent>
{
    public void Configure(EntityTypeBuilder<DomainEvent> builder)
    {
        builder.ToTable("domain_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.AggregateId).HasMaxLength(64);
        builder.Property(e => e.EventType).HasMaxLength(64);
        // A redelivered append is a no-op, and two appends can never take the same place in one aggregate.
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        builder.HasIndex(e => new { e.AggregateId, e.Sequence }).IsUnique();
    }
}
