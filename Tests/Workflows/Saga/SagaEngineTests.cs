using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

[Collection(TimeSkippingCollection.Name)]
public class SagaEngineTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_AllStepsSucceed_CompletesWithoutCompensating()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B"), new("C")]));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Completed);
            state.Steps.Select(s => (s.Name, s.Status)).Should().Equal(
                ("A", StepStatus.Completed), ("B", StepStatus.Completed), ("C", StepStatus.Completed));
            state.Compensation.Should().BeNull();
            acts.Calls.Should().Equal("do:A", "do:B", "do:C");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Completed");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaType)).Should().Be("EngineTest");
        });
    }

    [Fact]
    public async Task RunAsync_ThirdStepFails_CompensatesCompletedStepsInReverseOrder()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B"), new("C", Fail: true), new("D")]));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            state.FailedStep.Should().Be("C");
            state.ErrorType.Should().Be("STEP_FAILED");
            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "undo:B", "undo:A");
            state.Compensation!.Results.Select(r => r.Step).Should().Equal("COMPENSATE_B", "COMPENSATE_A");
            state.Compensation.SuccessfulCompensations.Should().Be(2);
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaFailedStep)).Should().Be("C");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Compensated");
        });
    }

    [Fact]
    public async Task RunAsync_StepsAndCompensations_CarryStableIdempotencyKeys()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B", Fail: true)]));
            await handle.GetResultAsync();

            acts.Keys.Should().Equal($"{handle.Id}/A", $"{handle.Id}/B", $"{handle.Id}/compensate/A");
        });
    }

    [Fact]
    public async Task RunAsync_OptionalStepFails_MarksItSkippedAndGoesOn()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var state = await (await StartAsync(tq, new([new("A"), new("B", StepMode.Optional, Fail: true), new("C")])))
                .GetResultAsync();

            state.Status.Should().Be(SagaStatus.Completed);
            state.Steps.Single(s => s.Name == "B").Status.Should().Be(StepStatus.Skipped);
            state.FailedStep.Should().BeNull();
            acts.Undone.Should().BeEmpty();
        });
    }

    [Fact]
    public async Task RunAsync_StepFailsWithBusinessError_IsNotCompensated()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var state = await (await StartAsync(tq, new([new("A"), new("B", StepMode.Normal, Fail: true)])))
                .GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Undone.Should().Equal("A"); // a non-retryable business failure took no effect: nothing of B to undo
        });
    }

    [Fact]
    public async Task RunAsync_LocalStep_IsCompensatedLikeARemoteOne()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var state = await (await StartAsync(tq, new([new("A", StepMode.Local), new("B", StepMode.Local), new("C", Fail: true)])))
                .GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "undo:B", "undo:A");
        });
    }

    [Fact]
    public async Task RunAsync_ParallelCompensation_UndoesEveryCompletedStep()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var state = await (await StartAsync(tq, new([new("A"), new("B"), new("C"), new("D", Fail: true)], Parallel: true)))
                .GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Undone.Should().BeEquivalentTo(["A", "B", "C"]);
            state.Compensation!.TotalCompensations.Should().Be(3);
            state.Compensation.SuccessfulCompensations.Should().Be(3);
        });
    }

    [Fact]
    public async Task RunAsync_WorkflowCancelled_CompensatesAndEndsCancelled()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B")], WaitForRelease: true));
            await SagaPolling.WaitForRunningStepAsync(handle, "AWAIT_RELEASE", TimeSpan.FromSeconds(20));

            await handle.CancelAsync();

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            failure.InnerException.Should().BeOfType<CanceledFailureException>();
            acts.Undone.Should().Equal("B", "A");
            var state = await handle.QueryAsync(wf => wf.GetState());
            state.Status.Should().Be(SagaStatus.Compensated);
            state.ErrorType.Should().Be("CANCELLED");
        });
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesWhileWaiting_CompensatesAndEndsTimedOut()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B")], Deadline: TimeSpan.FromHours(24), WaitForRelease: true));

            var state = await handle.GetResultAsync(); // the time-skipping server jumps over the 24 hours

            state.Status.Should().Be(SagaStatus.TimedOut);
            state.ErrorType.Should().Be("SAGA_TIMEOUT");
            state.FailedStep.Should().Be("AWAIT_RELEASE");
            (state.FinishedUtc - state.StartedUtc).Should().BeGreaterThanOrEqualTo(TimeSpan.FromHours(24));
            acts.Undone.Should().Equal("B", "A");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("TimedOut");
        });
    }

    [Fact]
    public async Task RunAsync_ReleasedBeforeDeadline_CompletesAndCancelsTheTimer()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A")], Deadline: TimeSpan.FromHours(24), WaitForRelease: true));
            await SagaPolling.WaitForRunningStepAsync(handle, "AWAIT_RELEASE", TimeSpan.FromSeconds(20));

            await handle.SignalAsync(wf => wf.ReleaseAsync());

            var state = await handle.GetResultAsync();
            state.Status.Should().Be(SagaStatus.Completed);
            (state.FinishedUtc - state.StartedUtc).Should().BeLessThan(TimeSpan.FromHours(1));
            acts.Undone.Should().BeEmpty();
        });
    }

    [Fact]
    public async Task RunAsync_CompensationKeepsFailing_WaitsForReviewThenRetriesOnlyTheFailedOnes()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A", UndoFailures: 5), new("B"), new("C", Fail: true)]));

            var waiting = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            waiting.Compensation!.Results.Should().BeEquivalentTo(
                [new { Step = "COMPENSATE_B", Success = true }, new { Step = "COMPENSATE_A", Success = false }]);
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("ManualReviewRequired");
            acts.Calls.Count(c => c == "undo-failed:A").Should().Be(5, "the compensation retry policy allows 5 attempts");

            await Env.DelayAsync(TimeSpan.FromHours(25)); // a day passes with only reminders
            (await handle.QueryAsync(wf => wf.GetState())).Status.Should().Be(SagaStatus.ManualReviewRequired);

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.RetryCompensations, "ops-jane", "provider back up")));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Undone.Should().Equal("B", "A");
            state.Compensation!.SuccessfulCompensations.Should().Be(2);
            state.Steps.Where(s => s.Name == "COMPENSATE_A").Select(s => s.Attempt).Should().Equal(1, 2);
            state.Reviews.Should().ContainSingle().Which.Operator.Should().Be("ops-jane");
        });
    }

    [Fact]
    public async Task RunAsync_CompensationFailsAndOperatorMarksResolved_EndsResolvedWithTheirNote()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            // The default compensation policy (5 attempts, exponential backoff): skip its backoff by hand.
            var handle = await StartAsync(tq, new([new("A", UndoFailures: 100), new("B", Fail: true)], FastCompensationRetries: false));
            for (var i = 0; i < 10 && (await handle.QueryAsync(wf => wf.GetState())).Status != SagaStatus.ManualReviewRequired; i++)
            {
                await Env.DelayAsync(TimeSpan.FromSeconds(30));
            }

            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            acts.Calls.Count(c => c == "undo-failed:A").Should().Be(5);

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops-raj", "refunded by hand")));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Resolved);
            state.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(
                new { Action = ReviewAction.MarkResolved, Operator = "ops-raj", Note = "refunded by hand" });
            acts.Undone.Should().BeEmpty();
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Resolved");
        });
    }

    [Fact]
    public async Task ResolveAsync_SagaNotAwaitingReview_IsIgnored()
    {
        var acts = new FakeStepActivities();
        await RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A")], WaitForRelease: true));
            await SagaPolling.WaitForRunningStepAsync(handle, "AWAIT_RELEASE", TimeSpan.FromSeconds(20));

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops", null)));
            await handle.SignalAsync(wf => wf.ReleaseAsync());

            var state = await handle.GetResultAsync();
            state.Status.Should().Be(SagaStatus.Completed);
            state.Reviews.Should().BeNull();
        });
    }

    private Task<WorkflowHandle<EngineTestWorkflow, SagaState>> StartAsync(string taskQueue, EngineTestInput input) =>
        Client.StartWorkflowAsync(
            (EngineTestWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"engine-{Guid.NewGuid()}", taskQueue));
}
