using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Orders;
using TemporalSagas.Client.Seats;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>
/// A saga whose input check cannot run (a permanent database error: a missing table after a bad deploy) ends
/// (Compensated, nothing to undo, failed step VALIDATE) within its validation budget, after a few attempts, with an error that says so — instead of staying
/// Running, retried without end, until the server's history limit terminates it.
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaValidationBoundTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    private const string MissingTable = "SQLite Error 1: 'no such table: flight_seat_inventory'.";

    /// <summary>
    /// The flight's data check rides on RESERVE_SEAT: a database without its tables fails the step as it would any
    /// step, after the step's retries (bounded), and the saga compensates it as a step of unknown outcome (its
    /// "did it happen?" check first): it does not stay Running, retried without end.
    /// </summary>
    [Fact]
    public async Task FlightBooking_DatabaseBrokenAtTheFirstStep_StopsAfterTheStepsRetriesAndCompensatesIt()
    {
        var acts = new BrokenChecks();
        await RunWorkerAsync<FlightBookingWorkflow>(acts, async tq =>
        {
            var handle = await Client.StartWorkflowAsync(
                (FlightBookingWorkflow wf) => wf.RunAsync(new("TS100", "alice", 1, "economy", 200m)),
                new WorkflowOptions(FlightBookingWorkflow.WorkflowId(Guid.NewGuid().ToString()), tq));

            var state = await WaitForAsync(handle, s => s.Status != SagaStatus.Running);
            state.FailedStep.Should().Be(FlightSteps.ReserveSeat);
            state.Error.Should().Contain("no such table");
            state.StepsCompleted.Should().Be(0);
            acts.Reservations.Should().Be(StepOptions.Default.RetryPolicy.MaximumAttempts, "the step's retries, not unlimited");
            await WaitForAsync(handle, _ => acts.EffectChecks > 0);
            acts.Calls.Should().Be(0, "no validation round of its own");

            // Its compensation would keep retrying against the broken database for hours: left running, its pending
            // activity task would hold the time-skipping server's clock for every later test.
            await handle.TerminateAsync("test over");
        });
    }

    [Fact]
    public Task SeatReservation_ValidationFailsPermanently_FailsWithinTheBudgetWithAClearError() =>
        AssertEndsPromptlyAsync(
            async (client, tq) =>
            {
                var input = new SeatReservationInput($"broken-{Guid.NewGuid():N}"[..20], "FLOOR", 1);
                return await client.StartWorkflowAsync((SeatReservationWorkflow wf) => wf.RunAsync(input), SeatReservationClient.Options(input, tq));
            });

    [Fact]
    public Task OrderFulfillment_ValidationFailsPermanently_FailsWithinTheBudgetWithAClearError() =>
        AssertEndsPromptlyAsync(
            async (client, tq) => await OrderSagaClient.StartAsync(
                client, new OrderFulfillmentInput($"o-{Guid.NewGuid():N}"[..20], [new("VITC-500", 1)], "1 Main St"), tq));

    private async Task AssertEndsPromptlyAsync(Func<ITemporalClient, string, Task<WorkflowHandle>> start)
    {
        var acts = new BrokenChecks();
        var tq = NewTaskQueue();
        using var worker = new TemporalWorker(Client, new TemporalWorkerOptions(tq)
            .AddWorkflow<SeatReservationWorkflow>()
            .AddWorkflow<OrderFulfillmentWorkflow>()
            .AddAllActivities(acts));
        await worker.ExecuteAsync(async () =>
        {
            var handle = await start(Client, tq);

            // The saga ends (not Running, retried without end): Compensated with nothing to undo, its failed step
            // VALIDATE and an error that says the check could not run and why.
            await handle.GetResultAsync<object>().WaitAsync(TimeSpan.FromSeconds(45));

            var state = await handle.QueryAsync<SagaState>("GetState", []);
            state.Status.Should().Be(SagaStatus.Compensated);
            state.FailedStep.Should().Be(SagaEngine.ValidateStep);
            state.ErrorType.Should().Be(SagaErrors.ValidationUnavailable);
            state.Error.Should().Contain("could not be checked").And.Contain("no such table");
            state.StepsCompleted.Should().Be(0);
            acts.Calls.Should().Be(SagaValidation.MaximumAttempts, "a few attempts, not unlimited retries");
            var description = await handle.DescribeAsync();
            description.Status.Should().Be(WorkflowExecutionStatus.Completed);
            (description.CloseTime - description.StartTime).Should().BeLessThanOrEqualTo(SagaValidation.Budget);
        });
    }

    /// <summary>The input checks of three sagas (and the flight's first step, which checks its input, with the step's
    /// "did it happen?" check), each failing as a database without its tables does.</summary>
    public sealed class BrokenChecks
    {
        private int calls;
        private int reservations;
        private int effectChecks;

        public int Calls => calls;

        public int Reservations => reservations;

        public int EffectChecks => effectChecks;

        [Activity("ReserveSeat")]
        public Task<SeatHold> ReserveSeatAsync(ReserveSeatRequest request)
        {
            Interlocked.Increment(ref reservations);
            throw new InvalidOperationException(MissingTable);
        }

        [Activity("StepHappened")]
        public Task<bool> StepHappenedAsync(StepCheckRequest request)
        {
            Interlocked.Increment(ref effectChecks);
            throw new InvalidOperationException(MissingTable);
        }

        [Activity("CheckBooking")]
        public Task<IReadOnlyList<string>> CheckBookingAsync(BookingCheckRequest request) => Fail<IReadOnlyList<string>>();

        [Activity("CheckSeatReservation")]
        public Task<IReadOnlyList<string>> CheckSeatReservationAsync(SeatCheckRequest request) => Fail<IReadOnlyList<string>>();

        [Activity("CheckOrder")]
        public Task<OrderCheck> CheckOrderAsync(OrderCheckRequest request) => Fail<OrderCheck>();

        private Task<T> Fail<T>()
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException(MissingTable);
        }
    }
}
