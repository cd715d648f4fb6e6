using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>
/// Steps interrupted by a cancel, the saga deadline or a timeout while their side effect is under way. The slow
/// fake calls take real seconds: the time-skipping server does not skip time while an activity runs.
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaEngineInterruptionTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_CancelledWhileAStepCommitsLate_WaitsChecksAndUndoesTheEffect()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B", SlowSeconds: 3), new("C")]));
            await acts.Started("do:B");

            await handle.CancelAsync();

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            failure.InnerException.Should().BeOfType<CanceledFailureException>();
            acts.Calls.Should().Equal("do:A", "do:B", "check:B", "undo:B", "undo:A");
            acts.Effects.Should().BeEmpty("B committed after the cancel, and was undone");
            var state = await StateAsync(handle);
            state.Status.Should().Be(SagaStatus.Cancelled);
            state.Steps.Single(s => s.Name == "B").Outcome.Should().Be(UndoOutcomes.Unknown);
            state.Compensation!.Results.Select(r => (r.Step, r.Outcome)).Should().Equal(
                ("COMPENSATE_B", UndoOutcomes.Undone), ("COMPENSATE_A", UndoOutcomes.Undone));
        });
    }

    [Fact]
    public async Task RunAsync_DeadlineWhileAStepCommitsLate_UndoesTheEffectAndEndsTimedOut()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B", SlowSeconds: 3), new("C")], Deadline: TimeSpan.FromSeconds(1)));

            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.TimedOut);
            state.ErrorType.Should().Be(SagaErrors.SagaTimeout);
            acts.Calls.Should().Equal("do:A", "do:B", "check:B", "undo:B", "undo:A");
            acts.Effects.Should().BeEmpty();
            state.Compensation!.Results.Select(r => (r.Step, r.Outcome)).Should().Equal(
                ("COMPENSATE_B", UndoOutcomes.Undone), ("COMPENSATE_A", UndoOutcomes.Undone));
            (await StateAsync(handle)).Status.Should().Be(SagaStatus.TimedOut);
        });
    }

    [Fact]
    public async Task RunAsync_CancelledWhileAStepRunsWithoutEffect_RecordsNotHappenedAndSkipsItsUndo()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B", SlowSeconds: 2, SlowEffect: SlowEffect.None)]));
            await acts.Started("do:B");

            await handle.CancelAsync();

            await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            acts.Calls.Should().Equal("do:A", "do:B", "check:B", "undo:A");
            var state = await StateAsync(handle);
            state.Status.Should().Be(SagaStatus.Cancelled);
            state.Compensation!.Results.Select(r => (r.Step, r.Outcome)).Should().Equal(
                ("COMPENSATE_B", UndoOutcomes.NotHappened), ("COMPENSATE_A", UndoOutcomes.Undone));
        });
    }

    [Fact]
    public async Task RunAsync_OptionalStepTimesOutAfterItsEffect_IsCheckedAndUndoneWhenTheSagaFails()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([
                new("A"),
                new("B", StepMode.Optional, SlowSeconds: 2, SlowEffect: SlowEffect.BeforeWait, TimeoutSeconds: 1),
                new("C", Fail: true),
            ]));

            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            var b = state.Steps.Single(s => s.Name == "B");
            (b.Status, b.ErrorType, b.Outcome).Should().Be((StepStatus.Skipped, SagaErrors.ActivityTimeout, UndoOutcomes.Unknown));
            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "check:B", "undo:B", "undo:A");
            acts.Effects.Should().BeEmpty();
        });
    }

    [Fact]
    public async Task RunAsync_CancelledWhileCompensating_FinishesTheCompensationsThenEndsCancelled()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B", UndoSlowSeconds: 2), new("C", Fail: true)]));
            await acts.Started("undo:B");

            await handle.CancelAsync();

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            failure.InnerException.Should().BeOfType<CanceledFailureException>();
            acts.Undone.Should().Equal("B", "A");
            acts.Effects.Should().BeEmpty();
            var state = await StateAsync(handle);
            state.Status.Should().Be(SagaStatus.Cancelled);
            state.ErrorType.Should().Be("STEP_FAILED", "the saga failed at C before the cancel arrived");
            state.Compensation!.SuccessfulCompensations.Should().Be(2);
        });
    }

    [Theory]
    [InlineData(ReviewAction.MarkResolved, SagaStatus.Resolved)]
    [InlineData(ReviewAction.RetryCompensations, SagaStatus.Cancelled)]
    public async Task RunAsync_CancelledWhileAwaitingReview_AwaitsTheDecisionThenEndsCancelled(ReviewAction action, SagaStatus final)
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A", UndoFailures: 1), new("B", Fail: true)]));
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            await handle.CancelAsync();
            var cancelled = await WaitForAsync(handle, s => s.CancelRequested);
            cancelled.Status.Should().Be(SagaStatus.ManualReviewRequired, "a cancel does not abandon the review");

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(action, "ops-jane", null)));

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            failure.InnerException.Should().BeOfType<CanceledFailureException>();
            var state = await StateAsync(handle);
            state.Status.Should().Be(final);
            state.Reviews.Should().ContainSingle().Which.Action.Should().Be(action);
        });
    }
}
