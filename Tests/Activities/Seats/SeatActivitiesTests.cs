using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using Temporalio.Testing;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;

namespace TemporalSagas.Tests.Activities.Seats;

/// <summary>The seat activities on a real SQLite database (real migrations, demo data), each call in its own scope.</summary>
public sealed class SeatActivitiesTests : IAsyncLifetime
{
    private const string Booking = "seat-reservation-test";

    // One expiry for every request: a redelivery carries the same request (its fingerprint must match).
    private static readonly DateTime Expires = DateTime.UtcNow.AddMinutes(10);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task ReserveSeatsAsync_TwentyConcurrentForTheLastSeat_OneWinsAndTheCountNeverGoesNegative()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => OutcomeAsync(Reserve($"k{i}", SeatDemoData.LastSeat, 1))));

        outcomes.Count(o => o == "held").Should().Be(1);
        outcomes.Count(o => o == SeatErrors.InsufficientSeats).Should().Be(19);
        (await AvailableAsync(SeatDemoData.LastSeat)).Should().Be(0);
        (await RowsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task ReserveSeatsAsync_SameKeyDeliveredTwice_OneHoldAndTheFirstResult()
    {
        var first = await RunAsync(a => a.ReserveSeatsAsync(Reserve("same", SeatDemoData.Vip, 3)));
        var again = await RunAsync(a => a.ReserveSeatsAsync(Reserve("same", SeatDemoData.Vip, 3)), attempt: 2);

        again.Should().Be(first);
        (await AvailableAsync(SeatDemoData.Vip)).Should().Be(17);
        (await RowsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task ReleaseSeatsAsync_Twice_SeatsCreditedOnce()
    {
        await RunAsync(a => a.ReserveSeatsAsync(Reserve("r", SeatDemoData.Vip, 4)));

        var first = await RunAsync(a => a.ReleaseSeatsAsync(Undo("r", "undo-1")));
        var second = await RunAsync(a => a.ReleaseSeatsAsync(Undo("r", "undo-2")));

        first.Should().Be(CompensationOutcome.Undone);
        second.Should().Be(CompensationOutcome.AlreadyUndone);
        (await AvailableAsync(SeatDemoData.Vip)).Should().Be(20);
    }

    [Fact]
    public async Task ConfirmSeatsAsync_ReleasedReservation_ReservationNotFoundAndNothingChanges()
    {
        await RunAsync(a => a.ReserveSeatsAsync(Reserve("c", SeatDemoData.Vip, 1)));
        await RunAsync(a => a.ReleaseSeatsAsync(Undo("c", "undo")));

        var error = await FailureAsync(a => a.ConfirmSeatsAsync(new("confirm-key", Booking, "c", "spay_1")));

        error.ErrorType.Should().Be(SeatErrors.ReservationNotFound);
        await using var context = db.NewContext();
        (await context.SeatReservations().SingleAsync()).Status.Should().Be(SeatReservation.Released);
    }

    [Fact]
    public async Task ReserveSeatsAsync_DatabaseLockedByAnotherConnection_RetryableDatabaseUnavailableAndNothingWritten()
    {
        await using var locker = new SqliteConnection(db.ConnectionString);
        await locker.OpenAsync();
        await using (var begin = locker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = await FailureAsync(a => a.ReserveSeatsAsync(Reserve("locked", SeatDemoData.Vip, 2)));
        var waited = watch.Elapsed;
        await using (var rollback = locker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        error.ErrorType.Should().Be(SeatErrors.DatabaseUnavailable);
        error.NonRetryable.Should().BeFalse("the server retries it until the database is back");
        waited.Should().BeLessThan(
            TimeSpan.FromSeconds(15), "an attempt gives up on the lock well inside the step's 15 s timeout (3 s busy timeout)");
        (await AvailableAsync(SeatDemoData.Vip)).Should().Be(20);
        (await RowsAsync()).Should().Be(0);
        var retried = await RunAsync(a => a.ReserveSeatsAsync(Reserve("locked", SeatDemoData.Vip, 2)), attempt: 2);
        retried.Attempt.Should().Be(2);
    }

    [Fact]
    public async Task ReserveSeatsAsync_SameKeyAnotherRequest_IdempotencyConflictAndNothingMoreTaken()
    {
        await RunAsync(a => a.ReserveSeatsAsync(Reserve("same-key", SeatDemoData.Vip, 2)));

        // The same key for 3 seats instead of 2 (a client bug, or a key reused across bookings): refused, not applied.
        var error = await FailureAsync(a => a.ReserveSeatsAsync(Reserve("same-key", SeatDemoData.Vip, 3)));

        error.ErrorType.Should().Be(SagaErrorTypes.IdempotencyConflict);
        error.NonRetryable.Should().BeTrue("the same request will never match");
        (await AvailableAsync(SeatDemoData.Vip)).Should().Be(18, "only the first request's 2 seats are taken");
        (await RowsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task ChargeSeatsAsync_DeclinedCard_PaymentDeclinedAndNoCharge()
    {
        var error = await FailureAsync(a => a.ChargeSeatsAsync(new("charge", Booking, 50m, SimulatedSeatPayments.DeclinedCard)));

        error.ErrorType.Should().Be(SeatErrors.PaymentDeclined);
        await using var context = db.NewContext();
        (await context.SeatPayments().CountAsync()).Should().Be(0);
    }

    private static ReserveSeatsRequest Reserve(string key, string zone, int quantity) =>
        new(key, $"{Booking}-{key}", zone, quantity, Expires);

    private static SeatUndoRequest Undo(string stepKey, string key) => new(key, stepKey, Booking, SeatSteps.ReserveSeats);

    private async Task<T> RunAsync<T>(Func<SeatActivities, Task<T>> call, int attempt = 1)
    {
        await using var scope = db.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<SeatActivities>();
        return await new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt } }.RunAsync(() => call(activities));
    }

    private async Task<ApplicationFailureException> FailureAsync<T>(Func<SeatActivities, Task<T>> call) =>
        await Assert.ThrowsAsync<ApplicationFailureException>(() => RunAsync(call));

    private async Task<string> OutcomeAsync(ReserveSeatsRequest request)
    {
        try
        {
            await RunAsync(a => a.ReserveSeatsAsync(request));
            return "held";
        }
        catch (ApplicationFailureException e)
        {
            return e.ErrorType ?? "?";
        }
    }

    private async Task<int> AvailableAsync(string zone)
    {
        await using var context = db.NewContext();
        return await context.SeatZones().Where(z => z.Id == zone).Select(z => z.Available).SingleAsync();
    }

    private async Task<int> RowsAsync()
    {
        await using var context = db.NewContext();
        return await context.SeatReservations().CountAsync();
    }
}
