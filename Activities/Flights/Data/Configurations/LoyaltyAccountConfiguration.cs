using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Flights.Data;

internal sealed class LoyaltyAccountConfiguration : IEntityTypeConfiguration<LoyaltyAccount>
{
    public void Configure(EntityTypeBuilder<LoyaltyAccount> builder)
    {
        builder.ToTable("loyalty_accounts", t => t.HasCheckConstraint(
            "ck_loyalty_accounts_points_balance", "points_balance >= 0"));
        builder.HasKey(a => a.UserId);
        builder.Property(a => a.UserId).HasMaxLength(64);
    }
}
