using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Starter.Appointments;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Appointments;

[Collection(TimeSkippingCollection.Name)]
public class AppointmentSyncWorkflowTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    private const string Transient = "DATABASE_LOCKED";

    [Fact]
    public async Task RunAsync_CancelSucceedsEverywhere_SyncsWithoutRetries()
    {
        var acts = new FakeAppointmentActivities();

        var result = await RunAsync(acts, Input(SyncActions.Cancel));

        result.Success.Should().BeTrue();
        result.SyncStatus.Should().Be(AppointmentStatuses.Synced);
        result.LocalRetries.Should().Be(0);
        acts.Calls.Should().Equal(AppointmentSteps.CalcomCancel, AppointmentSteps.UpdateLocalAppointment);
    }

    [Fact]
    public async Task RunAsync_LocalUpdateFailsAfterCalcomSucceeded_MarksErrorAnswersWillRetryThenTheTimerRetrySyncs()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.UpdateLocalAppointment] = (Transient, false, -1);
        await RunWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartSyncAsync(Client, Input(SyncActions.Reschedule), tq);

            // The local update's own retries back off in real time inside the worker: no time skipping meanwhile.
            var first = await Env.WithAutoTimeSkippingDisabledAsync(() => AppointmentSagaClient.FirstOutcomeAsync(handle, default));
            first.Should().BeEquivalentTo(new { Success = false, WillRetry = true, SyncStatus = AppointmentStatuses.Error });
            acts.Marks.Should().ContainSingle().Which.SyncStatus.Should().Be(AppointmentStatuses.Error);

            var result = await handle.GetResultAsync();
            result.Success.Should().BeTrue();
            result.SyncStatus.Should().Be(AppointmentStatuses.Synced);
            result.LocalRetries.Should().Be(1);
            acts.Calls.Should().Equal(
                AppointmentSteps.CalcomReschedule,
                AppointmentSteps.UpdateLocalAppointment, AppointmentSteps.UpdateLocalAppointment, AppointmentSteps.UpdateLocalAppointment,
                $"MARK:{AppointmentStatuses.Error}",
                AppointmentSteps.RetryLocalUpdate);
            acts.Compensations.Should().BeEmpty("Cal.com took the change and is right: it is not undone");
            result.SagaLog.Should().Contain(s => s.Name == AppointmentSteps.RetryLocalUpdate && s.Status == StepStatus.Completed);
        });
    }

    [Fact]
    public async Task RunAsync_LocalUpdateKeepsFailing_RetriesBoundedThenWaitsForReviewAndRecordsTheDecision()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.UpdateLocalAppointment] = (Transient, false, -1);
        acts.Failures[AppointmentSteps.RetryLocalUpdate] = (Transient, false, -1); // each round spends its 3 quick attempts
        await RunWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartSyncAsync(Client, Input(SyncActions.Update) with { MaxLocalRetries = 3 }, tq);
            (await Env.WithAutoTimeSkippingDisabledAsync(() => AppointmentSagaClient.FirstOutcomeAsync(handle, default))).WillRetry.Should().BeTrue();
            await Env.DelayAsync(TimeSpan.FromHours(1)); // polling a query does not skip time; the retries wait 1 + 2 + 4 min

            var waiting = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            waiting.Steps.Count(s => s.Name == AppointmentSteps.RetryLocalUpdate).Should().Be(3);
            acts.Marks.Select(m => m.SyncStatus).Should().Equal(AppointmentStatuses.Error, AppointmentStatuses.ManualReviewRequired);
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be(nameof(SagaStatus.ManualReviewRequired));

            var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops-jane", "fixed the row by hand")));
            var result = await handle.GetResultAsync();

            answer.Action.Should().Be(ReviewAction.MarkResolved);
            result.Resolution.Should().Be("MarkResolved by ops-jane");
            result.SyncStatus.Should().Be(AppointmentStatuses.Synced);
            acts.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Operator = "ops-jane", MarkSynced = true, Note = "fixed the row by hand" });
            acts.Compensations.Should().BeEmpty();
        });
    }

    [Theory]
    [InlineData(ReviewAction.RetryCompensations, SagaStatus.Compensated, false)]
    [InlineData(ReviewAction.MarkResolved, SagaStatus.Resolved, true)]
    public async Task RunAsync_RescheduleRefusedLocallyAndTheRestoreFails_MarksManualReviewAndTheReviewResolvesIt(
        ReviewAction action, SagaStatus expected, bool markSynced)
    {
        var acts = new FakeAppointmentActivities { RestoreFailures = 1 };
        acts.Failures[AppointmentSteps.UpdateLocalAppointment] = (AppointmentErrors.AppointmentChanged, true, -1);
        await RunWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartSyncAsync(Client, Input(SyncActions.Reschedule), tq);

            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            acts.Marks.Should().ContainSingle().Which.SyncStatus.Should().Be(AppointmentStatuses.ManualReviewRequired);

            await handle.SignalAsync(wf => wf.ResolveManualReviewSignalAsync(new(action, "ops-jane", "checked Cal.com")));
            var result = await handle.GetResultAsync();

            result.Status.Should().Be(expected);
            result.FailedStep.Should().Be(AppointmentSteps.UpdateLocalAppointment);
            result.ErrorType.Should().Be(AppointmentErrors.AppointmentChanged);
            acts.Compensations.Should().HaveCount(action == ReviewAction.RetryCompensations ? 2 : 1).And.OnlyContain(c => c == "COMPENSATE_CALCOM_RESCHEDULE");
            acts.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Decision = action.ToString(), Operator = "ops-jane", MarkSynced = markSynced });
        });
    }

    [Fact]
    public async Task RunAsync_RescheduleWithoutNewStart_FailsInvalidInput()
    {
        var acts = new FakeAppointmentActivities();

        var act = () => RunAsync(acts, Input(SyncActions.Reschedule) with { NewStartUtc = null });

        (await act.Should().ThrowAsync<Temporalio.Exceptions.WorkflowFailedException>()).Which.InnerException!.Message.Should().Contain("new start");
        acts.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task StartSyncAsync_SecondSyncWhileOneRuns_IsRejectedWithoutStartingAnything()
    {
        // The first sync parks in manual review (restore failed), so it is certainly still running.
        var acts = new FakeAppointmentActivities { RestoreFailures = 1 };
        acts.Failures[AppointmentSteps.UpdateLocalAppointment] = (AppointmentErrors.AppointmentChanged, true, -1);
        await RunWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var input = Input(SyncActions.Reschedule);
            var first = await AppointmentSagaClient.StartSyncAsync(Client, input, tq);
            await WaitForStatusAsync(first, SagaStatus.ManualReviewRequired);

            var second = () => AppointmentSagaClient.StartSyncAsync(Client, input with { Action = SyncActions.Update, NewStartUtc = null }, tq);

            (await second.Should().ThrowAsync<SyncInProgressException>()).Which.WorkflowId.Should().Be(first.Id);
            (await Client.GetWorkflowHandle(first.Id).DescribeAsync()).RunId.Should().Be(first.ResultRunId, "the running sync is untouched");
            await first.TerminateAsync("test over");
        });
    }

    // Issue 17 item 7: a cancel at Cal.com cannot be undone; a saga cancelled after it must still finish the local
    // update forward, or the appointment stays scheduled pointing at a cancelled booking.
    [Fact]
    public async Task RunAsync_SagaCancelledWhileCalcomCancels_StillAppliesTheCancelLocally()
    {
        var acts = new FakeAppointmentActivities { ChangeGate = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        await RunWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartSyncAsync(Client, Input(SyncActions.Cancel), tq);
            await acts.ChangeStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

            await handle.CancelAsync();
            await Task.Delay(500);
            acts.ChangeGate.SetResult(); // Cal.com cancelled the booking: the request was already sent
            var act = () => handle.GetResultAsync();

            await act.Should().ThrowAsync<WorkflowFailedException>();
            acts.Applied.Should().ContainSingle("the local update is finished forward").Which.NewStatus.Should().Be(AppointmentStatuses.Cancelled);
        });
    }

    // Issue 17: a permanent refusal of the local update (APPOINTMENT_CHANGED) is not retried on the timer as if it were
    // transient: with nothing to compensate (a cancel), the sync asks for review at once.
    [Fact]
    public async Task RunAsync_LocalUpdateRefusedAfterACancel_GoesToReviewWithoutTimerRetries()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.UpdateLocalAppointment] = (AppointmentErrors.AppointmentChanged, true, -1);
        acts.Failures[AppointmentSteps.RetryLocalUpdate] = (AppointmentErrors.AppointmentChanged, true, -1);
        await RunWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartSyncAsync(Client, Input(SyncActions.Cancel), tq);

            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            acts.Calls.Should().NotContain(AppointmentSteps.RetryLocalUpdate);
            acts.Calls.Count(c => c == AppointmentSteps.UpdateLocalAppointment).Should().Be(1, "a non-retryable refusal is asked once");
            acts.Marks.Select(m => m.SyncStatus).Should().Equal(AppointmentStatuses.ManualReviewRequired);
            await handle.TerminateAsync("test over");
        });
    }

    // Issue 17: the second review round's MARK_MANUAL_REVIEW used the first round's key with another reason
    // (IDEMPOTENCY_CONFLICT, swallowed by the optional step): each round has its own key.
    [Fact]
    public async Task RunAsync_SecondReviewRound_MarksManualReviewAgainUnderItsOwnKey()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.UpdateLocalAppointment] = (Transient, false, -1);
        acts.Failures[AppointmentSteps.RetryLocalUpdate] = (Transient, false, -1); // each round spends its 3 quick attempts
        await RunWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartSyncAsync(Client, Input(SyncActions.Update) with { MaxLocalRetries = 1 }, tq);
            (await Env.WithAutoTimeSkippingDisabledAsync(() => AppointmentSagaClient.FirstOutcomeAsync(handle, default))).WillRetry.Should().BeTrue();
            await Env.DelayAsync(TimeSpan.FromHours(1));
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.RetryCompensations, "ops-jane", "try again")));
            await Env.DelayAsync(TimeSpan.FromHours(1));
            await WaitForAsync(handle, _ => acts.Marks.Count >= 3 || acts.Reviews.Count >= 1 && acts.Calls.Count(c => c == AppointmentSteps.RetryLocalUpdate) >= 2);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            acts.Marks.Select(m => m.SyncStatus).Should().Equal(
                AppointmentStatuses.Error, AppointmentStatuses.ManualReviewRequired, AppointmentStatuses.ManualReviewRequired);
            acts.Marks.Select(m => m.IdempotencyKey).Should().OnlyHaveUniqueItems();
            await handle.TerminateAsync("test over");
        });
    }

    private static AppointmentSyncInput Input(string action) => new(
        $"apt-{Guid.NewGuid():N}"[..20],
        action,
        action == SyncActions.Reschedule ? FakeAppointmentActivities.Start.AddDays(1) : null);

    private async Task<AppointmentSyncResult> RunAsync(FakeAppointmentActivities acts, AppointmentSyncInput input)
    {
        AppointmentSyncResult result = null!;
        await RunWorkerAsync<AppointmentSyncWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartSyncAsync(Client, input, tq);
            result = await handle.GetResultAsync();
        });
        return result;
    }
}
