using Temporalio.Workflows;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

/// <summary>
/// Books N segments (staff, start, end) all-or-nothing: each segment is its own Cal.com booking (compensation: cancel
/// it); a failure at segment k cancels segments k-1..1; the composite appointment is written locally only once every
/// segment is booked (compensation: soft delete + audit row).
/// </summary>
[Workflow]
[SagaWorkflow(SagaType, IdPrefix)]
public class CompositeBookingWorkflow : SagaWorkflowBase
{
    public const string SagaType = "CompositeBooking";
    public const string IdPrefix = "composite-booking-";

    private readonly SagaEngine saga = new(SagaType);

    protected override SagaEngine Saga => saga;
    private BookingInputCheck? check;

    public static string WorkflowId(string compositeId) => IdPrefix + compositeId;

    [WorkflowRun]
    public Task<CompositeBookingResult> RunAsync(CompositeBookingInput input) => saga.RunAsync(
        async s =>
        {
            var faults = input.Faults;
            var customer = await s.StepAsync(
                AppointmentSteps.EnsureCustomer,
                step => step.RunAsync(
                    (AppointmentActivities a) => a.EnsureCustomerAsync(new(step.IdempotencyKey, input.CustomerEmail, input.CustomerName, faults)),
                    input.CustomerEmail),
                stepOptions: AppointmentSagaSteps.Local);

            var booked = new List<CompositeSegmentBooked>();
            for (var i = 0; i < input.Segments.Count; i++)
            {
                var position = i + 1;
                var segment = input.Segments[i];
                var stepName = AppointmentSteps.BookSegment(position);
                var length = (int)(segment.EndUtc - segment.StartUtc).TotalMinutes;
                var search = new BookingSearch(input.CustomerEmail, segment.StartUtc, length);
                var eventType = check!.EventTypeIds[segment.StaffId];
                var booking = await s.StepAsync(
                    stepName,
                    step => AppointmentSagaSteps.WithRateLimitWaitsAsync(
                        step.Step,
                        round => step.RunAsync(
                            (CalendarActivities a) => a.CreateCalendarBookingAsync(new(
                                step.IdempotencyKey, stepName, eventType, segment.StartUtc, length, input.CustomerName, input.CustomerEmail,
                                input.TimeZone, input.CompositeId, faults, round)),
                            $"{segment.StaffId} {segment.StartUtc:u}-{segment.EndUtc:HH:mm}"),
                        s.CancellationToken),
                    undo => AppointmentSagaSteps.CancelCalendarBookingAsync(undo, stepName, search, faults),
                    c => AppointmentSagaSteps.CalendarBookingHappenedAsync(c, search),
                    AppointmentSagaSteps.Calendar);
                booked.Add(new CompositeSegmentBooked(position, segment.StaffId, booking));
            }

            await s.StepAsync(
                AppointmentSteps.CreateCompositeAppointment,
                step => step.RunAsync(
                    (AppointmentActivities a) => a.CreateCompositeAppointmentAsync(new(
                        step.IdempotencyKey, input.CompositeId, Workflow.Info.WorkflowId, customer.CustomerId, booked, faults)),
                    $"composite {input.CompositeId}, {booked.Count} segments"),
                undo => AppointmentSagaSteps.SoftDeleteAsync(undo, AppointmentSteps.CreateCompositeAppointment, faults),
                AppointmentSagaSteps.StepHappenedAsync,
                AppointmentSagaSteps.Local);

            return CompositeBookingResult.Booked(s.State, input.CompositeId, booked);
        },
        state => CompositeBookingResult.FromFailure(state, input.CompositeId),
        () => ValidateAsync(input));

    private async Task<IReadOnlyList<string>> ValidateAsync(CompositeBookingInput input)
    {
        if (input.Problems() is { Count: > 0 } problems)
        {
            return problems;
        }

        var request = new BookingInputCheckRequest(input.CompositeId, [.. input.Segments.Select(x => x.StaffId)]);
        check = await SagaValidation.RunAsync(
            (AppointmentActivities a) => a.CheckBookingInputAsync(request),
            "check the input against the database");
        return check.Problems;
    }
}
