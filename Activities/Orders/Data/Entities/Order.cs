namespace TemporalSagas.Activities.Orders.Data;

public class Order
{
    public const string Created = "created";
    public const string Cancelled = "cancelled";

    public required string Id { get; set; }

    public required string SagaId { get; set; }

    public required string ItemsJson { get; set; }

    public required string ShippingAddress { get; set; }

    public string Status { get; set; } = Created;

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? CancelledUtc { get; set; }
}
