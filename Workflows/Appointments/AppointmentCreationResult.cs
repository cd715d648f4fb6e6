using TemporalSagas.Activities.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

public sealed record AppointmentCreationResult(
    bool Success,
    string AppointmentId,
    string SagaId,
    SagaStatus Status,
    string? CustomerId,
    BookingResult? Booking,
    string? StaffId,
    int StepsCompleted,
    IReadOnlyList<StepRecord> SagaLog,
    string? FailedStep = null,
    string? Error = null,
    string? ErrorType = null,
    CompensationSummary? CompensationResult = null)
{
    public static AppointmentCreationResult Created(SagaState state, string appointmentId, string customerId, BookingResult booking, StaffAssigned? staff) =>
        new(true, appointmentId, state.SagaId, SagaStatus.Completed, customerId, booking, staff?.StaffId, state.StepsCompleted, state.Steps);

    public static AppointmentCreationResult FromFailure(SagaState state, string appointmentId) => new(
        false, appointmentId, state.SagaId, state.Status, null, null, null, state.StepsCompleted, state.Steps, state.FailedStep, state.Error,
        state.ErrorType, state.Compensation);
}
