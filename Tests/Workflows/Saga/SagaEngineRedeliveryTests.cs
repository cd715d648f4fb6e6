using Temporalio.Client;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>
/// A non-retryable business failure means "no effect" only on a step's first attempt. On a redelivery an earlier
/// attempt may have committed (and lost its answer): the engine keeps the compensation, checks, and undoes.
/// Compensations do not inherit the step's heartbeat timeout, which they would never meet.
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaEngineRedeliveryTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    [Theory]
    [InlineData(false, SeatErrors.InsufficientSeats)]
    [InlineData(true, SeatErrors.InsufficientSeats)]
    [InlineData(false, SagaErrorTypes.IdempotencyConflict)]
    [InlineData(true, SagaErrorTypes.IdempotencyConflict)]
    public async Task RunAsync_BusinessFailureOnTheSecondAttemptAfterTheFirstCommitted_ChecksThenCompensates(bool local, string error)
    {
        var acts = new RedeliveryFakeActivities();
        var state = await RunAsync(acts, new([new("A"), new("B", local, error, BusinessErrorOnAttempt: 2)]));

        state.Status.Should().Be(SagaStatus.Compensated);
        state.ErrorType.Should().Be(error);
        acts.Calls.Should().Equal("do:A:1", "do:B:1", "do:B:2", "check:B", "undo-started:B", "undo:B", "undo-started:A", "undo:A");
        acts.Effects.Should().BeEmpty("attempt 1 of B committed; its effect is undone, not leaked");
        state.Steps.Single(s => s.Name == "B" && s.Kind == StepKind.Action).Outcome.Should().Be(UndoOutcomes.Unknown);
        state.Compensation!.Results.Select(r => (r.Step, r.Outcome)).Should().Equal(
            ("COMPENSATE_B", UndoOutcomes.Undone), ("COMPENSATE_A", UndoOutcomes.Undone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_BusinessFailureOnTheFirstAttempt_StillMeansNoEffect(bool local)
    {
        var acts = new RedeliveryFakeActivities();
        var state = await RunAsync(acts, new([new("A"), new("B", local, SeatErrors.InsufficientSeats)]));

        state.Status.Should().Be(SagaStatus.Compensated);
        acts.Calls.Should().Equal("do:A:1", "do:B:1", "undo-started:A", "undo:A");
        state.Compensation!.Results.Select(r => r.Step).Should().Equal("COMPENSATE_A");
    }

    [Fact]
    public async Task RunAsync_CompensationOfAHeartbeatingStepTakesLongerThanItsHeartbeatTimeout_SucceedsOnItsFirstAttempt()
    {
        var acts = new RedeliveryFakeActivities();

        // A's call heartbeats (1 s); its undo takes 3 s and does not. B fails, so A is undone.
        var state = await RunAsync(
            acts,
            new([new("A", HeartbeatSeconds: 1, UndoSlowSeconds: 3), new("B", BusinessError: "STEP_FAILED")], CompensationRetryBudget: TimeSpan.FromSeconds(20)));

        state.Status.Should().Be(SagaStatus.Compensated, "the undo did its work; nothing to review");
        acts.Count("undo-started:A").Should().Be(1, "the first attempt was not timed out and re-sent");
        acts.Effects.Should().BeEmpty();
        var result = state.Compensation!.Results.Should().ContainSingle().Which;
        result.Should().Match<CompensationResult>(r => r.Step == "COMPENSATE_A" && r.Success && r.Attempts == 1);
    }

    private async Task<SagaState> RunAsync(RedeliveryFakeActivities acts, RedeliveryTestInput input)
    {
        SagaState? state = null;
        await RunWorkerAsync<RedeliveryTestWorkflow>(acts, async tq =>
        {
            var handle = await Client.StartWorkflowAsync(
                (RedeliveryTestWorkflow wf) => wf.RunAsync(input), new WorkflowOptions($"redelivery-{Guid.NewGuid()}", tq));
            try
            {
                state = await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                var stuck = await handle.QueryAsync(wf => wf.GetState());
                await handle.TerminateAsync("test finished");
                throw new Xunit.Sdk.XunitException(
                    $"the saga did not end: {stuck.Status}, compensations {string.Join(", ", stuck.Compensation?.Results.Select(r => $"{r.Step} {r.Success} x{r.Attempts}") ?? [])}; calls {string.Join(", ", acts.Calls)}");
            }
        });
        return state!;
    }
}
