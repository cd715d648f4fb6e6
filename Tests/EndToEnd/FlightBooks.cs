using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>What a booking changes, for one user and one flight's seat class: compare before and after a saga.</summary>
public sealed record FlightBooks(int Seats, int Points, decimal NetPaid, int ConfirmedBookings)
{
    public static async Task<FlightBooks> ReadAsync(DevServerFixture fixture, string flightId, string seatClass, string userId)
    {
        await using var db = fixture.Db();
        var seats = await db.FlightSeatInventory()
            .Where(i => i.FlightId == flightId && i.SeatClass == seatClass)
            .Select(i => i.SeatsAvailable).SingleAsync();
        var points = await db.LoyaltyAccounts().Where(a => a.UserId == userId).Select(a => a.PointsBalance).SingleAsync();
        var payments = await db.Payments().Where(p => p.UserId == userId).ToListAsync();
        var netPaid = payments.Sum(p => p.Kind == Payment.Refund ? -p.Amount : p.Amount);
        var confirmed = await db.Bookings().CountAsync(b => b.UserId == userId && b.Status == Booking.Confirmed);
        return new FlightBooks(seats, points, netPaid, confirmed);
    }

    public static Task<FlightBooks> ReadAsync(DevServerFixture fixture, TemporalSagas.Workflows.Flights.FlightBookingInput input) =>
        ReadAsync(fixture, input.FlightId, input.SeatClass, input.UserId);

    /// <summary>
    /// <paramref name="template"/> on a flight and a loyalty account of this test's own, seeded like the demo's
    /// (TS100's seats, alice's points): a before/after comparison cannot be disturbed by another test's saga — one
    /// still running in the background, or another class of the collection — on the shared demo books.
    /// </summary>
    public static async Task<TemporalSagas.Workflows.Flights.FlightBookingInput> OwnBooksAsync(
        DevServerFixture fixture, TemporalSagas.Workflows.Flights.FlightBookingInput template)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (flightId, userId) = ($"E2E-{suffix}", $"e2e-{suffix}");
        await using var db = fixture.Db();
        var flight = await db.Flights().AsNoTracking().SingleAsync(f => f.Id == template.FlightId);
        var classes = await db.FlightSeatInventory().AsNoTracking().Where(i => i.FlightId == template.FlightId).ToListAsync();
        var points = await db.LoyaltyAccounts().AsNoTracking()
            .Where(a => a.UserId == template.UserId).Select(a => a.PointsBalance).SingleAsync();
        db.Flights().Add(new Flight { Id = flightId, Origin = flight.Origin, Destination = flight.Destination, DepartureUtc = flight.DepartureUtc });
        db.FlightSeatInventory().AddRange(classes.Select(i => new FlightSeatInventory
        {
            FlightId = flightId,
            SeatClass = i.SeatClass,
            SeatsAvailable = i.Capacity,
            Capacity = i.Capacity,
        }));
        db.LoyaltyAccounts().Add(new LoyaltyAccount { UserId = userId, PointsBalance = Math.Max(points, 50_000) });
        await db.SaveChangesAsync();
        return template with { FlightId = flightId, UserId = userId };
    }
}
