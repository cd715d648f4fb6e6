using Microsoft.EntityFrameworkCore;
using Temporalio.Client;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

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
        await WaitForRunningStepAsync(handle, FlightSteps.ConfirmBooking);

        first.Kill();
        using var second = new WorkerProcess(fixture, taskQueue);
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(90));

        result.Success.Should().BeTrue();
        await using var db = fixture.Db();
        var payments = await db.Payments.Where(p => p.IdempotencyKey.StartsWith(handle.Id)).ToListAsync();
        payments.Should().ContainSingle().Which.Kind.Should().Be(Payment.Charge);
        (await db.SeatHolds.CountAsync(h => h.IdempotencyKey.StartsWith(handle.Id))).Should().Be(1);
        var history = await handle.FetchHistoryAsync();
        history.Events.Where(e => e.WorkflowTaskCompletedEventAttributes is not null)
            .Select(e => e.WorkflowTaskCompletedEventAttributes.Identity)
            .Distinct().Should().HaveCount(2, "the second worker process took the saga over");
    }

    private static async Task WaitForRunningStepAsync(WorkflowHandle<FlightBookingWorkflow, FlightBookingResult> handle, string step)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            // The first query waits for the worker process to start polling.
            var state = await handle.QueryAsync(wf => wf.GetState());
            if (state.Steps.Any(s => s.Name == step && s.Status == StepStatus.Running))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"saga {handle.Id} never reached {step}");
            }

            await Task.Delay(100);
        }
    }
}
