namespace TemporalSagas.Activities.Flights.Data;

public class Flight
{
    public required string Id { get; set; }

    public required string Origin { get; set; }

    public required string Destination { get; set; }

    public DateTime DepartureUtc { get; set; }

    public List<FlightSeatInventory> SeatInventory { get; set; } = [];
}
