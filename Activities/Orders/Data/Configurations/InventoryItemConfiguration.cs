using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TemporalSagas.Activities.Orders.Data.Configurations;

internal sealed class InventoryItemConfiguration : IEntityTypeConfiguration<InventoryItem>
{
    public void Configure(EntityTypeBuilder<InventoryItem> builder)
    {
        // The check constraint backs up the conditional decrement: stock can never go negative.
        builder.ToTable("inventory_items", t => t.HasCheckConstraint("ck_inventory_items_stock", "stock >= 0"));
        builder.HasKey(i => i.Sku);
        builder.Property(i => i.Sku).HasMaxLength(32);
    }
}
