using TemporalSagas.Activities.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

public sealed record CompositeBookingResult(
    bool Success,
    string CompositeId,
    string SagaId,
    SagaStatus Status,
    IReadOnlyList<CompositeSegmentBooked> Segments,
    int StepsCompleted,
    IReadOnlyList<StepRecord> SagaLog,
    string? FailedStep = null,
    string? Error = null,
    string? ErrorType = null,
    CompensationSummary? CompensationResult = null)
{
    public static CompositeBookingResult Booked(SagaState state, string compositeId, IReadOnlyList<CompositeSegmentBooked> segments) =>
        new(true, compositeId, state.SagaId, SagaStatus.Completed, segments, state.StepsCompleted, state.Steps);

    public static CompositeBookingResult FromFailure(SagaState state, string compositeId) => new(
        false, compositeId, state.SagaId, state.Status, [], state.StepsCompleted, state.Steps, state.FailedStep, state.Error, state.ErrorType,
        state.Compensation);
}
