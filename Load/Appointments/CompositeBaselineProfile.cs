using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Workflows.Appointments;
using static TemporalSagas.Load.BaselineSaga;

namespace TemporalSagas.Load.Appointments;

/// <summary>
/// The composite booking without Temporal, as <see cref="FlightBaselineProfile"/> is the flight's: ensure the
/// customer, book Ada's then Ben's segment in the SIMULATED calendar (their seeded event types), record the
/// composite appointment, each activity from its own DI scope with the engine's key shape; on failure the
/// compensations of the steps done, in reverse order.
/// </summary>
public sealed class CompositeBaselineProfile(IServiceProvider services, LoadSettings settings) : ISagaLoadProfile
{
    private static readonly IReadOnlyList<(string StaffId, int EventTypeId)> Staff =
    [
        .. new[] { AppointmentDemoData.Ada, AppointmentDemoData.Ben }.Select(id =>
            (id, SimulatedCalendarData.Hosts.Single(h => h.Id == AppointmentDemoData.StaffHosts.Single(s => s.Id == id).HostId).EventTypeId)),
    ];

    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly LoadCalendar calendar = new();

    public string Name => settings.FailAt is null ? "composite" : $"composite --fail-at {settings.FailAt}";

    public async Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken)
    {
        var faults = SagaLoadRun.Faults(settings);
        var compositeId = $"baseline-{run}-{index}";
        var sagaId = CompositeBookingWorkflow.WorkflowId(compositeId);
        var email = LoadCalendar.Email(run, index);
        var start = calendar.Slot(index, 2 * CompositeLoadProfile.SegmentMinutes);
        var undo = new Stack<(string Step, Func<Task> Compensate)>();
        var step = AppointmentSteps.EnsureCustomer;
        var clock = Stopwatch.StartNew();
        try
        {
            var customer = await CallAsync<AppointmentActivities, CustomerEnsured>(
                a => a.EnsureCustomerAsync(new(Key(sagaId, step), email, "Load Customer", faults)));

            var booked = new List<CompositeSegmentBooked>();
            for (var i = 0; i < Staff.Count; i++)
            {
                var position = i + 1;
                var (staffId, eventType) = Staff[i];
                var segmentStart = start.AddMinutes(i * CompositeLoadProfile.SegmentMinutes);
                var segmentStep = AppointmentSteps.BookSegment(position);
                step = segmentStep;
                var booking = await CallAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(new(
                    Key(sagaId, segmentStep), segmentStep, eventType, segmentStart, CompositeLoadProfile.SegmentMinutes, "Load Customer", email, "UTC",
                    compositeId, faults)));
                var search = new BookingSearch(email, segmentStart, CompositeLoadProfile.SegmentMinutes);
                undo.Push((segmentStep, () => CallAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(new(
                    CompensationKey(sagaId, segmentStep), Key(sagaId, segmentStep), segmentStep, search, faults)))));
                booked.Add(new CompositeSegmentBooked(position, staffId, booking));
            }

            step = AppointmentSteps.CreateCompositeAppointment;
            await CallAsync<AppointmentActivities, LocalAppointmentCreated>(a => a.CreateCompositeAppointmentAsync(new(
                Key(sagaId, step), compositeId, sagaId, customer.CustomerId, booked, faults)));

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
