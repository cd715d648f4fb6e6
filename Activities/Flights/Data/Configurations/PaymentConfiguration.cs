using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Flights.Data;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Method).HasMaxLength(64);
        builder.Property(p => p.Kind).HasMaxLength(16);
        builder.Property(p => p.Status).HasMaxLength(16);
        builder.HasIndex(p => p.IdempotencyKey).IsUnique();
        // One refund per charge, whatever key the refund arrives with.
        builder.HasIndex(p => p.RefundOf).IsUnique();
        builder.HasIndex(p => p.UserId);
    }
}
