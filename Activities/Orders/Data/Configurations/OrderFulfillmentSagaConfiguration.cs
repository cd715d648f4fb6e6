using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Orders.Data.Configurations;

internal sealed class OrderFulfillmentSagaConfiguration : IEntityTypeConfiguration<OrderFulfillmentSaga>
{
    public void Configure(EntityTypeBuilder<OrderFulfillmentSaga> builder)
    {
        builder.ToTable("order_fulfillment_sagas");
        builder.HasKey(s => s.OrderId);
        builder.Property(s => s.OrderId).HasMaxLength(64);
        builder.Property(s => s.State).HasMaxLength(32);
        // Operators list sagas by state and age.
        builder.HasIndex(s => new { s.State, s.StartedUtc });
    }
}
