namespace TemporalSagas.Activities.Flights.Data;

public class FlightSeatInventory
{
    public int Id { get; set; }

    public required string FlightId { get; set; }

    public required string SeatClass { get; set; }

    public int SeatsAvailable { get; set; }
}
