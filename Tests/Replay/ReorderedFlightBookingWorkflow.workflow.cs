using Temporalio.Workflows;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Replay;

/// <summary>
/// A deliberately broken copy of the flight saga (payment before the seat): replaying a recorded history
/// against it must fail, which proves the replay tests catch non-deterministic changes.
/// </summary>
[Workflow("FlightBookingWorkflow")]
public class ReorderedFlightBookingWorkflow
{
    private readonly SagaEngine saga = new(FlightBookingWorkflow.SagaType);

    [WorkflowQuery]
    public SagaState GetState() => saga.State;

    [WorkflowRun]
    public Task<FlightBookingResult> RunAsync(FlightBookingInput input) => saga.RunAsync(
        async s =>
        {
            await s.StepAsync(
                FlightSteps.ProcessPayment,
                step => step.RunAsync((FlightActivities a) => a.ProcessPaymentAsync(
                    new(step.IdempotencyKey, input.UserId, input.AmountToCharge, input.PaymentMethod))));
            await s.StepAsync(
                FlightSteps.ReserveSeat,
                step => step.RunAsync((FlightActivities a) => a.ReserveSeatAsync(
                    new(step.IdempotencyKey, input.FlightId, input.SeatClass, input.Passengers))));
            return FlightBookingResult.FromFailure(s.State);
        },
        FlightBookingResult.FromFailure);
}
