using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Workflows.Appointments;

namespace TemporalSagas.Load.Appointments;

/// <summary>
/// Where appointment sagas of one load run go in the SIMULATED calendar: every saga its own slot, one after the
/// other from a day picked at random 1-20 years ahead, so sagas never collide with each other and two runs against
/// the same database (an external worker) almost never do. A collision would show as <c>SLOT_UNAVAILABLE</c>.
/// </summary>
public sealed class LoadCalendar
{
    private readonly DateTime firstDay = DateTime.UtcNow.Date.AddDays(365 + Random.Shared.Next(0, 19 * 365));

    public DateTime Slot(int index, int minutes) => firstDay.AddMinutes((double)index * minutes);

    public static string Email(string run, int index) => $"load-{run}-{index}@load.example";
}

/// <summary>Appointment creation under load: ensure the customer → book the calendar (round robin) → local record
/// → assign staff; a customer and a 30-minute slot of its own per saga.</summary>
public sealed class AppointmentLoadProfile(ITemporalClient client, string taskQueue, LoadSettings settings, bool eagerStart) : ISagaLoadProfile
{
    public const int LengthMinutes = 30;

    /// <summary>Where --fail-at may point: ASSIGN_STAFF is optional (its failure does not compensate), so not there.</summary>
    public static readonly IReadOnlyList<string> FailSteps =
        [AppointmentSteps.EnsureCustomer, AppointmentSteps.CreateCalcomBooking, AppointmentSteps.CreateLocalAppointment];

    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly LoadCalendar calendar = new();

    public string Name => settings.FailAt is null ? "appointment" : $"appointment --fail-at {settings.FailAt}";

    public Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken) =>
        SagaLoadRun.MeasureAsync(
            settings,
            async token =>
            {
                var input = new AppointmentCreationInput(
                    $"load-{run}-{index}", LoadCalendar.Email(run, index), "Load Customer", calendar.Slot(index, LengthMinutes), LengthMinutes,
                    Faults: SagaLoadRun.Faults(settings));
                var handle = await client.StartWorkflowAsync(
                    (AppointmentCreationWorkflow wf) => wf.RunAsync(input),
                    SagaLoadRun.Options(
                        AppointmentCreationWorkflow.WorkflowId(input.AppointmentId), taskQueue, AppointmentCreationWorkflow.SagaType, eagerStart, token));
                var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = token });
                return new(result.Status, result.FailedStep, result.ErrorType, result.SagaLog);
            },
            cancellationToken);
}

/// <summary>Composite bookings under load: two back-to-back 30-minute segments (Ada, then Ben) per saga.</summary>
public sealed class CompositeLoadProfile(ITemporalClient client, string taskQueue, LoadSettings settings, bool eagerStart) : ISagaLoadProfile
{
    public const int SegmentMinutes = 30;

    public static readonly IReadOnlyList<string> FailSteps = AppointmentSteps.Composite(2);

    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly LoadCalendar calendar = new();

    public string Name => settings.FailAt is null ? "composite" : $"composite --fail-at {settings.FailAt}";

    public Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken) =>
        SagaLoadRun.MeasureAsync(
            settings,
            async token =>
            {
                var start = calendar.Slot(index, 2 * SegmentMinutes);
                var middle = start.AddMinutes(SegmentMinutes);
                var input = new CompositeBookingInput(
                    $"load-{run}-{index}", LoadCalendar.Email(run, index), "Load Customer",
                    [new(AppointmentDemoData.Ada, start, middle), new(AppointmentDemoData.Ben, middle, middle.AddMinutes(SegmentMinutes))],
                    Faults: SagaLoadRun.Faults(settings));
                var handle = await client.StartWorkflowAsync(
                    (CompositeBookingWorkflow wf) => wf.RunAsync(input),
                    SagaLoadRun.Options(CompositeBookingWorkflow.WorkflowId(input.CompositeId), taskQueue, CompositeBookingWorkflow.SagaType, eagerStart, token));
                var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = token });
                return new(result.Status, result.FailedStep, result.ErrorType, result.SagaLog);
            },
            cancellationToken);
}
