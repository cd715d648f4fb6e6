namespace TemporalSagas.Activities.Flights.Data;

public class Booking
{
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";

    public required string Id { get; set; }

    public required string BookingReference { get; set; }

    public required string FlightId { get; set; }

    public required string UserId { get; set; }

    public required string SeatClass { get; set; }

    public int Passengers { get; set; }

    public required string HoldId { get; set; }

    public required string PaymentId { get; set; }

    public string Status { get; set; } = Confirmed;

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? CancelledUtc { get; set; }
}
