namespace TemporalSagas.Activities.Orders.Data;

/// <summary>SIMULATED inventory service: stock on hand per SKU.</summary>
public class InventoryItem
{
    public required string Sku { get; set; }

    public required string Name { get; set; }

    public int Stock { get; set; }

    public bool RequiresPrescription { get; set; }
}
