using System.CommandLine;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Demo;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Appointments;

/// <summary>The appointment sagas' CLI (<c>appointment ...</c>) and demo scenarios, on the simulated calendar unless
/// the worker has a Cal.com API key.</summary>
public sealed class AppointmentsCli : ISagaCliModule
{
    public Command CreateCommand(CliContext context) => AppointmentCommands.Create(context);

    public IEnumerable<DemoScenario> DemoScenarios() =>
    [
        new("appointment booked: customer, Cal.com booking, staff", SagaStatus.Completed, start =>
            Creation(start, start.SagaId, 9, faults: null)),
        new("appointment: local record fails → booking cancelled", SagaStatus.Compensated, start =>
            Creation(start, start.SagaId, 10, new FaultPlan(FailAt: AppointmentSteps.CreateLocalAppointment))),
        new("composite: 2nd segment's slot taken → 1st cancelled", SagaStatus.Compensated, async start =>
        {
            var day = Day(start.SagaId);
            var input = new CompositeBookingInput(start.SagaId, Email(start), "Demo Customer",
            [
                new(AppointmentDemoData.Cleo, day.AddHours(14), day.AddHours(14.5)),
                new(AppointmentDemoData.Cleo, day.AddHours(14.25), day.AddHours(14.75)), // overlaps the first: SLOT_UNAVAILABLE
            ]);
            return await AppointmentSagaClient.StartCompositeAsync(start.Client, input, start.TaskQueue);
        }),
        new(
            "sync reschedule: local update refused, restore fails → review → retried",
            SagaStatus.Compensated,
            start => SyncAfterCreationAsync(start, 11, day => new AppointmentSyncInput(
                start.SagaId, SyncActions.Reschedule, day.AddHours(15), "demo",
                Faults: new FaultPlan(FailAt: AppointmentSteps.UpdateLocalAppointment, FailCompensationOf: AppointmentSteps.CalcomReschedule))),
            new ReviewDecision(ReviewAction.RetryCompensations, "demo-operator", "Cal.com is back")),
        new("sync cancel: local update fails → error, timer retry → synced", SagaStatus.Completed, start =>
            SyncAfterCreationAsync(start, 12, _ => new AppointmentSyncInput(
                start.SagaId, SyncActions.Cancel, Reason: "demo", LocalRetryDelay: TimeSpan.FromSeconds(2),
                Faults: new FaultPlan(TransientAt: AppointmentSteps.UpdateLocalAppointment, TransientFailures: 3)))),
    ];

    private static async Task<Temporalio.Client.WorkflowHandle> Creation(DemoStart start, string id, int hour, FaultPlan? faults) =>
        await AppointmentSagaClient.StartCreationAsync(
            start.Client, new AppointmentCreationInput(id, Email(start), "Demo Customer", Day(start.SagaId).AddHours(hour), Faults: faults), start.TaskQueue);

    // A sync needs an appointment: the scenario books one first (creation saga), then starts the sync on it.
    private static async Task<Temporalio.Client.WorkflowHandle> SyncAfterCreationAsync(DemoStart start, int hour, Func<DateTime, AppointmentSyncInput> sync)
    {
        var day = Day(start.SagaId);
        var created = await AppointmentSagaClient.StartCreationAsync(
            start.Client, new AppointmentCreationInput(start.SagaId, Email(start), "Demo Customer", day.AddHours(hour)), start.TaskQueue);
        var result = await created.GetResultAsync();
        if (!result.Success)
        {
            throw new InvalidOperationException($"the demo could not book the appointment to sync: {result.Error}");
        }

        return await AppointmentSagaClient.StartSyncAsync(start.Client, sync(day), start.TaskQueue);
    }

    private static string Email(DemoStart start) => $"{start.SagaId}@demo.example";

    // A day far enough ahead, spread by the saga id, so demo runs against one database rarely meet in the calendar.
    private static DateTime Day(string sagaId) =>
        DateTime.UtcNow.Date.AddDays(30 + (int)(StableHash(sagaId) % 300));

    private static uint StableHash(string text) => text.Aggregate(2166136261u, (hash, c) => (hash ^ c) * 16777619u);
}
