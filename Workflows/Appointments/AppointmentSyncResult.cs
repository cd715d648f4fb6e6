using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

/// <summary>
/// A sync's outcome. <c>{Success: false, WillRetry: true}</c> is the first answer when Cal.com took the change but the
/// local update failed: the appointment is marked <c>error</c> and the saga keeps retrying the local update on a
/// durable timer (query <c>GetOutcome</c>); the workflow's result is the final outcome.
/// </summary>
/// <param name="SyncStatus">The appointment's <c>calcom_sync_status</c> as this sync left it.</param>
/// <param name="LocalRetries">Timer retries the local update needed.</param>
/// <param name="Resolution">An operator's decision that ended the sync (review), if any.</param>
public sealed record AppointmentSyncResult(
    bool Success,
    bool WillRetry,
    string AppointmentId,
    string Action,
    string SagaId,
    SagaStatus Status,
    string? SyncStatus,
    string? BookingUid,
    int LocalRetries,
    int StepsCompleted,
    IReadOnlyList<StepRecord> SagaLog,
    string? Resolution = null,
    string? FailedStep = null,
    string? Error = null,
    string? ErrorType = null,
    CompensationSummary? CompensationResult = null)
{
    public static AppointmentSyncResult FromFailure(SagaState state, AppointmentSyncInput input) => new(
        false, false, input.AppointmentId, input.Action, state.SagaId, state.Status, null, null, 0, state.StepsCompleted, state.Steps,
        state.Reviews?.LastOrDefault() is { } review ? $"{review.Action} by {review.Operator}" : null,
        state.FailedStep, state.Error, state.ErrorType, state.Compensation);
}
