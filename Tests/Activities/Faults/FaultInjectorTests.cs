using Microsoft.Extensions.Logging;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Faults;

public sealed class FaultInjectorTests : IAsyncLifetime
{
    private static readonly string Key = TestDatabase.Key(FlightSteps.ReserveSeat);
    private static readonly string UndoKey = TestDatabase.CompensationKey(FlightSteps.ReserveSeat);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task ReserveSeatAsync_FailAtReserveSeat_FailsNonRetryableBeforeReserving()
    {
        var failure = await db.FailureOfAsync(a => a.ReserveSeatAsync(
            new(Key, "TS100", SeatClasses.Economy, 1, new FaultPlan(FailAt: FlightSteps.ReserveSeat))));

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(SagaErrorTypes.SimulatedFailure);
        failure.NonRetryable.Should().BeTrue();
        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(150);
        (await db.ListAsync<SeatHoldEntity>()).Should().BeEmpty();
    }

    [Fact]
    public async Task ProcessPaymentAsync_FailAtAnotherStep_IsNotAffected()
    {
        var receipt = await db.RunAsync(a => a.ProcessPaymentAsync(new(
            TestDatabase.Key(FlightSteps.ProcessPayment), "alice", 10m, "card", new FaultPlan(FailAt: FlightSteps.ConfirmBooking))));

        receipt.Amount.Should().Be(10m);
    }

    [Fact]
    public async Task ReserveSeatAsync_TransientAtReserveSeat_FailsRetryablyForTheFirstCallsThenReserves()
    {
        var plan = new FaultPlan(TransientAt: FlightSteps.ReserveSeat, TransientFailures: 2);

        foreach (var attempt in new[] { 1, 2 })
        {
            var failure = await db.FailureOfAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 1, plan)), attempt);

            failure.Should().NotBeNull($"call {attempt} of 2 fails");
            failure!.ErrorType.Should().Be(SagaErrorTypes.SimulatedTransientFailure);
            failure.NonRetryable.Should().BeFalse();
            (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(150);
        }

        (await db.FailureOfAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 1, plan)), attempt: 3)).Should().BeNull();
        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(149);
    }

    // An outage that outlasts the step's retries: the operator's retry is a new activity (attempt 1 again), and must
    // find the provider back rather than fail the same number of times over.
    [Fact]
    public async Task ReserveSeatAsync_TransientFailuresSpent_ARetryStartingOverAtAttemptOneReserves()
    {
        var plan = new FaultPlan(TransientAt: FlightSteps.ReserveSeat, TransientFailures: 2);
        (await db.FailureOfAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 1, plan)), attempt: 1)).Should().NotBeNull();
        (await db.FailureOfAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 1, plan)), attempt: 2)).Should().NotBeNull();

        var retry = await db.FailureOfAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 1, plan)), attempt: 1);

        retry.Should().BeNull();
        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(149);
    }

    [Fact]
    public async Task ProcessPaymentAsync_FailAfterEffect_FirstAttemptCommitsThenFailsRetryablyAndTheRetryReturnsTheFirstCharge()
    {
        var key = TestDatabase.Key(FlightSteps.ProcessPayment);
        var plan = new FaultPlan(FailAfterEffectAt: FlightSteps.ProcessPayment);

        var failure = await db.FailureOfAsync(a => a.ProcessPaymentAsync(new(key, "alice", 300m, "card", plan)), attempt: 1);

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(SagaErrorTypes.SimulatedTransientFailure);
        failure.NonRetryable.Should().BeFalse();
        var charge = (await db.ListAsync<Payment>()).Should().ContainSingle("the effect committed before the failure").Subject;

        var receipt = await db.RunAsync(a => a.ProcessPaymentAsync(new(key, "alice", 300m, "card", plan)), attempt: 2);

        receipt.PaymentId.Should().Be(charge.Id);
        (await db.ListAsync<Payment>()).Should().ContainSingle();
    }

    [Fact]
    public async Task ReleaseSeatAsync_FailCompensationOfReserveSeat_FailsFirstCallsPerKeyThenReleases()
    {
        var plan = new FaultPlan(FailCompensationOf: FlightSteps.ReserveSeat, CompensationFailures: 5, CompensationFailuresRetryable: true);
        var hold = await db.RunAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 2, plan)));

        // The saga's 5 attempts all fail: it goes to manual review with the seats still held.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failure = await db.FailureOfAsync(a => a.ReleaseSeatAsync(new(UndoKey, Key, plan)), attempt);
            failure.Should().NotBeNull($"call {attempt} of 5 should fail");
            failure!.ErrorType.Should().Be(SagaErrorTypes.SimulatedTransientFailure);
            failure.NonRetryable.Should().BeFalse();
        }

        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(148);

        // The operator's retry (attempt numbering starts again) succeeds.
        await db.RunAsync(a => a.ReleaseSeatAsync(new(UndoKey, Key, plan)), attempt: 1);

        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(150);
        (await db.ListAsync<SimulatedFaultCounter>()).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Key = UndoKey, Failures = 5 });
    }

    [Fact]
    public async Task ReleaseSeatAsync_FailCompensationOfReserveSeat_CountsEachKeySeparately()
    {
        var plan = new FaultPlan(FailCompensationOf: FlightSteps.ReserveSeat, CompensationFailures: 1);
        var hold = await db.RunAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 1, plan)));

        (await db.FailureOfAsync(a => a.ReleaseSeatAsync(new("saga-a/compensate/RESERVE_SEAT", Key, plan)))).Should().NotBeNull();
        (await db.FailureOfAsync(a => a.ReleaseSeatAsync(new("saga-b/compensate/RESERVE_SEAT", Key, plan)))).Should().NotBeNull();
        (await db.FailureOfAsync(a => a.ReleaseSeatAsync(new("saga-a/compensate/RESERVE_SEAT", Key, plan)))).Should().BeNull();
    }

    [Fact]
    public async Task RefundPaymentAsync_CompensationFailureForAnotherStep_IsNotAffected()
    {
        var plan = new FaultPlan(FailCompensationOf: FlightSteps.ReserveSeat);
        var receipt = await db.RunAsync(a => a.ProcessPaymentAsync(new(TestDatabase.Key(FlightSteps.ProcessPayment), "bob", 5m, "card", plan)));

        var failure = await db.FailureOfAsync(a => a.RefundPaymentAsync(
            new(TestDatabase.CompensationKey(FlightSteps.ProcessPayment), TestDatabase.Key(FlightSteps.ProcessPayment), plan)));

        failure.Should().BeNull();
        (await db.ListAsync<SimulatedFaultCounter>()).Should().BeEmpty();
    }

    [Fact]
    public async Task ReserveSeatAsync_FaultInjectionDisabled_IgnoresThePlanAndLogsAWarning()
    {
        await using var disabled = await TestDatabase.CreateAsync(faultsEnabled: false);
        var plan = new FaultPlan(FailAt: FlightSteps.ReserveSeat, FailCompensationOf: FlightSteps.ReserveSeat);

        var hold = await disabled.RunAsync(a => a.ReserveSeatAsync(new(Key, "TS100", SeatClasses.Economy, 1, plan)));
        await disabled.RunAsync(a => a.ReleaseSeatAsync(new(UndoKey, Key, plan)));

        (await disabled.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(150);
        disabled.Logs.Entries.Should().Contain(e =>
            e.Level == LogLevel.Warning && e.Message.StartsWith("fault injection disabled on this worker; ignoring", StringComparison.Ordinal));
    }
}
