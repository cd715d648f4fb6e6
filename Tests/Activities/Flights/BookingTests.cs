using TemporalSagas.Activities;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Flights;

public sealed class BookingTests : IAsyncLifetime
{
    private static readonly string Key = TestDatabase.Key(FlightSteps.ConfirmBooking);
    private static readonly string UndoKey = TestDatabase.CompensationKey(FlightSteps.ConfirmBooking);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task ConfirmBookingAsync_HeldSeatsAndPayment_CreatesBookingWithReadableReference()
    {
        var request = await ConfirmRequestAsync();

        var booking = await db.RunAsync(a => a.ConfirmBookingAsync(request));

        booking.BookingReference.Should().MatchRegex("^[A-HJ-NP-Z2-9]{8}$");
        (await db.ListAsync<Booking>()).Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Id = booking.BookingId,
            booking.BookingReference,
            FlightId = "TS103",
            UserId = "alice",
            Passengers = 2,
            Status = Booking.Confirmed,
        });
    }

    [Fact]
    public async Task ConfirmBookingAsync_Redelivered_ReturnsTheSameReference()
    {
        var request = await ConfirmRequestAsync();

        var first = await db.RunAsync(a => a.ConfirmBookingAsync(request));
        var again = await db.RunAsync(a => a.ConfirmBookingAsync(request), attempt: 2);

        again.Should().Be(first);
        (await db.ListAsync<Booking>()).Should().ContainSingle();
    }

    [Fact]
    public async Task ConfirmBookingAsync_HoldAlreadyReleased_FailsInvalidInputAndWritesNothing()
    {
        var request = await ConfirmRequestAsync();
        var hold = (await db.ListAsync<SeatHoldEntity>()).Single();
        await db.RunAsync(a => a.ReleaseSeatAsync(new("undo", hold.IdempotencyKey)));

        var failure = await db.FailureOfAsync(a => a.ConfirmBookingAsync(request));

        failure!.ErrorType.Should().Be(SagaErrorTypes.InvalidInput);
        (await db.ListAsync<Booking>()).Should().BeEmpty();
    }

    [Fact]
    public async Task CancelBookingAsync_ConfirmedBooking_CancelsExactlyOnce()
    {
        var request = await ConfirmRequestAsync();
        var booking = await db.RunAsync(a => a.ConfirmBookingAsync(request));

        await db.RunAsync(a => a.CancelBookingAsync(new(UndoKey, request.IdempotencyKey)));
        await db.RunAsync(a => a.CancelBookingAsync(new(UndoKey, request.IdempotencyKey)), attempt: 2);
        await db.RunAsync(a => a.CancelBookingAsync(new("operator/another-key", request.IdempotencyKey)));

        var stored = (await db.ListAsync<Booking>()).Should().ContainSingle().Subject;
        stored.Status.Should().Be(Booking.Cancelled);
        stored.CancelledUtc.Should().NotBeNull();
        db.Logs.Entries.Should().ContainSingle(e => e.Message.StartsWith("Cancelled booking", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelBookingAsync_NoSuchBooking_SucceedsWithNothingToUndo()
    {
        await db.RunAsync(a => a.CancelBookingAsync(new(UndoKey, "saga/never-booked")));

        (await db.ListAsync<Booking>()).Should().BeEmpty();
        db.Logs.Entries.Should().Contain(e => e.Message.Contains("No booking of saga/never-booked to cancel"));
    }

    [Fact]
    public void BookingReferenceNew_ManyReferences_AreEightUnambiguousCharacters()
    {
        var references = Enumerable.Range(0, 2_000).Select(_ => BookingReference.New()).ToList();

        references.Should().OnlyContain(r => r.Length == 8 && BookingReference.IsValid(r));
        string.Concat(references).Should().NotContainAny("0", "O", "1", "I");
        references.Distinct().Should().HaveCount(references.Count);
    }

    private async Task<ConfirmBookingRequest> ConfirmRequestAsync()
    {
        var hold = await db.RunAsync(a => a.ReserveSeatAsync(new(TestDatabase.Key(FlightSteps.ReserveSeat), "TS103", SeatClasses.First, 2)));
        var payment = await db.RunAsync(a => a.ProcessPaymentAsync(new(TestDatabase.Key(FlightSteps.ProcessPayment), "alice", 2_400m, "card")));
        return new ConfirmBookingRequest(Key, "TS103", "alice", SeatClasses.First, 2, hold.HoldId, payment.PaymentId);
    }
}
