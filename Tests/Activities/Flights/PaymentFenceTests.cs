using TemporalSagas.Activities;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Flights;

/// <summary>
/// The payment step against its compensation and check when their order is not the happy one: a charge that lands
/// after the saga looked for it, a late delivery of the step itself, and a key reused for another request.
/// </summary>
public sealed class PaymentFenceTests : IAsyncLifetime
{
    private static readonly string Key = TestDatabase.Key(FlightSteps.ProcessPayment);
    private static readonly string UndoKey = TestDatabase.CompensationKey(FlightSteps.ProcessPayment);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task ProcessPaymentAsync_SameKeyDifferentRequest_FailsIdempotencyConflictAndWritesNothing()
    {
        await db.RunAsync(a => a.ProcessPaymentAsync(new(Key, "alice", 300m, "card")));
        var recordsBefore = await db.IdempotencyRecordCountAsync();

        var failure = await db.FailureOfAsync(a => a.ProcessPaymentAsync(new(Key, "bob", 300m, "card")));

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(SagaErrorTypes.IdempotencyConflict);
        failure.NonRetryable.Should().BeTrue();
        (await db.ListAsync<Payment>()).Should().ContainSingle().Which.UserId.Should().Be("alice");
        (await db.IdempotencyRecordCountAsync()).Should().Be(recordsBefore);
    }

    [Fact]
    public async Task RefundPaymentAsync_NothingToUndoThenChargeLandsLate_RetryRefundsIt()
    {
        var first = await db.RunAsync(a => a.RefundPaymentAsync(new(UndoKey, Key)));
        first.Should().Be(CompensationOutcome.NothingToUndo);

        // An effect that lands outside our fence (at a provider, say): the charge row appears under the step's key.
        await using (var context = db.NewContext())
        {
            context.Payments().Add(new Payment
            {
                Id = "pay-late",
                UserId = "alice",
                Amount = 300m,
                Method = "card",
                Kind = Payment.Charge,
                IdempotencyKey = Key,
                CreatedUtc = DateTime.UtcNow,
            });
            await context.SaveChangesAsync();
        }

        var retry = await db.RunAsync(a => a.RefundPaymentAsync(new(UndoKey, Key)), attempt: 2);

        retry.Should().Be(CompensationOutcome.Undone, "\"nothing to undo\" must not be cached under the compensation key");
        (await db.ListAsync<Payment>()).Should().ContainSingle(p => p.Kind == Payment.Refund).Which.RefundOf.Should().Be("pay-late");
    }

    [Fact]
    public async Task ProcessPaymentAsync_DeliveredAfterNothingToUndo_FailsStepFencedAndWritesNothing()
    {
        await db.RunAsync(a => a.RefundPaymentAsync(new(UndoKey, Key)));

        var failure = await db.FailureOfAsync(a => a.ProcessPaymentAsync(new(Key, "alice", 300m, "card")));

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(SagaErrorTypes.StepFenced);
        failure.NonRetryable.Should().BeTrue();
        (await db.ListAsync<Payment>()).Should().BeEmpty();
    }

    [Fact]
    public async Task ProcessPaymentAsync_DeliveredAfterCheckSaidNotHappened_FailsStepFencedAndWritesNothing()
    {
        (await db.StepHappenedAsync(Key)).Should().BeFalse();

        var failure = await db.FailureOfAsync(a => a.ProcessPaymentAsync(new(Key, "alice", 300m, "card")));

        failure!.ErrorType.Should().Be(SagaErrorTypes.StepFenced);
        (await db.ListAsync<Payment>()).Should().BeEmpty();
        (await db.StepHappenedAsync(Key)).Should().BeFalse("the answer given to the saga stays true");
    }

    [Fact]
    public async Task StepHappenedAsync_ChargeRecorded_ReturnsTrueAndLetsTheRedeliveryReplay()
    {
        var receipt = await db.RunAsync(a => a.ProcessPaymentAsync(new(Key, "alice", 300m, "card")));

        (await db.StepHappenedAsync(Key)).Should().BeTrue();

        var again = await db.RunAsync(a => a.ProcessPaymentAsync(new(Key, "alice", 300m, "card")), attempt: 2);
        again.Should().Be(receipt);
        (await db.ListAsync<Payment>()).Should().ContainSingle();
    }
}
