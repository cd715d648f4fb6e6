namespace TemporalSagas.Activities.Flights.Data;

public class SeatHoldEntity
{
    public const string Held = "held";
    public const string Released = "released";

    public required string Id { get; set; }

    public required string FlightId { get; set; }

    public required string SeatClass { get; set; }

    public int Seats { get; set; }

    public string Status { get; set; } = Held;

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? ReleasedUtc { get; set; }
}
