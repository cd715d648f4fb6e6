using Microsoft.EntityFrameworkCore;
using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Tests.Postgres;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>Exactly-once where it is hard: faults and a dead worker AFTER a step's effect committed.</summary>
[Collection(DevServerCollection.Name)]
public class WorkerCrashEndToEndTests(DevServerFixture fixture)
{
    // Both step modes (LocalSteps: the database steps as local activities; the payment is a regular activity in both).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_PaymentFailsAfterItsChargeCommitted_RetryReturnsTheChargeAndChargesOnce(bool localSteps)
    {
        var input = new FlightBookingInput("TS104", "bob", 1, "economy", 150m, LocalSteps: localSteps, Faults: new FaultPlan(
            FailAfterEffectAt: FlightSteps.ProcessPayment));

        var handle = await fixture.StartFlightAsync(input);
        var result = await handle.GetResultAsync();

        result.Success.Should().BeTrue();
        var history = await handle.FetchHistoryAsync();
        history.Events.Should().Contain(e => e.ActivityTaskStartedEventAttributes != null && e.ActivityTaskStartedEventAttributes.Attempt == 2,
            "the first attempt failed after its effect and was retried");
        await AssertOneOfEachAsync(handle.Id);
    }

    /// <summary>
    /// The worker dies right after a step's effect committed; the server never hears of it. The charge (a regular
    /// activity in both modes) is retried once its start-to-close timeout (30 s) passes. A local step's marker never
    /// reached the history: the next worker runs its workflow task again, the step again with the same key, and gets
    /// the effect it already had.
    /// </summary>
    [Theory]
    [InlineData(FlightSteps.ProcessPayment, false)]
    [InlineData(FlightSteps.ProcessPayment, true)]
    [InlineData(FlightSteps.ConfirmBooking, true)]
    public async Task RunAsync_WorkerDiesAfterAStepCommitted_AnotherWorkerFinishesAndBooksOnce(string step, bool localSteps)
    {
        var taskQueue = $"crash-{Guid.NewGuid():N}";
        var input = new FlightBookingInput("TS103", "bob", 1, "economy", 200m, LocalSteps: localSteps, Faults: new FaultPlan(
            CrashAfterEffectAt: step));
        using var first = new WorkerProcess(fixture, taskQueue, new Dictionary<string, string> { ["Faults__AllowProcessCrash"] = "true" });
        var handle = await fixture.StartFlightAsync(input, taskQueue: taskQueue);

        await first.WaitForExitAsync(TimeSpan.FromSeconds(90));
        await using (var db = fixture.Db())
        {
            var prefix = handle.Id + "/";
            var effects = step == FlightSteps.ProcessPayment
                ? await db.Payments().CountAsync(p => p.IdempotencyKey.StartsWith(prefix))
                : await db.Bookings().CountAsync(b => b.IdempotencyKey.StartsWith(prefix));
            effects.Should().Be(1, $"{step}'s effect committed before the crash");
        }

        using var second = new WorkerProcess(fixture, taskQueue);
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(120));

        result.Success.Should().BeTrue();
        await AssertOneOfEachAsync(handle.Id);
        await AssertTwoWorkersAsync(handle);
    }

    [Fact]
    public async Task RunAsync_WorkerKilledDuringARetryBackoff_AnotherWorkerFinishesItAndChargesOnce()
    {
        var taskQueue = $"crash-{Guid.NewGuid():N}";
        using var first = new WorkerProcess(fixture, taskQueue);

        // Confirmation fails three times first: the saga sits in the server's retry backoff for seconds.
        var input = new FlightBookingInput("TS102", "alice", 1, "business", 900m, Faults: new FaultPlan(
            TransientAt: FlightSteps.ConfirmBooking, TransientFailures: 3));
        var handle = await fixture.StartFlightAsync(input, FlightBookingWorkflow.WorkflowId($"crash-{Guid.NewGuid():N}"), taskQueue);
        await SagaPolling.WaitForRunningStepAsync(handle, FlightSteps.ConfirmBooking, TimeSpan.FromSeconds(60));

        first.Kill();
        using var second = new WorkerProcess(fixture, taskQueue);
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(120));

        result.Success.Should().BeTrue();
        await AssertOneOfEachAsync(handle.Id);
        await AssertTwoWorkersAsync(handle);
    }

    private async Task AssertOneOfEachAsync(string workflowId)
    {
        var prefix = workflowId + "/";
        await using var db = fixture.Db();
        (await db.Payments().Where(p => p.IdempotencyKey.StartsWith(prefix)).ToListAsync())
            .Should().ContainSingle().Which.Kind.Should().Be(Payment.Charge);
        (await db.SeatHolds().CountAsync(h => h.IdempotencyKey.StartsWith(prefix))).Should().Be(1);
        (await db.Bookings().CountAsync(b => b.IdempotencyKey.StartsWith(prefix))).Should().Be(1);
    }

    private static async Task AssertTwoWorkersAsync(WorkflowHandle handle)
    {
        var history = await handle.FetchHistoryAsync();
        history.Events.Where(e => e.WorkflowTaskCompletedEventAttributes is not null)
            .Select(e => e.WorkflowTaskCompletedEventAttributes.Identity)
            .Distinct().Should().HaveCount(2, "the second worker process took the saga over");
    }
}

/// <summary>The same tests with the worker on PostgreSQL (leave them out with <c>--filter Category!=Postgres</c>).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class WorkerCrashOnPostgresTests(PostgresDevServerFixture fixture) : WorkerCrashEndToEndTests(fixture);
