using Temporalio.Workflows;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Flights;

[Workflow]
[SagaWorkflow(SagaType, IdPrefix)]
public class FlightBookingWorkflow : SagaWorkflowBase
{
    public const string SagaType = "FlightBooking";
    public const string IdPrefix = "flight-booking-";

    // The data check rides on RESERVE_SEAT (no local activity of its own on the first workflow task). Sagas started
    // before it replay with their CheckBooking local activity.
    public const string CheckOnFirstStepPatch = "flight-check-on-first-step";

    private readonly SagaEngine saga;

    protected override SagaEngine Saga => saga;

    // The input's deadline must reach the engine before the run starts, so the engine is built here.
    [WorkflowInit]
    public FlightBookingWorkflow(FlightBookingInput input) =>
        saga = new(SagaType, input.DeadlineSeconds is { } seconds ? new SagaOptions { Deadline = TimeSpan.FromSeconds(seconds) } : null);

    public static string WorkflowId(string id) => IdPrefix + id;

    [WorkflowRun]
    public Task<FlightBookingResult> RunAsync(FlightBookingInput input)
    {
        var faults = input.Faults;
        var checkOnFirstStep = Workflow.Patched(CheckOnFirstStepPatch);
        var check = checkOnFirstStep ? new BookingCheckRequest(input.FlightId, input.SeatClass, input.UserId) : null;

        // Local-step mode: the steps that only write the worker's own database skip the server round trip.
        // PROCESS_PAYMENT calls a payment provider and always stays a regular activity.
        var dbStep = input.LocalSteps ? StepOptions.Default with { Local = true } : null;
        return saga.RunAsync(
            async s =>
            {
                var hold = await s.StepAsync(
                    FlightSteps.ReserveSeat,
                    step => step.RunAsync(
                        (FlightActivities a) => a.ReserveSeatAsync(
                            new(step.IdempotencyKey, input.FlightId, input.SeatClass, input.Passengers, faults, check)),
                        $"{input.Passengers} {input.SeatClass} seat(s) on {input.FlightId}"),
                    undo => undo.RunAsync((FlightActivities a) => a.ReleaseSeatAsync(new(undo.IdempotencyKey, undo.StepKey, faults))),
                    StepHappenedAsync,
                    checkOnFirstStep ? (dbStep ?? StepOptions.Default) with { ChecksInput = true } : dbStep);

                if (input.LoyaltyPointsToUse > 0)
                {
                    await s.StepAsync(
                        FlightSteps.DeductLoyaltyPoints,
                        step => step.RunAsync(
                            (FlightActivities a) => a.DeductLoyaltyPointsAsync(
                                new(step.IdempotencyKey, input.UserId, input.LoyaltyPointsToUse, faults)),
                            $"{input.LoyaltyPointsToUse} points from {input.UserId}"),
                        undo => undo.RunAsync(
                            (FlightActivities a) => a.RefundLoyaltyPointsAsync(new(undo.IdempotencyKey, undo.StepKey, faults))),
                        StepHappenedAsync,
                        dbStep);
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
                    undo => undo.RunAsync((FlightActivities a) => a.RefundPaymentAsync(new(undo.IdempotencyKey, undo.StepKey, faults))),
                    StepHappenedAsync,
                    PaymentStep);

                var booking = await s.StepAsync(
                    FlightSteps.ConfirmBooking,
                    step => step.RunAsync(
                        (FlightActivities a) => a.ConfirmBookingAsync(new(
                            step.IdempotencyKey, input.FlightId, input.UserId, input.SeatClass, input.Passengers,
                            hold.HoldId, payment.PaymentId, faults))),
                    undo => undo.RunAsync((FlightActivities a) => a.CancelBookingAsync(new(undo.IdempotencyKey, undo.StepKey, faults))),
                    StepHappenedAsync,
                    dbStep);

                return FlightBookingResult.Confirmed(s.State, booking);
            },
            FlightBookingResult.FromFailure,
            () => ValidateAsync(input, checkOnFirstStep));
    }

    // A call to a payment provider: it heartbeats, so a lost worker is noticed in seconds rather than at the timeout.
    private static StepOptions PaymentStep => StepOptions.Default with { HeartbeatTimeout = TimeSpan.FromSeconds(10) };

    // Every flight step records its effect with the step's idempotency key in the sagas database.
    private static Task<bool> StepHappenedAsync(StepContext check) =>
        check.RunAsync((StepCheckActivities a) => a.StepHappenedAsync(new(check.StepKey)), "did the step take effect?");

    // The input's own checks; then its ids against the database: on RESERVE_SEAT, or (sagas started before
    // CheckOnFirstStepPatch) a local activity of its own.
    private static async Task<IReadOnlyList<string>> ValidateAsync(FlightBookingInput input, bool checkOnFirstStep)
    {
        var problems = input.Problems();
        if (problems.Count > 0 || checkOnFirstStep)
        {
            return problems;
        }

        return await SagaValidation.RunAsync(
            (FlightActivities a) => a.CheckBookingAsync(new(input.FlightId, input.SeatClass, input.UserId)),
            "check the input against the database");
    }
}
