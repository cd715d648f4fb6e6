using TemporalSagas.Activities.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Flights;

/// <summary>The flight saga's result, in the seed format: camelCase on the wire.</summary>
public sealed record FlightBookingResult(
    bool Success,
    string CorrelationId,
    SagaStatus Status,
    string? BookingReference,
    int StepsCompleted,
    int TotalSteps,
    IReadOnlyList<StepRecord> SagaLog,
    string? FailedStep = null,
    string? Error = null,
    string? ErrorType = null,
    CompensationSummary? CompensationResult = null)
{
    public static FlightBookingResult Confirmed(SagaState state, BookingConfirmation booking) => new(
        true, state.SagaId, SagaStatus.Completed, booking.BookingReference, state.StepsCompleted,
        FlightSteps.All.Count, state.Steps);

    public static FlightBookingResult FromFailure(SagaState state) => new(
        false, state.SagaId, state.Status, null, state.StepsCompleted, FlightSteps.All.Count, state.Steps,
        state.FailedStep, state.Error, state.ErrorType, state.Compensation);
}
