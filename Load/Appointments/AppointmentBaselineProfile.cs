using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;
using static TemporalSagas.Load.BaselineSaga;

namespace TemporalSagas.Load.Appointments;

/// <summary>
/// Appointment creation without Temporal, as <see cref="FlightBaselineProfile"/> is the flight's: ensure the
/// customer, book the SIMULATED calendar, record the appointment, assign staff, each activity from its own DI scope
/// with the engine's key shape; on failure the compensations of the steps done, in reverse order. Here a failing
/// ASSIGN_STAFF (optional in the saga) would count as an error; --fail-at cannot name it.
/// </summary>
public sealed class AppointmentBaselineProfile(IServiceProvider services, LoadSettings settings) : ISagaLoadProfile
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly LoadCalendar calendar = new();

    public string Name => settings.FailAt is null ? "appointment" : $"appointment --fail-at {settings.FailAt}";

    public async Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken)
    {
        var faults = SagaLoadRun.Faults(settings);
        var appointmentId = $"baseline-{run}-{index}";
        var sagaId = AppointmentCreationWorkflow.WorkflowId(appointmentId);
        var email = LoadCalendar.Email(run, index);
        var start = calendar.Slot(index, AppointmentLoadProfile.LengthMinutes);
        var search = new BookingSearch(email, start, AppointmentLoadProfile.LengthMinutes);
        var undo = new Stack<(string Step, Func<Task> Compensate)>();
        var step = AppointmentSteps.EnsureCustomer;
        var clock = Stopwatch.StartNew();
        try
        {
            var customer = await CallAsync<AppointmentActivities, CustomerEnsured>(
                a => a.EnsureCustomerAsync(new(Key(sagaId, step), email, "Load Customer", faults)));

            step = AppointmentSteps.CreateCalcomBooking;
            var booking = await CallAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(new(
                Key(sagaId, step), step, 0, start, AppointmentLoadProfile.LengthMinutes, "Load Customer", email, "UTC", appointmentId, faults)));
            undo.Push((step, () => CallAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(new(
                CompensationKey(sagaId, AppointmentSteps.CreateCalcomBooking), Key(sagaId, AppointmentSteps.CreateCalcomBooking),
                AppointmentSteps.CreateCalcomBooking, search, faults)))));

            step = AppointmentSteps.CreateLocalAppointment;
            await CallAsync<AppointmentActivities, LocalAppointmentCreated>(a => a.CreateLocalAppointmentAsync(new(
                Key(sagaId, step), appointmentId, sagaId, customer.CustomerId, booking.Uid, booking.StartUtc, booking.EndUtc, null, faults)));
            undo.Push((step, () => CallAsync<AppointmentActivities, string>(a => a.SoftDeleteAppointmentAsync(new(
                CompensationKey(sagaId, AppointmentSteps.CreateLocalAppointment), Key(sagaId, AppointmentSteps.CreateLocalAppointment),
                AppointmentSteps.CreateLocalAppointment, sagaId, faults)))));

            step = AppointmentSteps.AssignStaff;
            await CallAsync<AppointmentActivities, StaffAssigned>(a => a.AssignStaffAsync(new(Key(sagaId, step), appointmentId, sagaId, booking.HostIds, faults)));

            return BaselineSaga.Completed(settings, clock);
        }
        catch (ApplicationFailureException failure)
        {
            return await BaselineSaga.CompensatedAsync(settings, clock, undo, step, failure);
        }
#pragma warning disable CA1031 // a failing call is a counted error of the run, not the end of it
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return BaselineSaga.CallFailed(clock, e);
        }
    }

    private async Task<T> CallAsync<TActivities, T>(Func<TActivities, Task<T>> call)
        where TActivities : notnull
    {
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TActivities>());
    }
}
