using Temporalio.Workflows;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

/// <summary>
/// Books an appointment in the calendar and records it locally, with no orphan on either side: ensure the customer
/// (upsert by e-mail) → create the Cal.com booking (compensation: cancel it) → create the local appointment
/// (compensation: soft delete + audit row) → assign staff from the booking's hosts (optional).
/// </summary>
[Workflow]
[SagaWorkflow(SagaType, IdPrefix)]
public class AppointmentCreationWorkflow : SagaWorkflowBase
{
    public const string SagaType = "AppointmentCreation";
    public const string IdPrefix = "appointment-create-";

    private readonly SagaEngine saga = new(SagaType);

    protected override SagaEngine Saga => saga;
    private BookingInputCheck? check;

    public static string WorkflowId(string appointmentId) => IdPrefix + appointmentId;

    [WorkflowRun]
    public Task<AppointmentCreationResult> RunAsync(AppointmentCreationInput input) => saga.RunAsync(
        async s =>
        {
            var faults = input.Faults;
            var customer = await s.StepAsync(
                AppointmentSteps.EnsureCustomer,
                step => step.RunAsync(
                    (AppointmentActivities a) => a.EnsureCustomerAsync(new(step.IdempotencyKey, input.CustomerEmail, input.CustomerName, faults)),
                    input.CustomerEmail),
                stepOptions: AppointmentSagaSteps.Local);

            var eventType = input.EventTypeId
                ?? (input.StaffId is { } staff ? check!.EventTypeIds[staff] : (int?)null)
                ?? 0;
            var search = new BookingSearch(input.CustomerEmail, input.StartUtc, input.LengthMinutes);
            var booking = await s.StepAsync(
                AppointmentSteps.CreateCalcomBooking,
                step => AppointmentSagaSteps.WithRateLimitWaitsAsync(
                    step.Step,
                    round => step.RunAsync(
                        (CalendarActivities a) => a.CreateCalendarBookingAsync(new(
                            step.IdempotencyKey, AppointmentSteps.CreateCalcomBooking, eventType, input.StartUtc, input.LengthMinutes,
                            input.CustomerName, input.CustomerEmail, input.TimeZone, input.AppointmentId, faults, round)),
                        $"{input.StartUtc:u}, {input.LengthMinutes} min"),
                    s.CancellationToken),
                undo => AppointmentSagaSteps.CancelCalendarBookingAsync(undo, AppointmentSteps.CreateCalcomBooking, search, faults),
                check => AppointmentSagaSteps.CalendarBookingHappenedAsync(check, search),
                AppointmentSagaSteps.Calendar);

            await s.StepAsync(
                AppointmentSteps.CreateLocalAppointment,
                step => step.RunAsync(
                    (AppointmentActivities a) => a.CreateLocalAppointmentAsync(new(
                        step.IdempotencyKey, input.AppointmentId, SagaId, customer.CustomerId, booking.Uid, booking.StartUtc, booking.EndUtc,
                        input.Notes, faults)),
                    $"appointment {input.AppointmentId}"),
                undo => AppointmentSagaSteps.SoftDeleteAsync(undo, AppointmentSteps.CreateLocalAppointment, faults),
                AppointmentSagaSteps.StepHappenedAsync,
                AppointmentSagaSteps.Local);

            var staffAssigned = await s.OptionalStepAsync(
                AppointmentSteps.AssignStaff,
                step => step.RunAsync(
                    (AppointmentActivities a) => a.AssignStaffAsync(new(step.IdempotencyKey, input.AppointmentId, SagaId, booking.HostIds, faults)),
                    $"host(s) {string.Join(", ", booking.HostIds)}"),
                stepOptions: AppointmentSagaSteps.Local);

            return AppointmentCreationResult.Created(s.State, input.AppointmentId, customer.CustomerId, booking, staffAssigned);
        },
        state => AppointmentCreationResult.FromFailure(state, input.AppointmentId),
        () => ValidateAsync(input));

    private static string SagaId => Workflow.Info.WorkflowId;

    private async Task<IReadOnlyList<string>> ValidateAsync(AppointmentCreationInput input)
    {
        if (input.Problems() is { Count: > 0 } problems)
        {
            return problems;
        }

        var request = new BookingInputCheckRequest(input.AppointmentId, input.StaffId is null ? [] : [input.StaffId]);
        check = await SagaValidation.RunAsync(
            (AppointmentActivities a) => a.CheckBookingInputAsync(request),
            "check the input against the database");
        return check.Problems;
    }
}
