using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>Manual review: the update <c>ResolveManualReview</c> answers or rejects; the signal is kept for compatibility.</summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaEngineReviewTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    // A's undo fails once, non-retryably: the saga goes to review at once.
    private static readonly EngineTestInput FailingUndo = new([new("A", UndoFailures: 1), new("B"), new("C", Fail: true)]);

    [Fact]
    public async Task RunAsync_CompensationFails_WaitsForReviewThenRetriesOnlyTheFailedOnes()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, FailingUndo);

            var waiting = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            waiting.Compensation!.Results.Should().BeEquivalentTo(
                [new { Step = "COMPENSATE_B", Success = true }, new { Step = "COMPENSATE_A", Success = false }]);
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("ManualReviewRequired");

            await Env.DelayAsync(TimeSpan.FromHours(25)); // a day passes with only reminders
            (await StateAsync(handle)).Status.Should().Be(SagaStatus.ManualReviewRequired);

            // The reminder is a durable timer of ReviewReminderInterval (24 h): it fired once (CRITICAL log again) and the
            // wait was re-armed; without it the wait would be a bare condition with no timer at all.
            (await EventsAsync(handle, Temporalio.Api.Enums.V1.EventType.TimerFired)).Should().ContainSingle("one reminder after 24 of the 25 hours");
            (await EventsAsync(handle, Temporalio.Api.Enums.V1.EventType.TimerStarted)).Should().HaveCount(2);

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(Retry));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "undo:B", "undo-failed:A", "undo:A");
            state.Compensation!.SuccessfulCompensations.Should().Be(2);
            state.Steps.Where(s => s.Name == "COMPENSATE_A").Select(s => s.Attempt).Should().Equal(1, 2);
            state.Reviews.Should().ContainSingle().Which.Operator.Should().Be("ops-jane");
        });
    }

    [Fact]
    public async Task RunAsync_OperatorMarksResolved_EndsResolvedWithTheirNote()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, FailingUndo);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var answer = await handle.ExecuteUpdateAsync(
                wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops-raj", "refunded by hand")));
            var state = await handle.GetResultAsync();

            answer.Should().BeEquivalentTo(new { Action = ReviewAction.MarkResolved, Compensations = new[] { "COMPENSATE_A" } });
            answer.WillDo.Should().Contain("Resolved");
            state.Status.Should().Be(SagaStatus.Resolved);
            state.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(
                new { Action = ReviewAction.MarkResolved, Operator = "ops-raj", Note = "refunded by hand" });
            acts.Undone.Should().Equal("B");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Resolved");
        });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_Accepted_AnswersWhatTheSagaWillDo()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, FailingUndo);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(Retry));

            answer.Action.Should().Be(ReviewAction.RetryCompensations);
            answer.Compensations.Should().Equal("COMPENSATE_A");
            answer.WillDo.Should().Contain("retrying 1 compensation");
            (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Compensated);
        });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_SagaNotAwaitingReview_IsRejectedWithTheReason()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A")], WaitForRelease: true));
            await SagaPolling.WaitForRunningStepAsync(handle, "AWAIT_RELEASE", TimeSpan.FromSeconds(20));

            var rejection = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(
                () => handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops", null))));
            await handle.SignalAsync(wf => wf.ReleaseAsync());

            var cause = rejection.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
            cause.ErrorType.Should().Be(SagaErrors.ReviewRejected);
            cause.Message.Should().Contain("not awaiting manual review");
            var state = await handle.GetResultAsync();
            state.Status.Should().Be(SagaStatus.Completed);
            state.Reviews.Should().BeNull();
            (await EventsAsync(handle, EventType.WorkflowExecutionUpdateAccepted)).Should().BeEmpty("a rejected update leaves no trace");
        });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_NoOperator_IsRejectedAndTheSagaKeepsWaiting()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, FailingUndo);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var rejection = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(
                () => handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, " ", null))));

            var cause = rejection.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
            cause.ErrorType.Should().Be(SagaErrors.ReviewRejected);
            cause.Message.Should().Contain("operator");
            var state = await StateAsync(handle);
            state.Status.Should().Be(SagaStatus.ManualReviewRequired);
            state.Reviews.Should().BeNull();
        });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_TwoDecisionsRace_OneWinsAndTheOtherIsRecordedNowhere()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, FailingUndo);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var outcomes = await Task.WhenAll(
                OutcomeAsync(handle, new(ReviewAction.RetryCompensations, "ops-a", null)),
                OutcomeAsync(handle, new(ReviewAction.MarkResolved, "ops-b", null)));

            AssertOneWins(outcomes);
            (await handle.GetResultAsync()).Reviews.Should().ContainSingle();
            (await EventsAsync(handle, EventType.WorkflowExecutionUpdateAccepted)).Should().ContainSingle(
                "the losing decision is rejected by the validator, so it never enters the history");
        });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_TwoDecisionsInOneWorkflowTask_OneWinsAndTheOtherIsRecordedNowhere()
    {
        // Both decisions reach the server while no worker runs, so the next workflow task carries both and the SDK
        // runs both validators before either handler.
        var acts = new FakeStepActivities();
        var taskQueue = NewTaskQueue();
        var handle = await StartWithoutWorkerUntilReviewAsync(acts, taskQueue);
        var first = OutcomeAsync(handle, new(ReviewAction.RetryCompensations, "ops-a", null));
        var second = OutcomeAsync(handle, new(ReviewAction.MarkResolved, "ops-b", null));
        await Task.Delay(TimeSpan.FromSeconds(1)); // lets both reach the server; if one is late, the validator still rejects it

        await RunEngineAsync(
            acts,
            async _ =>
            {
                AssertOneWins(await Task.WhenAll(first, second));
                (await handle.GetResultAsync()).Reviews.Should().ContainSingle();
                (await EventsAsync(handle, EventType.WorkflowExecutionUpdateAccepted)).Should().ContainSingle(
                    "the losing decision is rejected by the validator, so it never enters the history");
            },
            taskQueue);
    }

    [Fact]
    public async Task ResolveManualReviewSignal_BadDecision_IsDroppedAndTheSagaKeepsWaiting()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, FailingUndo);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            await handle.SignalAsync(wf => wf.ResolveManualReviewSignalAsync(new(ReviewAction.MarkResolved, string.Empty, null)));

            // Had the signal been taken, this decision would be rejected as a second one.
            var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(Retry));
            answer.Action.Should().Be(ReviewAction.RetryCompensations);
            var state = await handle.GetResultAsync();
            state.Status.Should().Be(SagaStatus.Compensated);
            state.Reviews.Should().ContainSingle().Which.Operator.Should().Be(Retry.Operator);
        });
    }

    [Fact]
    public async Task ResolveManualReviewSignal_GoodDecision_IsTaken()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, FailingUndo);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            await handle.SignalAsync(wf => wf.ResolveManualReviewSignalAsync(new(ReviewAction.MarkResolved, "ops-raj", null)));

            var state = await handle.GetResultAsync();
            state.Status.Should().Be(SagaStatus.Resolved);
            state.Reviews.Should().ContainSingle().Which.Operator.Should().Be("ops-raj");
        });
    }

    private static void AssertOneWins(object[] outcomes)
    {
        outcomes.Count(o => o is ReviewAnswer).Should().Be(1);
        var rejection = outcomes.OfType<WorkflowUpdateFailedException>().Should().ContainSingle().Subject;
        rejection.InnerException.Should().BeOfType<ApplicationFailureException>()
            .Which.ErrorType.Should().Be(SagaErrors.ReviewRejected);
    }

    // Runs a worker only until the saga waits for review; the saga stays running for the rest of the test.
    private async Task<WorkflowHandle<EngineTestWorkflow, SagaState>> StartWithoutWorkerUntilReviewAsync(
        FakeStepActivities acts, string taskQueue)
    {
        WorkflowHandle<EngineTestWorkflow, SagaState>? handle = null;
        await RunWorkerAsync<EngineTestWorkflow>(
            acts,
            async tq =>
            {
                handle = await StartAsync(tq, FailingUndo);
                await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            },
            taskQueue,
            cacheWorkflows: false);
        return handle!;
    }

    private static async Task<object> OutcomeAsync(WorkflowHandle<EngineTestWorkflow, SagaState> handle, ReviewDecision decision)
    {
        try
        {
            return await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(decision));
        }
        catch (WorkflowUpdateFailedException e)
        {
            return e;
        }
    }
}
