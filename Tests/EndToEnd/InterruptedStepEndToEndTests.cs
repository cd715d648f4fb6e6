using Microsoft.EntityFrameworkCore;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Tests.Postgres;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>
/// A cancel or the saga deadline arrives while PROCESS_PAYMENT's outside call is in flight; the call cannot be
/// taken back and the charge lands afterwards. The saga must still refund it, and the books must balance.
/// </summary>
[Collection(DevServerCollection.Name)]
public class InterruptedStepEndToEndTests(DevServerFixture fixture)
{
    private static readonly FlightBookingInput Template = new(
        "TS101", "alice", 1, "economy", 380m, LoyaltyPointsToUse: 1_000,
        Faults: new FaultPlan(SlowAt: FlightSteps.ProcessPayment, SlowSeconds: 3));

    // Both step modes (LocalSteps: the database steps as local activities): the guarantees hold in each.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_CancelledWhilePaymentRunsAndChargesAfterwards_RefundsItAndEndsCancelled(bool localSteps)
    {
        var booking = await FlightBooks.OwnBooksAsync(fixture, Template with { LocalSteps = localSteps });
        var before = await FlightBooks.ReadAsync(fixture, booking);
        var handle = await fixture.StartFlightAsync(booking);
        await SagaPolling.WaitForRunningStepAsync(handle, FlightSteps.ProcessPayment, TimeSpan.FromSeconds(60));

        await handle.CancelAsync();
        var wait = () => handle.GetResultAsync();

        (await wait.Should().ThrowAsync<WorkflowFailedException>()).Which.InnerException.Should().BeOfType<CanceledFailureException>();
        var state = await handle.QueryAsync(wf => wf.GetState());
        state.Status.Should().Be(SagaStatus.Cancelled);
        state.Compensation!.Results.Should().Contain(r => r.Step == "COMPENSATE_PROCESS_PAYMENT")
            .Which.Outcome.Should().Be(UndoOutcomes.Undone, "the charge landed after the cancel and was refunded");
        await AssertChargedAndRefundedOnceAsync(handle.Id);
        (await FlightBooks.ReadAsync(fixture, booking)).Should().Be(before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_DeadlinePassesWhilePaymentRuns_RefundsTheLateChargeAndEndsTimedOut(bool localSteps)
    {
        var booking = await FlightBooks.OwnBooksAsync(fixture, Template with { LocalSteps = localSteps });
        var input = booking with
        {
            // Real time on a real server: the steps before the payment get 10 s (they take well under one on a loaded
            // machine), the charge lands 4 s after the deadline. With 4 s the deadline could fire before the payment ran.
            DeadlineSeconds = 10,
            Faults = new FaultPlan(SlowAt: FlightSteps.ProcessPayment, SlowSeconds: 14),
        };
        var before = await FlightBooks.ReadAsync(fixture, input);

        var result = await (await fixture.StartFlightAsync(input)).GetResultAsync();

        result.Status.Should().Be(SagaStatus.TimedOut);
        result.ErrorType.Should().Be(SagaErrors.SagaTimeout);
        result.CompensationResult!.Results.Should().Contain(r => r.Step == "COMPENSATE_PROCESS_PAYMENT")
            .Which.Outcome.Should().Be(UndoOutcomes.Undone);
        await AssertChargedAndRefundedOnceAsync(result.CorrelationId);
        (await FlightBooks.ReadAsync(fixture, input)).Should().Be(before);
    }

    private async Task AssertChargedAndRefundedOnceAsync(string workflowId)
    {
        await using var db = fixture.Db();
        var payments = await db.Payments().Where(p => p.IdempotencyKey.StartsWith(workflowId + "/")).ToListAsync();
        payments.Select(p => p.Kind).Should().BeEquivalentTo([Payment.Charge, Payment.Refund]);
    }
}

/// <summary>The same tests with the worker on PostgreSQL (leave them out with <c>--filter Category!=Postgres</c>).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class InterruptedStepOnPostgresTests(PostgresDevServerFixture fixture) : InterruptedStepEndToEndTests(fixture);
