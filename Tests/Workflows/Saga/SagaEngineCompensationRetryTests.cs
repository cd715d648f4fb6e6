using Temporalio.Exceptions;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>How long a failing compensation retries before the saga asks an operator, and in what order the rest run.</summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaEngineCompensationRetryTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_CompensationFailsTransiently_DefaultPolicyKeepsRetryingWithoutReview()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A", UndoFailures: 30, UndoFailuresRetryable: true), new("B", Fail: true)]));

            await SkipUntilAsync(() => acts.Count("undo-failed:A") >= 5, TimeSpan.FromSeconds(10));
            (await StateAsync(handle)).Status.Should().Be(SagaStatus.Compensating, "five failures in ~15 s are no reason to call a human");

            await SkipUntilAsync(() => acts.Count("undo-failed:A") >= 30, TimeSpan.FromMinutes(10));
            (await StateAsync(handle)).Status.Should().Be(SagaStatus.Compensating, "a provider's outage of hours heals itself");

            var state = await handle.GetResultAsync();
            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Count("undo-failed:A").Should().Be(30);
            acts.Undone.Should().Equal("A");
            state.Steps.Should().ContainSingle(s => s.Name == "COMPENSATE_A", "it was one compensation, retried by the server");
            (state.FinishedUtc - state.StartedUtc).Should().BeGreaterThan(TimeSpan.FromHours(1));
        });
    }

    [Fact]
    public async Task RunAsync_CompensationFailsTransientlyPastTheBudget_GoesToReview()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(
                tq,
                new([new("A", UndoFailures: 1000, UndoFailuresRetryable: true), new("B", Fail: true)],
                    CompensationRetryBudget: TimeSpan.FromMinutes(1)));

            await SkipUntilAsync(
                async () => (await StateAsync(handle)).Status == SagaStatus.ManualReviewRequired, TimeSpan.FromSeconds(20));

            var state = await StateAsync(handle);
            state.Status.Should().Be(SagaStatus.ManualReviewRequired);
            acts.Count("undo-failed:A").Should().BeInRange(2, 10, "it retried within its one-minute budget, then stopped");
            state.Compensation!.Results.Should().ContainSingle().Which.Success.Should().BeFalse();
        });
    }

    [Fact]
    public async Task RunAsync_CompensationFailsNonRetryably_GoesToReviewAfterOneAttempt()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A", UndoFailures: 1), new("B", Fail: true)]));

            var state = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            acts.Count("undo-failed:A").Should().Be(1);
            state.Compensation!.Results.Should().ContainSingle().Which.Error.Should().Contain("undo A failed");
        });
    }

    [Fact]
    public async Task RunAsync_StopAtFirstFailure_RunsLaterCompensationsOnlyAfterTheDecisionAndInOrder()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(
                tq,
                new([new("A"), new("B", UndoFailures: 1), new("C", Fail: true)], FailureMode: CompensationFailureMode.StopAtFirstFailure));

            var waiting = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            acts.Undone.Should().BeEmpty("A waits until B's failure is decided");
            waiting.Compensation!.Results.Select(r => r.Step).Should().Equal("COMPENSATE_B");

            var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(Retry));
            var state = await handle.GetResultAsync();

            answer.Compensations.Should().Equal("COMPENSATE_B", "COMPENSATE_A");
            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "undo-failed:B", "undo:B", "undo:A");
        });
    }

    [Fact]
    public async Task RunAsync_ContinueAfterFailure_RunsLaterCompensationsBeforeTheReview()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B", UndoFailures: 1), new("C", Fail: true)]));

            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "undo-failed:B", "undo:A");
        });
    }

    // Time moves only while the test server is told to skip; each step lets the retries due in it run.
    private async Task SkipUntilAsync(Func<Task<bool>> done, TimeSpan step)
    {
        for (var i = 0; i < 200 && !await done(); i++)
        {
            try
            {
                await Env.DelayAsync(step);
            }
            catch (RpcException e) when (e.Code is RpcException.StatusCode.DeadlineExceeded or RpcException.StatusCode.Cancelled)
            {
                // The skip's RPC outlived its deadline on a busy machine (the retries due in the step ran in real
                // time); the server skipped what it could, and the condition is asked again.
            }
        }

        (await done()).Should().BeTrue("the condition should hold after skipping time");
    }

    private Task SkipUntilAsync(Func<bool> done, TimeSpan step) => SkipUntilAsync(() => Task.FromResult(done()), step);
}
