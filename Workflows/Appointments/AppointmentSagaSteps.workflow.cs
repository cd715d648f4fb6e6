using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

/// <summary>What the three appointment sagas share: step options, compensations and "did it happen?" checks.</summary>
internal static class AppointmentSagaSteps
{
    /// <summary>Writes to the worker's own database: local activities.</summary>
    public static StepOptions Local => StepOptions.Default with { Local = true };

    /// <summary>Calls to Cal.com: regular activities that heartbeat (a lost worker is noticed in seconds). The HTTP
    /// client's own timeouts (30 s in total by default) sit inside the 60 s an attempt may take.</summary>
    public static StepOptions Calendar => StepOptions.Default with
    {
        HeartbeatTimeout = TimeSpan.FromSeconds(10),
        StartToCloseTimeout = TimeSpan.FromSeconds(60),
    };

    public static Task<string> CancelCalendarBookingAsync(StepContext undo, string step, BookingSearch search, FaultPlan? faults) =>
        undo.RunAsync((CalendarActivities a) => a.CancelCalendarBookingAsync(new(undo.IdempotencyKey, undo.StepKey, step, search, faults)), "cancel the booking");

    public static Task<bool> CalendarBookingHappenedAsync(StepContext check, BookingSearch search) =>
        check.RunAsync((CalendarActivities a) => a.CalendarBookingHappenedAsync(new(check.StepKey, search)), "is there a booking under the step's key?");

    public static Task<string> SoftDeleteAsync(StepContext undo, string step, FaultPlan? faults) =>
        undo.RunAsync(
            (AppointmentActivities a) => a.SoftDeleteAppointmentAsync(new(undo.IdempotencyKey, undo.StepKey, step, Temporalio.Workflows.Workflow.Info.WorkflowId, faults)),
            "soft delete + audit row");

    // Local appointment steps record their effect with the step's key in the sagas database.
    public static Task<bool> StepHappenedAsync(StepContext check) =>
        check.RunAsync((StepCheckActivities a) => a.StepHappenedAsync(new(check.StepKey)), "did the step take effect?");
}
