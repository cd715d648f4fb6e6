namespace TemporalSagas.Activities.Flights.Data;

public class FlightSeatInventory
{
    public int Id { get; set; }

    public required string FlightId { get; set; }

    public required string SeatClass { get; set; }

    public int SeatsAvailable { get; set; }

    /// <summary>Seats of the class in all: <see cref="SeatsAvailable"/> plus the seats of live holds (checked by <c>starter verify</c>).</summary>
    public int Capacity { get; set; }
}
