namespace TemporalSagas.Activities.Orders.Data;

/// <summary>SIMULATED carrier service: a shipment booked for an order.</summary>
public class Shipment
{
    public const string Initiated = "initiated";
    public const string Cancelled = "cancelled";

    public required string Id { get; set; }

    public required string OrderId { get; set; }

    public required string Carrier { get; set; }

    public required string TrackingNumber { get; set; }

    public required string Address { get; set; }

    public string Status { get; set; } = Initiated;

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? CancelledUtc { get; set; }
}
