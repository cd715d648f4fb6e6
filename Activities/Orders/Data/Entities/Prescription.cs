namespace TemporalSagas.Activities.Orders.Data;

/// <summary>SIMULATED pharmacy service: a prescription awaiting (or past) a pharmacist's decision.</summary>
public class Prescription
{
    public const string Pending = "pending";
    public const string Cancelled = "cancelled";

    public required string Id { get; set; }

    public required string OrderId { get; set; }

    public required string SkusJson { get; set; }

    public string Status { get; set; } = Pending;

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? CancelledUtc { get; set; }
}
