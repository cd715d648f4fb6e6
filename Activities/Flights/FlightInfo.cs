namespace TemporalSagas.Activities.Flights;

public sealed record FlightInfo(
    string Id, string Origin, string Destination, DateTime DepartureUtc, IReadOnlyList<SeatClassAvailability> SeatClasses)
{
    public SeatClassAvailability? SeatClass(string seatClass) => SeatClasses.FirstOrDefault(c => c.SeatClass == seatClass);
}

public sealed record SeatClassAvailability(string SeatClass, int SeatsAvailable);
