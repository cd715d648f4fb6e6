using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Seats.Data;

namespace TemporalSagas.Activities.Seats;

/// <summary>The demo venue's zones; <see cref="LastSeat"/> has a single seat for the race scenario.</summary>
public static class SeatDemoData
{
    public const string Floor = "FLOOR";
    public const string Balcony = "BALCONY";
    public const string Vip = "VIP";
    public const string LastSeat = "LAST-SEAT";

    public static readonly IReadOnlyList<(string Id, string Name, int Capacity, decimal Price)> Zones =
    [
        (Floor, "Floor standing", 500, 60m),
        (Balcony, "Balcony, seated", 200, 85m),
        (Vip, "VIP boxes", 20, 250m),
        (LastSeat, "The last seat", 1, 99m),
    ];

    /// <summary>Adds only the zones that are missing, so it never resets seats the sagas have taken.</summary>
    public static async Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.SeatZones().Select(z => z.Id).ToListAsync(cancellationToken);
        foreach (var (id, name, capacity, price) in Zones.Where(z => !existing.Contains(z.Id)))
        {
            db.SeatZones().Add(new SeatZone { Id = id, Name = name, Capacity = capacity, Available = capacity, PricePerSeat = price });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Adds a zone (tests and load scenarios give each run zones of its own); false when the id is taken.</summary>
    public static async Task<bool> AddZoneAsync(SagasDbContext db, string id, int capacity, decimal price = 50m, CancellationToken cancellationToken = default)
    {
        if (await db.SeatZones().AnyAsync(z => z.Id == id, cancellationToken))
        {
            return false;
        }

        db.SeatZones().Add(new SeatZone { Id = id, Name = id, Capacity = capacity, Available = capacity, PricePerSeat = price });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
