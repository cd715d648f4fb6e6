namespace TemporalSagas.Activities.Orders.Data;

/// <summary>SIMULATED inventory service: the stock one order holds, all lines together.</summary>
public class InventoryReservation
{
    public const string Reserved = "reserved";
    public const string Released = "released";

    public required string Id { get; set; }

    public required string OrderId { get; set; }

    public required string LinesJson { get; set; }

    public string Status { get; set; } = Reserved;

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? ReleasedUtc { get; set; }
}
