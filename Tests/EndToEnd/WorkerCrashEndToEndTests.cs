using Microsoft.EntityFrameworkCore;
using Temporalio.Client;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;

namespace TemporalSagas.Tests.EndToEnd;

[Collection(DevServerCollection.Name)]
public class WorkerCrashEndToEndTests(DevServerFixture fixture)
{
    [Fact]
    public async Task RunAsync_WorkerKilledMidSaga_AnotherWorkerFinishesItAndChargesOnce()
    {
        var taskQueue = $"crash-{Guid.NewGuid():N}";
        using var first = new WorkerProcess(fixture, taskQueue);

        // Confirmation fails three times first: the saga sits in the server's retry backoff for seconds.
        var input = new FlightBookingInput("TS102", "alice", 1, "business", 900m, Faults: new FaultPlan(
            TransientAt: FlightSteps.ConfirmBooking, TransientFailures: 3));
        var handle = await fixture.Client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(FlightBookingWorkflow.WorkflowId($"crash-{Guid.NewGuid():N}"), taskQueue));
        await SagaPolling.WaitForRunningStepAsync(handle, FlightSteps.ConfirmBooking, TimeSpan.FromSeconds(60));

        first.Kill();
        using var second = new WorkerProcess(fixture, taskQueue);
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(90));

        result.Success.Should().BeTrue();
        await using var db = fixture.Db();
        var payments = await db.Payments().Where(p => p.IdempotencyKey.StartsWith(handle.Id)).ToListAsync();
        payments.Should().ContainSingle().Which.Kind.Should().Be(Payment.Charge);
        (await db.SeatHolds().CountAsync(h => h.IdempotencyKey.StartsWith(handle.Id))).Should().Be(1);
        var history = await handle.FetchHistoryAsync();
        history.Events.Where(e => e.WorkflowTaskCompletedEventAttributes is not null)
            .Select(e => e.WorkflowTaskCompletedEventAttributes.Identity)
            .Distinct().Should().HaveCount(2, "the second worker process took the saga over");
    }
}
