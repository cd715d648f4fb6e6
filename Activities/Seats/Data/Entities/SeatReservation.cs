namespace TemporalSagas.Activities.Seats.Data;

/// <summary>Seats taken from a zone by one booking: held, then confirmed (paid) or released (expired, released,
/// payment failed). The seats go back to the zone exactly when the row turns released.</summary>
public class SeatReservation
{
    public const string Held = "held";
    public const string Confirmed = "confirmed";
    public const string Released = "released";

    public required string Id { get; set; }

    /// <summary>The booking id the client holds: the workflow id <c>seat-reservation-{key}</c>.</summary>
    public required string BookingId { get; set; }

    public required string ZoneId { get; set; }

    public int Quantity { get; set; }

    public decimal Amount { get; set; }

    public string Status { get; set; } = Held;

    public required string IdempotencyKey { get; set; }

    public string? PaymentId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }

    public DateTime? ConfirmedUtc { get; set; }

    public DateTime? ReleasedUtc { get; set; }
}
