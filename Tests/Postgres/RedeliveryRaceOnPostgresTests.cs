using Microsoft.EntityFrameworkCore;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;

namespace TemporalSagas.Tests.Postgres;

/// <summary>
/// Two deliveries of one key racing on PostgreSQL (read committed, real row locks): another transaction holds the
/// row the step updates; attempt 1 blocks behind it and the server, having timed it out, delivers attempt 2, which
/// blocks too; the lock goes; attempt 1 commits the effect. Attempt 2 must then answer with attempt 1's result — not
/// the business failure its own conditional UPDATE would see (0 left), which the engine would read as "no effect"
/// and so leak the effect. On SQLite the transactions begin IMMEDIATE and serialise; here the key's claim does it.
/// </summary>
[Trait("Category", PostgresDevServerFixture.Category)]
public sealed class RedeliveryRaceOnPostgresTests : IAsyncLifetime
{
    private static readonly DateTime Expires = DateTime.UtcNow.AddMinutes(10);
    private PostgresActivityDatabase db = null!;

    public async Task InitializeAsync() => db = await PostgresActivityDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task ReserveSeatsAsync_SecondDeliveryWhileTheFirstWaitsForARowLock_ReturnsTheFirstHoldAndTheBooksBalance()
    {
        var request = new ReserveSeatsRequest(
            PostgresActivityDatabase.Key(SeatSteps.ReserveSeats), "race-booking", SeatDemoData.LastSeat, 1, Expires);

        var (first, second) = await RaceAsync<SeatActivities, SeatsHeld>(
            $"SELECT id FROM seat_zones WHERE id = '{SeatDemoData.LastSeat}' FOR UPDATE", a => a.ReserveSeatsAsync(request));

        second.Should().Be(first, "the redelivery replays the hold the first delivery made");
        await using var context = db.NewContext();
        var zone = await context.SeatZones().AsNoTracking().SingleAsync(z => z.Id == SeatDemoData.LastSeat);
        var held = await context.SeatReservations().AsNoTracking().Where(r => r.ZoneId == SeatDemoData.LastSeat).ToListAsync();
        held.Should().ContainSingle().Which.Id.Should().Be(first.ReservationId);
        (zone.Available + held.Sum(r => r.Quantity)).Should().Be(zone.Capacity, "every seat is either available or in a hold");
    }

    [Fact]
    public async Task ReserveSeatAsync_FlightSecondDeliveryWhileTheFirstWaitsForARowLock_ReturnsTheFirstHoldNotInsufficientSeats()
    {
        var request = new ReserveSeatRequest(
            PostgresActivityDatabase.Key(FlightSteps.ReserveSeat), FlightDemoData.LastSeatFlight, SeatClasses.Economy, 1);

        var (first, second) = await RaceAsync<FlightActivities, SeatHold>(
            $"SELECT flight_id FROM flight_seat_inventory WHERE flight_id = '{FlightDemoData.LastSeatFlight}' AND seat_class = '{SeatClasses.Economy}' FOR UPDATE",
            a => a.ReserveSeatAsync(request));

        second.Should().Be(first);
        await using var context = db.NewContext();
        var available = await context.FlightSeatInventory().AsNoTracking()
            .Where(i => i.FlightId == FlightDemoData.LastSeatFlight && i.SeatClass == SeatClasses.Economy)
            .Select(i => i.SeatsAvailable).SingleAsync();
        var holds = await context.SeatHolds().AsNoTracking().Where(h => h.FlightId == FlightDemoData.LastSeatFlight).ToListAsync();
        holds.Should().ContainSingle().Which.Id.Should().Be(first.HoldId);
        (available + holds.Sum(h => h.Seats)).Should().Be(1, "the flight's last seat is either available or held");
    }

    [Fact]
    public async Task DeductLoyaltyPointsAsync_SecondDeliveryWhileTheFirstWaitsForARowLock_ReturnsTheFirstDeductionNotInsufficientPoints()
    {
        const string user = "bob";
        var balance = FlightDemoData.LoyaltyPoints[user];
        var request = new DeductPointsRequest(PostgresActivityDatabase.Key(FlightSteps.DeductLoyaltyPoints), user, balance);

        var (first, second) = await RaceAsync<FlightActivities, PointsDeduction>(
            $"SELECT user_id FROM loyalty_accounts WHERE user_id = '{user}' FOR UPDATE", a => a.DeductLoyaltyPointsAsync(request));

        second.Should().Be(first);
        await using var context = db.NewContext();
        var left = await context.LoyaltyAccounts().AsNoTracking().Where(a => a.UserId == user).Select(a => a.PointsBalance).SingleAsync();
        var deducted = await context.LoyaltyTransactions().AsNoTracking().Where(t => t.UserId == user).ToListAsync();
        deducted.Should().ContainSingle().Which.Id.Should().Be(first.DeductionId);
        (left + deducted.Sum(t => t.Points)).Should().Be(balance, "the points are either in the account or in the deduction");
    }

    [Fact]
    public async Task ReserveInventoryAsync_SecondDeliveryWhileTheFirstWaitsForARowLock_ReturnsTheFirstReservationNotOutOfStock()
    {
        var request = new ReserveInventoryRequest(
            PostgresActivityDatabase.Key(OrderSteps.ReserveInventory), "race-order", [new(OrderDemoData.LastOne, 1)]);

        var (first, second) = await RaceAsync<InventoryActivities, InventoryReserved>(
            $"SELECT sku FROM inventory_items WHERE sku = '{OrderDemoData.LastOne}' FOR UPDATE", a => a.ReserveInventoryAsync(request));

        second.Should().BeEquivalentTo(first);
        await using var context = db.NewContext();
        var stock = await context.InventoryItems().AsNoTracking().Where(i => i.Sku == OrderDemoData.LastOne).Select(i => i.Stock).SingleAsync();
        var reservations = await context.InventoryReservations().AsNoTracking().Where(r => r.OrderId == "race-order").ToListAsync();
        reservations.Should().ContainSingle().Which.Id.Should().Be(first.ReservationId);
        (stock + first.Lines.Sum(l => l.Quantity)).Should().Be(1, "the last one is either in stock or reserved");
    }

    // Attempt 1 blocks behind the lock; from the server's view it timed out (the test stops waiting for it), so it
    // delivers attempt 2, which blocks too; then the lock goes and both finish.
    private async Task<(T First, T Second)> RaceAsync<TActivities, T>(string lockSql, Func<TActivities, Task<T>> call)
        where TActivities : notnull
    {
        Task<T> first, second;
        await using (await db.LockAsync(lockSql))
        {
            first = db.RunAsync(call, attempt: 1);
            await db.WaitForLockWaitersAsync(1);
            second = db.RunAsync(call, attempt: 2);
            await db.WaitForLockWaitersAsync(2);
            first.IsCompleted.Should().BeFalse("attempt 1 waits for the row lock");
            second.IsCompleted.Should().BeFalse("attempt 2 waits too");
        }

        var firstResult = await first.WaitAsync(TimeSpan.FromSeconds(30));
        T secondResult;
        try
        {
            secondResult = await second.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (ApplicationFailureException e)
        {
            throw new Xunit.Sdk.XunitException(
                $"attempt 2 failed {e.ErrorType} ({e.Message}) after attempt 1 committed {firstResult}: the engine would drop the compensation");
        }

        return (firstResult, secondResult);
    }
}
