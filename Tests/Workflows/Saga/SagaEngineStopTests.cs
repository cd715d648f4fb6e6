using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>
/// Issue 17: a saga stopped (cancelled) where the engine used to lose track of it: a cancel racing the workflow task
/// that ran local steps (the server rejects that task, the local steps' markers are lost), a cancel before or during
/// validation, and a compensation that keeps failing ahead of independent ones.
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaEngineStopTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_CancelRacesTheTaskThatRanLocalSteps_UndoesEveryLocalStepThatMayHaveRun()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            // A is a remote step; B and C are local: they run inside the workflow task that A's completion starts, and
            // that task then completes the saga. The cancel arrives while B runs, so the server rejects the task.
            var handle = await StartAsync(tq, new([new("A"), new("B", StepMode.Local, SlowSeconds: 2), new("C", StepMode.Local)]));
            await acts.Started("do:B");

            await handle.CancelAsync();

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            failure.InnerException.Should().BeOfType<CanceledFailureException>();
            (await EventsAsync(handle, EventType.WorkflowTaskFailed))
                .Should().Contain(e => e.WorkflowTaskFailedEventAttributes.Cause == WorkflowTaskFailedCause.UnhandledCommand,
                    "the race happened: the task that ran B and C was rejected, with their markers");
            acts.Effects.Should().BeEmpty("B and C committed in the rejected task; the retried task must still undo them");
            acts.Undone.Should().Equal("C", "B", "A");
            var state = await StateAsync(handle);
            state.Status.Should().Be(SagaStatus.Cancelled);
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be(nameof(SagaStatus.Cancelled));
            await ReplayAsync(handle);
        });
    }

    [Fact]
    public async Task RunAsync_CancelledWhileARemoteStepRuns_StopsBeforeTheLocalStepsAfterIt()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A", StepMode.Local), new("B", SlowSeconds: 2), new("C", StepMode.Local)]));
            await acts.Started("do:B");

            await handle.CancelAsync();

            await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            acts.Calls.Should().Equal("do:A", "do:B", "check:B", "undo:B", "undo:A");
            acts.Effects.Should().BeEmpty();
        });
    }

    [Fact]
    public async Task RunAsync_CancelledDuringValidation_EndsCancelledWithItsStatusUpserted()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A")], ValidateSeconds: 20));
            await acts.Started("validate");

            await handle.CancelAsync();

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            failure.InnerException.Should().BeOfType<CanceledFailureException>();
            acts.Calls.Should().Equal("validate");
            var state = await StateAsync(handle);
            state.Status.Should().Be(SagaStatus.Cancelled);
            state.FailedStep.Should().Be(SagaEngine.ValidateStep);
            state.FinishedUtc.Should().NotBeNull();
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be(nameof(SagaStatus.Cancelled));
            await ReplayAsync(handle);
        });
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeItsFirstWorkflowTask_EndsCancelledWithItsStatusUpserted()
    {
        var acts = new FakeStepActivities();
        var taskQueue = NewTaskQueue();

        // No worker polls yet: the first workflow task carries the start and the cancel together.
        var handle = await StartAsync(taskQueue, new([new("A")], ValidateSeconds: 1));
        await handle.CancelAsync();

        await RunEngineAsync(
            acts,
            async _ =>
            {
                await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
                acts.Calls.Should().NotContain("do:A");
                (await StateAsync(handle)).Status.Should().Be(SagaStatus.Cancelled);
                (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be(nameof(SagaStatus.Cancelled));
            },
            taskQueue);
    }

    [Fact]
    public async Task RunAsync_RefundKeepsFailingTransiently_TheSeatReleaseRunsFirst()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(
                tq, new([new("SEAT"), new("REFUND", UndoFailures: 20, UndoFailuresRetryable: true), new("CONFIRM", Fail: true)]));

            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated, "the refund succeeded in the end, with no review");
            acts.Calls.Where(c => c.StartsWith("undo", StringComparison.Ordinal)).Should().Equal(
                [.. Enumerable.Repeat("undo-failed:REFUND", 3), "undo:SEAT", .. Enumerable.Repeat("undo-failed:REFUND", 17), "undo:REFUND"]);
            acts.Effects.Should().BeEmpty();
            var failedAt = state.Steps.Single(s => s.Name == "CONFIRM").FinishedUtc!.Value;
            var released = state.Steps.Single(s => s.Name == "COMPENSATE_SEAT").FinishedUtc!.Value;
            var refunded = state.Steps.Last(s => s.Name == "COMPENSATE_REFUND").FinishedUtc!.Value;
            (released - failedAt).Should().BeLessThan(TimeSpan.FromMinutes(1), "the release waits only for the refund's first round");
            (refunded - released).Should().BeGreaterThan(TimeSpan.FromMinutes(30), "the refund kept retrying on its full budget");
            state.Compensation!.Results.Should().OnlyContain(r => r.Success);
            await ReplayAsync(handle);
        });
    }

    // The new command sequences replay deterministically (the recorded histories of older code: WorkflowReplayTests).
    private static async Task ReplayAsync(WorkflowHandle handle)
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = SagaDataConverter.Instance }.AddWorkflow<EngineTestWorkflow>());
        await replayer.ReplayWorkflowAsync(await handle.FetchHistoryAsync());
    }
}
