using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Starter.Appointments;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Histories;

/// <summary>Records the appointment sagas' histories for the replay tests, from real runs on the end-to-end fixture
/// (dev server, real worker, SQLite, simulated calendar). Each run's shape is checked before it is written.</summary>
[Collection(DevServerCollection.Name)]
public class AppointmentHistoryRecorder(DevServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [RecordHistoriesFact]
    public async Task Record_AppointmentHistories()
    {
        var created = await CreateAsync(Creation(9));
        (await created.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Completed);
        await WriteAsync("appointment-creation-completed", created);

        var compensated = await CreateAsync(Creation(10) with { Faults = new FaultPlan(FailAt: AppointmentSteps.CreateLocalAppointment) });
        (await compensated.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Compensated);
        await WriteAsync("appointment-creation-compensated-local-record-failed", compensated);

        var retried = await AppointmentSagaClient.StartSyncAsync(
            fixture.Client,
            new AppointmentSyncInput(
                await BookedAsync(11), SyncActions.Cancel, LocalRetryDelay: TimeSpan.FromSeconds(1),
                Faults: new FaultPlan(TransientAt: AppointmentSteps.UpdateLocalAppointment, TransientFailures: 3)),
            fixture.TaskQueue);
        (await retried.GetResultAsync().WaitAsync(Timeout)).LocalRetries.Should().Be(1);
        await WriteAsync("appointment-sync-completed-after-timer-retry", retried);

        var appointmentId = await BookedAsync(12);
        var review = await AppointmentSagaClient.StartSyncAsync(
            fixture.Client,
            new AppointmentSyncInput(
                appointmentId, SyncActions.Reschedule, Day.AddDays(1).AddHours(12),
                Faults: new FaultPlan(FailAt: AppointmentSteps.UpdateLocalAppointment, FailCompensationOf: AppointmentSteps.CalcomReschedule)),
            fixture.TaskQueue);
        await SagaPolling.WaitForStatusAsync(review, SagaStatus.ManualReviewRequired, Timeout);
        await WriteAsync("appointment-sync-waiting-in-review", review);
        await review.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.RetryCompensations, "recorder", "Cal.com back")));
        (await review.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Compensated);
        await WriteAsync("appointment-sync-compensated-after-review", review);

        var composite = await AppointmentSagaClient.StartCompositeAsync(fixture.Client, Composite(13, overlap: false), fixture.TaskQueue);
        (await composite.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Completed);
        await WriteAsync("composite-booking-completed", composite);

        var taken = await AppointmentSagaClient.StartCompositeAsync(fixture.Client, Composite(15, overlap: true), fixture.TaskQueue);
        (await taken.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Compensated);
        await WriteAsync("composite-booking-compensated-slot-taken", taken);
    }

    private static DateTime Day { get; } = DateTime.UtcNow.Date.AddDays(800 + Random.Shared.Next(0, 500));

    private static AppointmentCreationInput Creation(int hour) =>
        new($"rec-{Guid.NewGuid():N}"[..20], $"{Guid.NewGuid():N}@recorder.example", "Recorder", Day.AddHours(hour));

    private static CompositeBookingInput Composite(int hour, bool overlap) => new(
        $"rec-{Guid.NewGuid():N}"[..20], $"{Guid.NewGuid():N}@recorder.example", "Recorder",
        [
            new(AppointmentDemoData.Cleo, Day.AddHours(hour), Day.AddHours(hour).AddMinutes(30)),
            new(AppointmentDemoData.Cleo, Day.AddHours(hour).AddMinutes(overlap ? 15 : 30), Day.AddHours(hour).AddMinutes(overlap ? 45 : 60)),
        ]);

    private Task<WorkflowHandle<AppointmentCreationWorkflow, AppointmentCreationResult>> CreateAsync(AppointmentCreationInput input) =>
        AppointmentSagaClient.StartCreationAsync(fixture.Client, input, fixture.TaskQueue);

    private async Task<string> BookedAsync(int hour)
    {
        var input = Creation(hour);
        (await (await CreateAsync(input)).GetResultAsync().WaitAsync(Timeout)).Success.Should().BeTrue();
        return input.AppointmentId;
    }

    private static async Task WriteAsync(string name, WorkflowHandle handle)
    {
        var history = await handle.FetchHistoryAsync();
        await File.WriteAllTextAsync(Path.Combine(SourceDirectory(), $"{name}.json"), history.ToJson());
    }

    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TemporalSagas.Tests.csproj")))
            {
                return Path.Combine(dir.FullName, "Histories");
            }
        }

        throw new DirectoryNotFoundException($"no TemporalSagas.Tests.csproj above {AppContext.BaseDirectory}");
    }
}
