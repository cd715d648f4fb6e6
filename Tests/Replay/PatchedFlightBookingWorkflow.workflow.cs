using Temporalio.Workflows;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Replay;

/// <summary>
/// The versioning practice, proved: today's flight saga with a change a later release might make — before
/// charging, a second look at the booking as a local step (a new command). Guarded by
/// <c>Workflow.Patched("flight-summary-v2")</c>, sagas recorded before the change (false when replaying them)
/// keep their old path while new sagas take the new one. <see cref="UnguardedFlightBookingWorkflow"/> makes the
/// same change without the guard and must fail to replay.
/// </summary>
public abstract class ChangedFlightBookingWorkflow(FlightBookingInput input)
{
    public const string PatchId = "flight-summary-v2";

    private readonly SagaEngine saga = new(
        FlightBookingWorkflow.SagaType,
        input.DeadlineSeconds is { } seconds ? new SagaOptions { Deadline = TimeSpan.FromSeconds(seconds) } : null);

    [WorkflowQuery]
    public SagaState GetState() => saga.State;

    [WorkflowUpdateValidator(nameof(ResolveManualReviewAsync))]
    public void ValidateResolveManualReview(ReviewDecision decision) => saga.ValidateReview(decision);

    [WorkflowUpdate]
    public Task<ReviewAnswer> ResolveManualReviewAsync(ReviewDecision decision) => saga.ResolveReviewAsync(decision);

    [WorkflowSignal("ResolveManualReview")]
    public Task ResolveManualReviewSignalAsync(ReviewDecision decision) => saga.SignalReviewAsync(decision);

    protected abstract bool TakesNewPath();

    // A copy of FlightBookingWorkflow.RunAsync plus the change; keep it in step with the real one.
    protected Task<FlightBookingResult> RunChangedAsync()
    {
        var faults = input.Faults;
        var checkOnFirstStep = Workflow.Patched(FlightBookingWorkflow.CheckOnFirstStepPatch);
        var check = checkOnFirstStep ? new BookingCheckRequest(input.FlightId, input.SeatClass, input.UserId) : null;
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

                if (TakesNewPath())
                {
                    await Workflow.ExecuteLocalActivityAsync(
                        (FlightActivities a) => a.CheckBookingAsync(new(input.FlightId, input.SeatClass, input.UserId)),
                        new LocalActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10), Summary = "look again before charging" });
                }

                var payment = await s.StepAsync(
                    FlightSteps.ProcessPayment,
                    step => step.RunAsync(
                        (FlightActivities a) => a.ProcessPaymentAsync(
                            new(step.IdempotencyKey, input.UserId, input.AmountToCharge, input.PaymentMethod, faults)),
                        $"charge {input.AmountToCharge:0.00} to {input.PaymentMethod}"),
                    undo => undo.RunAsync((FlightActivities a) => a.RefundPaymentAsync(new(undo.IdempotencyKey, undo.StepKey, faults))),
                    StepHappenedAsync);

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
            () => ValidateAsync(checkOnFirstStep));
    }

    private static Task<bool> StepHappenedAsync(StepContext check) =>
        check.RunAsync((StepCheckActivities a) => a.StepHappenedAsync(new(check.StepKey)), "did the step take effect?");

    private async Task<IReadOnlyList<string>> ValidateAsync(bool checkOnFirstStep)
    {
        var problems = input.Problems();
        if (problems.Count > 0 || checkOnFirstStep)
        {
            return problems;
        }

        return await Workflow.ExecuteLocalActivityAsync(
            (FlightActivities a) => a.CheckBookingAsync(new(input.FlightId, input.SeatClass, input.UserId)),
            new LocalActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10), Summary = "check the input against the database" });
    }
}

[Workflow("FlightBookingWorkflow")]
public sealed class PatchedFlightBookingWorkflow : ChangedFlightBookingWorkflow
{
    [WorkflowInit]
    public PatchedFlightBookingWorkflow(FlightBookingInput input)
        : base(input)
    {
    }

    [WorkflowRun]
    public Task<FlightBookingResult> RunAsync(FlightBookingInput input) => RunChangedAsync();

    protected override bool TakesNewPath() => Workflow.Patched(PatchId);
}

[Workflow("FlightBookingWorkflow")]
public sealed class UnguardedFlightBookingWorkflow : ChangedFlightBookingWorkflow
{
    [WorkflowInit]
    public UnguardedFlightBookingWorkflow(FlightBookingInput input)
        : base(input)
    {
    }

    [WorkflowRun]
    public Task<FlightBookingResult> RunAsync(FlightBookingInput input) => RunChangedAsync();

    protected override bool TakesNewPath() => true;
}
