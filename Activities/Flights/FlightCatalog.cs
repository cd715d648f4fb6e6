using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Activities.Flights;

/// <summary>Read-only look-ups the CLI uses to check input before it starts a saga.</summary>
public sealed class FlightCatalog(SagasDbContext db)
{
    public async Task<FlightInfo?> FindFlightAsync(string flightId, CancellationToken cancellationToken = default)
    {
        var flight = await db.Flights().AsNoTracking()
            .Include(f => f.SeatInventory)
            .FirstOrDefaultAsync(f => f.Id == flightId, cancellationToken);
        return flight is null ? null : ToInfo(flight);
    }

    public async Task<IReadOnlyList<FlightInfo>> ListFlightsAsync(CancellationToken cancellationToken = default)
    {
        var flights = await db.Flights().AsNoTracking()
            .Include(f => f.SeatInventory)
            .OrderBy(f => f.Id)
            .ToListAsync(cancellationToken);
        return flights.Select(ToInfo).ToList();
    }

    /// <summary>The user's loyalty points, or null when the user has no loyalty account.</summary>
    public Task<int?> FindLoyaltyBalanceAsync(string userId, CancellationToken cancellationToken = default) =>
        db.LoyaltyAccounts().Where(a => a.UserId == userId).Select(a => (int?)a.PointsBalance).FirstOrDefaultAsync(cancellationToken);

    private static FlightInfo ToInfo(Flight flight) => new(
        flight.Id,
        flight.Origin,
        flight.Destination,
        DateTime.SpecifyKind(flight.DepartureUtc, DateTimeKind.Utc),
        flight.SeatInventory
            .OrderBy(i => SeatClasses.All.ToList().IndexOf(i.SeatClass))
            .Select(i => new SeatClassAvailability(i.SeatClass, i.SeatsAvailable))
            .ToList());
}
