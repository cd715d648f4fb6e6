using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Tests.Support;
using TemporalSagas.Tests.Workflows.Saga;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Appointments;

/// <summary>
/// Review decisions sent to the appointment sagas: the creation (the engine's review, from the base class) and the
/// sync, which has its own handlers and two reviews — its local one (the local update refused after Cal.com took the
/// change) and the engine's (restoring Cal.com failed).
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class AppointmentReviewTests(TimeSkippingFixture fixture) : SagaReviewTestBase(fixture)
{
    private const string CancelBooking = "COMPENSATE_" + AppointmentSteps.CreateCalcomBooking;
    private const string RestoreBooking = "COMPENSATE_" + AppointmentSteps.CalcomReschedule;

    [Fact]
    public async Task CreationResolveManualReviewAsync_TwoDecisionsRace_OneWinsAndTheSagaEndsByItAlone()
    {
        var acts = CreationIntoReview();
        await RaceTwoDecisionsAsync<AppointmentCreationWorkflow, WorkflowHandle<AppointmentCreationWorkflow, AppointmentCreationResult>>(
            acts,
            tq => AppointmentSagaClient.StartCreationAsync(Client, CreationInput(), tq),
            async (handle, answer) =>
            {
                var result = await handle.GetResultAsync();
                var retried = answer.Action == ReviewAction.RetryCompensations;

                result.Status.Should().Be(retried ? SagaStatus.Compensated : SagaStatus.Resolved);
                acts.Compensations.Should().Equal(retried ? [CancelBooking, CancelBooking] : [CancelBooking]);
                (await StateAsync(handle)).Reviews.Should().ContainSingle().Which.Operator.Should().Be(WinnerOf(answer).Operator);
            });
    }

    [Fact]
    public async Task CreationResolveManualReviewAsync_WaitingOutARateLimit_IsRefusedAndNothingChanges()
    {
        var acts = new FakeAppointmentActivities { RateLimitedCreates = 1 };
        await RunReviewWorkerAsync<AppointmentCreationWorkflow>(acts, async tq =>
        {
            var handle = Track(await AppointmentSagaClient.StartCreationAsync(Client, CreationInput(), tq));
            await WaitForAsync(handle, _ => acts.Calls.Contains($"429:{AppointmentSteps.CreateCalcomBooking}")); // now on its timer

            var refused = await RefusedAsync(handle, Resolve);

            refused.Message.Should().Contain("not awaiting manual review");
            (await StateAsync(handle)).Status.Should().Be(SagaStatus.Running);
            var result = await handle.GetResultAsync();
            result.Status.Should().Be(SagaStatus.Completed);
            acts.Compensations.Should().BeEmpty();
            (await StateAsync(handle)).Reviews.Should().BeNull();
            (await AcceptedReviewsAsync(handle)).Should().Be(0);
        });
    }

    [Fact]
    public async Task CreationResolveManualReviewAsync_NoOperator_IsRefusedAndTheSagaKeepsWaiting()
    {
        var acts = CreationIntoReview();
        await RunReviewWorkerAsync<AppointmentCreationWorkflow>(acts, async tq =>
        {
            var handle = Track(await AppointmentSagaClient.StartCreationAsync(Client, CreationInput(), tq));
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var refused = await RefusedAsync(handle, NoOperator);

            refused.Message.Should().Contain("operator");
            var waiting = await StateAsync(handle);
            waiting.Status.Should().Be(SagaStatus.ManualReviewRequired);
            waiting.Reviews.Should().BeNull();

            // Had the invalid decision been taken, this one would be refused as a second decision.
            (await DecideAsync(handle, Retry)).Action.Should().Be(ReviewAction.RetryCompensations);
            (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Compensated);
            (await StateAsync(handle)).Reviews.Should().ContainSingle().Which.Operator.Should().Be(Retry.Operator);
            (await AcceptedReviewsAsync(handle)).Should().Be(1);
        });
    }

    [Fact]
    public async Task SyncResolveManualReviewAsync_TwoDecisionsRaceInTheLocalReview_OneWinsAndTheSyncEndsByItAlone()
    {
        var acts = SyncLocalReview();
        await RaceTwoDecisionsAsync<AppointmentSyncWorkflow, WorkflowHandle<AppointmentSyncWorkflow, AppointmentSyncResult>>(
            acts,
            tq => AppointmentSagaClient.StartSyncAsync(Client, SyncInput(SyncActions.Cancel), tq),
            async (handle, answer) =>
            {
                var result = await handle.GetResultAsync(); // a retry waits on the sync's timer first
                var retried = answer.Action == ReviewAction.RetryCompensations;

                result.Status.Should().Be(SagaStatus.Completed);
                result.Success.Should().Be(retried, "a retried local update syncs; a resolved one ends by the operator's word");
                result.Resolution.Should().Be(retried ? null : $"MarkResolved by {Resolve.Operator}");
                acts.Calls.Count(c => c == AppointmentSteps.RetryLocalUpdate).Should().Be(retried ? 1 : 0);
                acts.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(
                    new { Decision = answer.Action.ToString(), WinnerOf(answer).Operator });
            });
    }

    [Fact]
    public async Task SyncResolveManualReviewAsync_TwoDecisionsRaceInTheEngineReview_OneWinsAndTheSyncEndsByItAlone()
    {
        var acts = new FakeAppointmentActivities { RestoreFailures = 1 };
        acts.Failures[AppointmentSteps.UpdateLocalAppointment] = (AppointmentErrors.AppointmentChanged, true, -1);
        await RaceTwoDecisionsAsync<AppointmentSyncWorkflow, WorkflowHandle<AppointmentSyncWorkflow, AppointmentSyncResult>>(
            acts,
            tq => AppointmentSagaClient.StartSyncAsync(Client, SyncInput(SyncActions.Reschedule), tq),
            async (handle, answer) =>
            {
                var result = await handle.GetResultAsync();
                var retried = answer.Action == ReviewAction.RetryCompensations;

                result.Status.Should().Be(retried ? SagaStatus.Compensated : SagaStatus.Resolved);
                acts.Compensations.Should().Equal(retried ? [RestoreBooking, RestoreBooking] : [RestoreBooking]);
                acts.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(
                    new { Decision = answer.Action.ToString(), WinnerOf(answer).Operator });
            });
    }

    [Fact]
    public async Task SyncResolveManualReviewAsync_WhileCalcomIsCalled_IsRefusedAndNothingChanges()
    {
        var acts = new FakeAppointmentActivities { ChangeGate = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        await RunReviewWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = Track(await AppointmentSagaClient.StartSyncAsync(Client, SyncInput(SyncActions.Cancel), tq));
            await acts.ChangeStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var refused = await RefusedAsync(handle, Resolve);

            refused.Message.Should().Contain("not awaiting manual review");
            (await StateAsync(handle)).Status.Should().Be(SagaStatus.Running);
            acts.ChangeGate.SetResult();
            var result = await handle.GetResultAsync();
            result.Success.Should().BeTrue();
            result.Resolution.Should().BeNull();
            acts.Reviews.Should().BeEmpty();
            (await AcceptedReviewsAsync(handle)).Should().Be(0);
        });
    }

    [Fact]
    public async Task SyncResolveManualReviewAsync_NoOperatorInTheLocalReview_IsRefusedAndTheSyncKeepsWaiting()
    {
        var acts = SyncLocalReview();
        await RunReviewWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = Track(await AppointmentSagaClient.StartSyncAsync(Client, SyncInput(SyncActions.Cancel), tq));
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var refused = await RefusedAsync(handle, NoOperator);

            refused.Message.Should().Contain("operator");
            (await StateAsync(handle)).Status.Should().Be(SagaStatus.ManualReviewRequired);
            acts.Reviews.Should().BeEmpty();

            // Had the invalid decision been taken, this one would be refused as a second decision.
            (await DecideAsync(handle, Resolve)).Action.Should().Be(ReviewAction.MarkResolved);
            (await handle.GetResultAsync()).Resolution.Should().Be($"MarkResolved by {Resolve.Operator}");
            acts.Reviews.Should().ContainSingle().Which.Operator.Should().Be(Resolve.Operator);
            (await AcceptedReviewsAsync(handle)).Should().Be(1);
        });
    }

    // The local record fails, and cancelling the Cal.com booking fails for good once: the saga waits in review.
    private static FakeAppointmentActivities CreationIntoReview()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.CreateLocalAppointment] = ("DISK_FULL", true, -1);
        acts.UndoFailures[AppointmentSteps.CreateCalcomBooking] = 1;
        return acts;
    }

    // Cal.com cancelled; the local update is refused for good: nothing to compensate, the sync's own review at once.
    // A retry's timer round then succeeds.
    private static FakeAppointmentActivities SyncLocalReview()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.UpdateLocalAppointment] = (AppointmentErrors.AppointmentChanged, true, -1);
        return acts;
    }

    private static AppointmentCreationInput CreationInput() =>
        new($"apt-{Guid.NewGuid():N}"[..20], "ann@example.com", "Ann Example", FakeAppointmentActivities.Start);

    private static AppointmentSyncInput SyncInput(string action) => new(
        $"apt-{Guid.NewGuid():N}"[..20],
        action,
        action == SyncActions.Reschedule ? FakeAppointmentActivities.Start.AddDays(1) : null);
}
