using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

[Collection(TimeSkippingCollection.Name)]
public class SagaEngineTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_AllStepsSucceed_CompletesWithoutCompensating()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B"), new("C")]));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Completed);
            state.Steps.Select(s => (s.Name, s.Status)).Should().Equal(
                ("A", StepStatus.Completed), ("B", StepStatus.Completed), ("C", StepStatus.Completed));
            state.Compensation.Should().BeNull();
            acts.Calls.Should().Equal("do:A", "do:B", "do:C");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Completed");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaType)).Should().Be(EngineTestWorkflow.SagaType);
        });
    }

    [Fact]
    public async Task RunAsync_StartedWithTheSagaSearchAttributes_UpsertsOnlyTheFinalStatus()
    {
        await RunEngineAsync(new FakeStepActivities(), async tq =>
        {
            var withAttributes = await StartAsync(
                tq, new([new("A")]), searchAttributes: SagaStart.SearchAttributes(EngineTestWorkflow.SagaType));
            var without = await StartAsync(tq, new([new("A")]));
            await withAttributes.GetResultAsync();
            await without.GetResultAsync();

            // SagaStart's attributes are in the start event, so the first task has nothing to upsert; a saga started
            // without them (the Web UI, `temporal workflow start`) upserts them itself. Both end listed the same way.
            (await UpsertCountAsync(withAttributes)).Should().Be(1);
            (await UpsertCountAsync(without)).Should().Be(2);
            foreach (var handle in new[] { withAttributes, without })
            {
                (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaType)).Should().Be(EngineTestWorkflow.SagaType);
                (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Completed");
            }
        });

        static async Task<int> UpsertCountAsync(WorkflowHandle handle) =>
            (await handle.FetchHistoryAsync()).Events.Count(e =>
                e.EventType == Temporalio.Api.Enums.V1.EventType.UpsertWorkflowSearchAttributes);
    }

    [Fact]
    public async Task RunAsync_ThirdStepFails_CompensatesCompletedStepsInReverseOrder()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B"), new("C", Fail: true), new("D")]));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            state.FailedStep.Should().Be("C");
            state.ErrorType.Should().Be("STEP_FAILED");
            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "undo:B", "undo:A"); // completed steps: no check asked
            state.Compensation!.Results.Select(r => (r.Step, r.Outcome)).Should().Equal(
                ("COMPENSATE_B", UndoOutcomes.Undone), ("COMPENSATE_A", UndoOutcomes.Undone));
            state.Compensation.SuccessfulCompensations.Should().Be(2);
            acts.Effects.Should().BeEmpty();
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaFailedStep)).Should().Be("C");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Compensated");
        });
    }

    [Fact]
    public async Task RunAsync_OptionalStepFailsWithBusinessError_MarksItSkippedAndGoesOn()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
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
        await RunEngineAsync(acts, async tq =>
        {
            var state = await (await StartAsync(tq, new([new("A"), new("B", Fail: true)]))).GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            // A non-retryable business failure took no effect: nothing of B to check or undo.
            acts.Calls.Should().Equal("do:A", "do:B", "undo:A");
            state.Steps.Single(s => s.Name == "B").Outcome.Should().BeNull();
        });
    }

    [Fact]
    public async Task RunAsync_LocalSteps_RunAsMarkersAndAreCompensatedLikeRemoteOnes()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A", StepMode.Local), new("B", StepMode.Local), new("C", Fail: true)]));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "undo:B", "undo:A");
            // Local steps and their compensations never reach the server as activity tasks: only markers.
            (await LocalActivitiesAsync(handle)).Should().Equal("Do", "Do", "Undo", "Undo");
            (await ScheduledActivitiesAsync(handle)).Should().Equal("Do");
        });
    }

    [Fact]
    public async Task RunAsync_ParallelCompensation_RunsEveryUndoAtOnce()
    {
        // Each undo waits until all three have started: run one after another, each would wait alone.
        var acts = new FakeStepActivities(undoRendezvous: 3);
        await RunEngineAsync(acts, async tq =>
        {
            var state = await (await StartAsync(tq, new([new("A"), new("B"), new("C"), new("D", Fail: true)], Parallel: true)))
                .GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Calls.Should().NotContain(c => c.StartsWith("undo-alone:", StringComparison.Ordinal));
            acts.Undone.Should().BeEquivalentTo(["A", "B", "C"]);
            state.Compensation!.TotalCompensations.Should().Be(3);
            state.Compensation.SuccessfulCompensations.Should().Be(3);
        });
    }

    [Fact]
    public async Task RunAsync_WorkflowCancelledWhileWaiting_CompensatesAndEndsCancelled()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B")], WaitForRelease: true));
            await SagaPolling.WaitForRunningStepAsync(handle, "AWAIT_RELEASE", TimeSpan.FromSeconds(20));

            await handle.CancelAsync();

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            failure.InnerException.Should().BeOfType<CanceledFailureException>();
            acts.Undone.Should().Equal("B", "A");
            var state = await StateAsync(handle);
            state.Status.Should().Be(SagaStatus.Cancelled);
            state.CancelRequested.Should().BeTrue();
            state.ErrorType.Should().Be("CANCELLED");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Cancelled");
        });
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesWhileWaiting_CompensatesAndEndsTimedOut()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
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
        await RunEngineAsync(acts, async tq =>
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
}
