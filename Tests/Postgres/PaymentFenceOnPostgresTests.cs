using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Postgres;

/// <summary>
/// The "did it happen?" check racing a late delivery of the payment step on PostgreSQL (read committed, no
/// serialised writes): both queue behind another session holding the step key's claim. Whichever the key's claim
/// lets through first decides, and the other must agree with it — the check never answers "not done" for a charge
/// that then lands, and never "done" for one that does not.
/// </summary>
[Trait("Category", PostgresDevServerFixture.Category)]
public sealed class PaymentFenceOnPostgresTests : IAsyncLifetime
{
    private static readonly string Key = PostgresActivityDatabase.Key(FlightSteps.ProcessPayment);
    private static readonly string UndoKey = $"{PostgresActivityDatabase.WorkflowId}/run/compensate/{FlightSteps.ProcessPayment}";
    private static readonly PaymentRequest Request = new(Key, "alice", 300m, "card");
    private PostgresActivityDatabase db = null!;

    public async Task InitializeAsync() => db = await PostgresActivityDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task StepHappenedAsync_QueuedBehindALateDeliveryOfTheStep_WaitsForItAndAnswersTrue()
    {
        Task<PaymentReceipt> step;
        Task<bool> check;
        await using (await HoldKeyAsync())
        {
            step = db.RunAsync<FlightActivities, PaymentReceipt>(a => a.ProcessPaymentAsync(Request), attempt: 2);
            await db.WaitForLockWaitersAsync(1);
            check = db.RunAsync<StepCheckActivities, bool>(c => c.StepHappenedAsync(new(Key)), attempt: 1);
            await db.WaitForLockWaitersAsync(2);
            check.IsCompleted.Should().BeFalse("the check waits for the delivery that holds the key");
        }

        var receipt = await step.WaitAsync(TimeSpan.FromSeconds(30));
        (await check.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue("the charge committed before the check read the key");
        (await db.ListAsync<Payment>()).Should().ContainSingle().Which.Id.Should().Be(receipt.PaymentId);
    }

    [Fact]
    public async Task ProcessPaymentAsync_LateDeliveryQueuedBehindTheCheck_IsFencedAndChargesNothing()
    {
        Task<bool> check;
        Task<PaymentReceipt> step;
        await using (await HoldKeyAsync())
        {
            check = db.RunAsync<StepCheckActivities, bool>(c => c.StepHappenedAsync(new(Key)), attempt: 1);
            await db.WaitForLockWaitersAsync(1);
            step = db.RunAsync<FlightActivities, PaymentReceipt>(a => a.ProcessPaymentAsync(Request), attempt: 2);
            await db.WaitForLockWaitersAsync(2);
        }

        (await check.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeFalse();
        var refused = await FluentActions.Awaiting(() => step.WaitAsync(TimeSpan.FromSeconds(30)))
            .Should().ThrowAsync<ApplicationFailureException>();
        refused.Which.ErrorType.Should().Be(SagaErrorTypes.StepFenced);
        (await db.ListAsync<Payment>()).Should().BeEmpty("the saga was told the charge did not happen");
        (await db.RunAsync<StepCheckActivities, bool>(c => c.StepHappenedAsync(new(Key)), attempt: 2))
            .Should().BeFalse("the answer given to the saga stays true");
    }

    [Fact]
    public async Task RefundPaymentAsync_QueuedBehindALateDeliveryOfTheStep_WaitsForTheChargeAndRefundsIt()
    {
        Task<PaymentReceipt> step;
        Task<string> refund;
        await using (await HoldKeyAsync())
        {
            step = db.RunAsync<FlightActivities, PaymentReceipt>(a => a.ProcessPaymentAsync(Request), attempt: 2);
            await db.WaitForLockWaitersAsync(1);
            refund = db.RunAsync<FlightActivities, string>(a => a.RefundPaymentAsync(new(UndoKey, Key)), attempt: 1);
            await db.WaitForLockWaitersAsync(2);
        }

        var receipt = await step.WaitAsync(TimeSpan.FromSeconds(30));
        (await refund.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(CompensationOutcome.Undone);
        var payments = await db.ListAsync<Payment>();
        payments.Should().ContainSingle(p => p.Kind == Payment.Refund).Which.RefundOf.Should().Be(receipt.PaymentId);
        payments.Where(p => p.Kind == Payment.Charge).Sum(p => p.Amount)
            .Should().Be(payments.Where(p => p.Kind == Payment.Refund).Sum(p => p.Amount), "the books balance");
    }

    [Fact]
    public async Task ProcessPaymentAsync_LateDeliveryQueuedBehindARefundThatFoundNothing_IsFencedAndChargesNothing()
    {
        Task<string> refund;
        Task<PaymentReceipt> step;
        await using (await HoldKeyAsync())
        {
            refund = db.RunAsync<FlightActivities, string>(a => a.RefundPaymentAsync(new(UndoKey, Key)), attempt: 1);
            await db.WaitForLockWaitersAsync(1);
            step = db.RunAsync<FlightActivities, PaymentReceipt>(a => a.ProcessPaymentAsync(Request), attempt: 2);
            await db.WaitForLockWaitersAsync(2);
        }

        (await refund.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(CompensationOutcome.NothingToUndo);
        var refused = await FluentActions.Awaiting(() => step.WaitAsync(TimeSpan.FromSeconds(30)))
            .Should().ThrowAsync<ApplicationFailureException>();
        refused.Which.ErrorType.Should().Be(SagaErrorTypes.StepFenced);
        (await db.ListAsync<Payment>()).Should().BeEmpty("the compensation found nothing to refund, so nothing may be charged after it");
    }

    // Another session holds the key's claim (the transaction-scoped advisory lock Idempotency takes), as a slow
    // delivery of the step would; whatever needs the key queues behind it in arrival order.
    private Task<PostgresActivityDatabase.RowLock> HoldKeyAsync() =>
        db.LockAsync($"SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended('{Key}', 0))) AS claimed");
}
