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
    [Fact]
    public async Task RunAsync_PaymentFailsAfterItsChargeCommitted_RetryReturnsTheChargeAndChargesOnce()
    {
        var input = new FlightBookingInput("TS104", "bob", 1, "economy", 150m, Faults: new FaultPlan(
            FailAfterEffectAt: FlightSteps.ProcessPayment));

        var handle = await fixture.StartFlightAsync(input);
        var result = await handle.GetResultAsync();

        result.Success.Should().BeTrue();
        var history = await handle.FetchHistoryAsync();
        history.Events.Should().Contain(e => e.ActivityTaskStartedEventAttributes != null && e.ActivityTaskStartedEventAttributes.Attempt == 2,
            "the first attempt failed after its effect and was retried");
        await AssertOneOfEachAsync(handle.Id);
    }

    [Fact]
    public async Task RunAsync_WorkerDiesBetweenChargeAndCompletion_AnotherWorkerFinishesAndChargesOnce()
    {
        var taskQueue = $"crash-{Guid.NewGuid():N}";
        var input = new FlightBookingInput("TS103", "bob", 1, "economy", 200m, Faults: new FaultPlan(
            CrashAfterEffectAt: FlightSteps.ProcessPayment));
        using var first = new WorkerProcess(fixture, taskQueue, new Dictionary<string, string> { ["Faults__AllowProcessCrash"] = "true" });
        var handle = await fixture.StartFlightAsync(input, taskQueue: taskQueue);

        // The first worker kills itself right after the charge committed; the server never hears of it.
        await first.WaitForExitAsync(TimeSpan.FromSeconds(90));
        await using (var db = fixture.Db())
        {
            (await db.Payments().CountAsync(p => p.IdempotencyKey.StartsWith(handle.Id + "/"))).Should().Be(1, "the charge committed before the crash");
        }

        using var second = new WorkerProcess(fixture, taskQueue);

        // The lost attempt is retried once its start-to-close timeout (30 s) passes.
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
