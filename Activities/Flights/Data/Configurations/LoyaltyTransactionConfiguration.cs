using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Flights.Data;

internal sealed class LoyaltyTransactionConfiguration : IEntityTypeConfiguration<LoyaltyTransaction>
{
    public void Configure(EntityTypeBuilder<LoyaltyTransaction> builder)
    {
        builder.ToTable("loyalty_transactions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Kind).HasMaxLength(16);
        builder.HasIndex(t => t.IdempotencyKey).IsUnique();
        // One refund per deduction, whatever key the refund arrives with.
        builder.HasIndex(t => t.RefundOf).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.HasOne<LoyaltyAccount>().WithMany().HasForeignKey(t => t.UserId);
    }
}
