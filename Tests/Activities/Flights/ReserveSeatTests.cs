using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Flights;

public sealed class ReserveSeatTests : IAsyncLifetime
{
    private static readonly string Key = TestDatabase.Key(FlightSteps.ReserveSeat);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task ReserveSeatAsync_SeatsAvailable_DecrementsInventoryAndCreatesHold()
    {
        var hold = await db.RunAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Business, 2)));

        hold.Should().BeEquivalentTo(new { FlightId = "TS100", SeatClass = SeatClasses.Business, Seats = 2 });
        (await db.SeatsAvailableAsync("TS100", SeatClasses.Business)).Should().Be(28);
        var stored = (await db.ListAsync<SeatHoldEntity>()).Should().ContainSingle().Subject;
        stored.Should().BeEquivalentTo(new { Id = hold.HoldId, Status = SeatHoldEntity.Held, IdempotencyKey = Key, Seats = 2 });
    }

    [Fact]
    public async Task ReserveSeatAsync_RedeliveredWithSameKey_ReturnsFirstHoldAndDecrementsOnce()
    {
        var first = await db.RunAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 3)));
        var again = await db.RunAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 3)), attempt: 2);

        again.Should().Be(first);
        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(147);
        (await db.ListAsync<SeatHoldEntity>()).Should().ContainSingle();
    }

    [Fact]
    public async Task ReserveSeatAsync_ConcurrentDeliveriesOfOneKey_AllReturnTheFirstHoldAndDecrementOnce()
    {
        var holds = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => db.RunAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.First, 2))))));

        holds.Distinct().Should().ContainSingle();
        (await db.SeatsAvailableAsync("TS100", SeatClasses.First)).Should().Be(6);
        (await db.ListAsync<SeatHoldEntity>()).Should().ContainSingle();
    }

    [Fact]
    public async Task ReserveSeatAsync_TwentyFiveCallersForThreeSeats_ExactlyThreeWinAndSeatsNeverGoNegative()
    {
        await db.SetSeatsAvailableAsync("TS101", SeatClasses.Economy, 3);

        // Separate sagas (keys), separate scopes and DbContexts, all at once.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(() =>
            db.FailureOfAsync(a => a.ReserveSeatAsync(new($"flight-booking-{i}/RESERVE_SEAT", "TS101", SeatClasses.Economy, 1))))));

        outcomes.Count(failure => failure is null).Should().Be(3);
        outcomes.Where(failure => failure is not null).Should().HaveCount(22)
            .And.OnlyContain(failure => failure!.ErrorType == FlightErrors.InsufficientSeats && failure.NonRetryable);
        (await db.SeatsAvailableAsync("TS101", SeatClasses.Economy)).Should().Be(0);
        (await db.ListAsync<SeatHoldEntity>()).Should().HaveCount(3);
    }

    [Fact]
    public async Task ReserveSeatAsync_LastSeatFlightForTwo_FailsInsufficientSeatsAndWritesNothing()
    {
        var failure = await db.FailureOfAsync(a => a.ReserveSeatAsync(new(Key, FlightDemoData.LastSeatFlight, SeatClasses.Economy, 2)));

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(FlightErrors.InsufficientSeats);
        failure.NonRetryable.Should().BeTrue();
        failure.Message.Should().Contain("1 left");
        (await db.SeatsAvailableAsync(FlightDemoData.LastSeatFlight, SeatClasses.Economy)).Should().Be(1);
        (await db.ListAsync<SeatHoldEntity>()).Should().BeEmpty();
        (await db.IdempotencyRecordCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task ReserveSeatAsync_LastSeat_SucceedsOnceAndLeavesZero()
    {
        await db.RunAsync(a => a.ReserveSeatAsync(new(Key, FlightDemoData.LastSeatFlight, SeatClasses.Economy, 1)));
        var second = await db.FailureOfAsync(a => a.ReserveSeatAsync(
            new("flight-booking-other/RESERVE_SEAT", FlightDemoData.LastSeatFlight, SeatClasses.Economy, 1)));

        second!.ErrorType.Should().Be(FlightErrors.InsufficientSeats);
        (await db.SeatsAvailableAsync(FlightDemoData.LastSeatFlight, SeatClasses.Economy)).Should().Be(0);
    }

    [Fact]
    public async Task ReserveSeatAsync_CheckRidesOnTheStep_RefusesEveryProblemAtOnceAndWritesNothing()
    {
        var failure = await db.FailureOfAsync(a => a.ReserveSeatAsync(
            new(Key, "TS999", SeatClasses.Economy, 1, Check: new("TS999", SeatClasses.Economy, "nobody"))));

        failure!.ErrorType.Should().Be(SagaErrorTypes.InvalidInput);
        failure.NonRetryable.Should().BeTrue();
        failure.Message.Should().Be("flight id: unknown flight 'TS999'; user id: no account for user 'nobody'");
        (await db.IdempotencyRecordCountAsync()).Should().Be(0);
        (await db.ListAsync<SeatHoldEntity>()).Should().BeEmpty();
    }

    [Fact]
    public async Task ReserveSeatAsync_CheckRidesOnTheStep_ValidBookingIsHeldAndARedeliveryReturnsTheHoldWithoutCheckingAgain()
    {
        var request = new ReserveSeatRequest(Key, "TS100", SeatClasses.Economy, 1, Check: new("TS100", SeatClasses.Economy, "alice"));
        var first = await db.RunAsync(a => a.ReserveSeatAsync(request));

        // The user's account is gone by the redelivery: the hold the first attempt made is still the answer, not a
        // refusal that would hide an effect.
        await db.DeleteLoyaltyAccountAsync("alice");
        var again = await db.RunAsync(a => a.ReserveSeatAsync(request), attempt: 2);

        again.Should().Be(first);
        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(149);
    }

    [Fact]
    public async Task ReserveSeatAsync_UnknownFlight_FailsInvalidInput()
    {
        var failure = await db.FailureOfAsync(a => a.ReserveSeatAsync(new(Key, "TS999", SeatClasses.Economy, 1)));

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(SagaErrorTypes.InvalidInput);
        failure.NonRetryable.Should().BeTrue();
        failure.Message.Should().StartWith("unknown flight TS999");
        (await db.IdempotencyRecordCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task ReserveSeatAsync_UnknownSeatClass_FailsInvalidInput()
    {
        var failure = await db.FailureOfAsync(a => a.ReserveSeatAsync(new(Key, "TS100", "premium", 1)));

        failure!.ErrorType.Should().Be(SagaErrorTypes.InvalidInput);
        failure.Message.Should().Contain("seat class 'premium'");
    }

    [Fact]
    public async Task ReleaseSeatAsync_HeldSeats_ReturnsThemExactlyOnce()
    {
        var hold = await db.RunAsync(a => a.ReserveSeatAsync(new(Key, "TS102", SeatClasses.Business, 4)));
        var undo = TestDatabase.CompensationKey(FlightSteps.ReserveSeat);

        await db.RunAsync(a => a.ReleaseSeatAsync(new(undo, Key)));
        await db.RunAsync(a => a.ReleaseSeatAsync(new(undo, Key)), attempt: 2);
        await db.RunAsync(a => a.ReleaseSeatAsync(new("operator/another-key", Key)));

        (await db.SeatsAvailableAsync("TS102", SeatClasses.Business)).Should().Be(30);
        (await db.ListAsync<SeatHoldEntity>()).Should().ContainSingle().Which.Status.Should().Be(SeatHoldEntity.Released);
    }

    [Fact]
    public async Task ReleaseSeatAsync_NoSuchHold_SucceedsWithNothingToUndo()
    {
        await db.RunAsync(a => a.ReleaseSeatAsync(new(TestDatabase.CompensationKey(FlightSteps.ReserveSeat), "saga/never-reserved")));

        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(150);
        db.Logs.Entries.Should().Contain(e => e.Message.Contains("No seat hold of saga/never-reserved to release"));
    }
}
