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
}
