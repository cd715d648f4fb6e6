namespace TemporalSagas.Activities.Seats.Data;

/// <summary>SIMULATED payment provider's ledger for seat bookings: a charge, or the refund of one (<see cref="RefundOf"/>).</summary>
public class SeatPayment
{
    public const string Charge = "charge";
    public const string Refund = "refund";

    public required string Id { get; set; }

    public required string BookingId { get; set; }

    public required string Kind { get; set; }

    public decimal Amount { get; set; }

    public required string Method { get; set; }

    public string? RefundOf { get; set; }

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }
}
