using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Activities.Flights;

/// <summary>Flights and loyalty accounts the demo and the CLI examples use.</summary>
public static class FlightDemoData
{
    public const string LastSeatFlight = "TS105";

    public static readonly IReadOnlyList<(string Id, string Origin, string Destination, int DaysAhead)> Flights =
    [
        ("TS100", "JFK", "LHR", 7),
        ("TS101", "LHR", "JFK", 8),
        ("TS102", "SFO", "NRT", 10),
        ("TS103", "NRT", "SFO", 12),
        ("TS104", "CDG", "DXB", 14),
        (LastSeatFlight, "DXB", "SIN", 15),
    ];

    public static readonly IReadOnlyDictionary<string, int> Seats = new Dictionary<string, int>
    {
        [SeatClasses.Economy] = 150,
        [SeatClasses.Business] = 30,
        [SeatClasses.First] = 8,
    };

    public static readonly IReadOnlyDictionary<string, int> LoyaltyPoints = new Dictionary<string, int>
    {
        ["alice"] = 50_000,
        ["bob"] = 1_000,
        ["carol"] = 0,
    };

    /// <summary>Adds only what is missing, so it never resets seats or balances the sagas have changed.</summary>
    public static async Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken = default)
    {
        // SQLite transactions begin IMMEDIATE: a second process seeding at the same time waits, then finds the rows.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var departureDay = DateTime.UtcNow.Date;

        var flightIds = await db.Flights().Select(f => f.Id).ToListAsync(cancellationToken);
        var inventory = await db.FlightSeatInventory()
            .Select(i => new { i.FlightId, i.SeatClass })
            .ToListAsync(cancellationToken);
        foreach (var (id, origin, destination, daysAhead) in Flights)
        {
            if (!flightIds.Contains(id))
            {
                db.Flights().Add(new Flight
                {
                    Id = id,
                    Origin = origin,
                    Destination = destination,
                    DepartureUtc = departureDay.AddDays(daysAhead).AddHours(10),
                });
            }

            foreach (var (seatClass, seats) in Seats)
            {
                if (!inventory.Any(i => i.FlightId == id && i.SeatClass == seatClass))
                {
                    db.FlightSeatInventory().Add(new FlightSeatInventory
                    {
                        FlightId = id,
                        SeatClass = seatClass,
                        SeatsAvailable = id == LastSeatFlight && seatClass == SeatClasses.Economy ? 1 : seats,
                        Capacity = id == LastSeatFlight && seatClass == SeatClasses.Economy ? 1 : seats,
                    });
                }
            }
        }

        var users = await db.LoyaltyAccounts().Select(a => a.UserId).ToListAsync(cancellationToken);
        foreach (var (userId, points) in LoyaltyPoints)
        {
            if (!users.Contains(userId))
            {
                db.LoyaltyAccounts().Add(new LoyaltyAccount { UserId = userId, PointsBalance = points });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
