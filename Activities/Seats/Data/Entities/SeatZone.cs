namespace TemporalSagas.Activities.Seats.Data;

/// <summary>A zone of a venue: how many seats it has and how many are still free.</summary>
public class SeatZone
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Seats in the zone; <see cref="Available"/> plus held and confirmed seats always equal it.</summary>
    public int Capacity { get; set; }

    public int Available { get; set; }

    public decimal PricePerSeat { get; set; }
}
