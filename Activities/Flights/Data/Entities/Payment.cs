namespace TemporalSagas.Activities.Flights.Data;

/// <summary>Payments ledger row: a charge, or the refund of one (<see cref="RefundOf"/>).</summary>
public class Payment
{
    public const string Charge = "charge";
    public const string Refund = "refund";
    public const string Succeeded = "succeeded";

    public required string Id { get; set; }

    public required string UserId { get; set; }

    public decimal Amount { get; set; }

    public required string Method { get; set; }

    public required string Kind { get; set; }

    public string Status { get; set; } = Succeeded;

    public string? RefundOf { get; set; }

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }
}
