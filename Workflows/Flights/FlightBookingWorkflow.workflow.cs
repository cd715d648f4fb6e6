using Temporalio.Exceptions;
using Temporalio.Workflows;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Flights;

[Workflow]
public class FlightBookingWorkflow
{
    public const string IdPrefix = "flight-booking-";

    private readonly Saga.Saga saga = new(SagaTypes.FlightBooking);

    public static string WorkflowId(string id) => IdPrefix + id;

    [WorkflowQuery]
    public SagaState GetState() => saga.State;

    [WorkflowSignal]
    public Task ResolveManualReviewAsync(ReviewDecision decision) => saga.ResolveAsync(decision);

    [WorkflowRun]
    public Task<FlightBookingResult> RunAsync(FlightBookingInput input)
    {
        if (input.Problems() is { Count: > 0 } problems)
        {
            throw new ApplicationFailureException(
                $"invalid flight booking: {string.Join("; ", problems)}", SagaErrorTypes.InvalidInput, nonRetryable: true);
        }

        var faults = input.Faults;
        return saga.RunAsync(
            async s =>
            {
                var hold = await s.StepAsync(
                    FlightSteps.ReserveSeat,
                    step => step.RunAsync(
                        (FlightActivities a) => a.ReserveSeatAsync(
                            new(step.IdempotencyKey, input.FlightId, input.SeatClass, input.Passengers, faults)),
                        $"{input.Passengers} {input.SeatClass} seat(s) on {input.FlightId}"),
                    (hold, step) => step.RunAsync(
                        (FlightActivities a) => a.ReleaseSeatAsync(new(step.IdempotencyKey, hold, faults))));

                if (input.LoyaltyPointsToUse > 0)
                {
                    await s.StepAsync(
                        FlightSteps.DeductLoyaltyPoints,
                        step => step.RunAsync(
                            (FlightActivities a) => a.DeductLoyaltyPointsAsync(
                                new(step.IdempotencyKey, input.UserId, input.LoyaltyPointsToUse, faults)),
                            $"{input.LoyaltyPointsToUse} points from {input.UserId}"),
                        (points, step) => step.RunAsync(
                            (FlightActivities a) => a.RefundLoyaltyPointsAsync(new(step.IdempotencyKey, points, faults))));
                }
                else
                {
                    s.Skip(FlightSteps.DeductLoyaltyPoints, "no loyalty points used");
                }

                var payment = await s.StepAsync(
                    FlightSteps.ProcessPayment,
                    step => step.RunAsync(
                        (FlightActivities a) => a.ProcessPaymentAsync(
                            new(step.IdempotencyKey, input.UserId, input.AmountToCharge, input.PaymentMethod, faults)),
                        $"charge {input.AmountToCharge:0.00} to {input.PaymentMethod}"),
                    (payment, step) => step.RunAsync(
                        (FlightActivities a) => a.RefundPaymentAsync(new(step.IdempotencyKey, payment, faults))));

                var booking = await s.StepAsync(
                    FlightSteps.ConfirmBooking,
                    step => step.RunAsync(
                        (FlightActivities a) => a.ConfirmBookingAsync(new(
                            step.IdempotencyKey, input.FlightId, input.UserId, input.SeatClass, input.Passengers,
                            hold.HoldId, payment.PaymentId, faults))),
                    (booking, step) => step.RunAsync(
                        (FlightActivities a) => a.CancelBookingAsync(new(step.IdempotencyKey, booking, faults))));

                return FlightBookingResult.Confirmed(s.State, booking);
            },
            FlightBookingResult.FromFailure);
    }
}
