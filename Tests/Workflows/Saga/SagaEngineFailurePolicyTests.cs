using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>
/// Per-step failure policy, the pivot and the operator's repair decisions (issue 23): what each failure class does by
/// default and under <see cref="FailurePolicy.ReviewWhenStuck"/>, a saga failing before and after its pivot, and each
/// review decision accepted, refused at the wrong time, and recorded in the ledger.
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaEngineFailurePolicyTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    private static readonly ReviewDecision RetryStep = new(ReviewAction.RetryStep, "ops-ana", "provider back");

    private static EngineTestInput StuckB(FailurePolicy? policy = null) =>
        new([new("A"), new("B", Policy: policy ?? FailurePolicy.ReviewWhenStuck), new("C")]);

    [Fact]
    public async Task Default_RetriesRunOut_Compensates()
    {
        var acts = new FakeStepActivities();
        acts.TransientFailures["B"] = 2;
        await RunEngineAsync(acts, async tq =>
        {
            var state = await (await StartAsync(tq, StuckB(FailurePolicy.Default))).GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            state.FailedStep.Should().Be("B");
            acts.Undone.Should().Equal("A");
            state.Reviews.Should().BeNullOrEmpty();
        });
    }

    [Fact]
    public async Task ReviewWhenStuck_RetriesRunOut_WaitsWithNothingUndone_ThenRetryStepCompletes()
    {
        var acts = new FakeStepActivities();
        acts.TransientFailures["B"] = 2; // both attempts of the first run fail; the operator's retry succeeds
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, StuckB());

            var waiting = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            waiting.Steps.Should().ContainSingle(s => s.Name == "B" && s.Status == StepStatus.Failed)
                .Which.ErrorType.Should().Be("PROVIDER_UNAVAILABLE");
            acts.Undone.Should().BeEmpty("nothing is undone while the operator looks");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("ManualReviewRequired");

            var retryB = RetryStep with { Step = "B" };
            var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(retryB));
            var state = await handle.GetResultAsync();

            answer.WillDo.Should().Be("retrying step B");
            state.Status.Should().Be(SagaStatus.Completed);
            acts.Calls.Should().Equal("do:A", "do:B", "do-failed:B", "do:B", "do-failed:B", "do:B", "do:C");
            state.Steps.Where(s => s.Name == "B").Select(s => (s.Attempt, s.Status))
                .Should().Equal((1, StepStatus.Failed), (2, StepStatus.Completed));
            state.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(
                new { Action = ReviewAction.RetryStep, Operator = "ops-ana", Note = "provider back", Step = "B" });
            acts.Keys.Distinct().Should().HaveCount(3, "the retried step keeps its idempotency key");
        });
    }

    [Fact]
    public async Task ReviewWhenStuck_OperatorCompensates_UndoesTheStepsBefore()
    {
        var acts = new FakeStepActivities();
        acts.TransientFailures["B"] = 2;
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, StuckB());
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.Compensate, "ops-ana")));
            var state = await handle.GetResultAsync();

            answer.WillDo.Should().Be("compensating the saga");
            state.Status.Should().Be(SagaStatus.Compensated);
            state.FailedStep.Should().Be("B");
            // B's failures were faults after retries: whether it took effect is asked, and it had not.
            state.Steps.Should().Contain(s => s.Name == "COMPENSATE_B" && s.Outcome == UndoOutcomes.NotHappened);
            acts.Undone.Should().Equal("A");
            state.Reviews.Should().ContainSingle().Which.Action.Should().Be(ReviewAction.Compensate);
        });
    }

    [Fact]
    public async Task ReviewWhenStuck_Refusal_CompensatesAtOnce()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var input = new EngineTestInput([new("A"), new("B", Fail: true, Policy: FailurePolicy.ReviewWhenStuck)]);
            var state = await (await StartAsync(tq, input)).GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Undone.Should().Equal("A");
            state.Reviews.Should().BeNullOrEmpty();
        });
    }

    [Fact]
    public async Task RefusalToReview_OnlyForTheTypesItNames()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var other = new FailurePolicy(OnRefusal: FailureAction.Review, RefusalTypes: ["SOMETHING_ELSE"]);
            var named = new FailurePolicy(OnRefusal: FailureAction.Review, RefusalTypes: ["STEP_FAILED"]);

            // STEP_FAILED is not a refusal of the first policy: it counts as a fault after retries, which compensates.
            var notNamed = await (await StartAsync(tq, new([new("A"), new("B", Fail: true, Policy: other)]))).GetResultAsync();
            notNamed.Status.Should().Be(SagaStatus.Compensated);

            var handle = await StartAsync(tq, new([new("A"), new("B", Fail: true, Policy: named)]));
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops-ana", "booked by phone")));
            (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Resolved);
        });
    }

    [Fact]
    public async Task UnknownOutcome_ByDefaultCompensatesAfterTheCheck_UnderItsPolicyWaitsForReview()
    {
        var acts = new FakeStepActivities();
        acts.TransientFailures["B"] = 1;
        acts.RefuseOnRedelivery["B"] = true; // attempt 2 refuses: attempt 1 may have taken effect
        await RunEngineAsync(acts, async tq =>
        {
            var unknownReviews = new FailurePolicy(OnUnknown: FailureAction.Review);
            var handle = await StartAsync(tq, new([new("A"), new("B", Policy: unknownReviews)]));

            var waiting = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            waiting.Steps.Should().ContainSingle(s => s.Name == "B").Which.Outcome.Should().Be(UndoOutcomes.Unknown);

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.Compensate, "ops-ana")));
            var state = await handle.GetResultAsync();
            state.Status.Should().Be(SagaStatus.Compensated);
            state.Steps.Should().Contain(s => s.Name == "COMPENSATE_B" && s.Outcome == UndoOutcomes.NotHappened);
        });

        var byDefault = new FakeStepActivities();
        byDefault.TransientFailures["B"] = 1;
        byDefault.RefuseOnRedelivery["B"] = true;
        await RunEngineAsync(byDefault, async tq =>
        {
            var state = await (await StartAsync(tq, new([new("A"), new("B")]))).GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            state.Reviews.Should().BeNullOrEmpty();
            byDefault.Calls.Should().Contain("check:B");
        });
    }

    [Fact]
    public async Task ForwardReview_MarkResolved_EndsResolvedWithNothingUndone()
    {
        var acts = new FakeStepActivities();
        acts.TransientFailures["B"] = 2;
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, StuckB());
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops-ana", "finished by hand")));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Resolved);
            acts.Undone.Should().BeEmpty();
            acts.Calls.Should().NotContain("do:C");
        });
    }

    [Fact]
    public async Task ForwardReview_CancelledWhileWaiting_Compensates()
    {
        var acts = new FakeStepActivities();
        acts.TransientFailures["B"] = 2;
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, StuckB());
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            await handle.CancelAsync();
            var thrown = await FluentActions.Awaiting(() => handle.GetResultAsync()).Should().ThrowAsync<WorkflowFailedException>();

            thrown.Which.InnerException.Should().BeOfType<CanceledFailureException>();
            acts.Undone.Should().Equal("A");
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be("Cancelled");
        });
    }

    [Fact]
    public async Task ForwardReview_RefusesDecisionsForCompensationsAndAnotherStep()
    {
        var acts = new FakeStepActivities();
        acts.TransientFailures["B"] = 2;
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, StuckB());
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            await ShouldRefuseAsync(handle, Retry, "is for failed compensations");
            await ShouldRefuseAsync(handle, new(ReviewAction.SkipCompensation, "ops-ana", "by hand", "A"), "is for failed compensations");
            await ShouldRefuseAsync(handle, RetryStep with { Step = "C" }, "step 'C' is not the one awaiting review (B)");

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(RetryStep));
            (await handle.GetResultAsync()).Reviews.Should().ContainSingle("refused decisions are not recorded");
        });
    }

    [Fact]
    public async Task Pivot_FailureAfterIt_RetriesForwardNoCompensation()
    {
        var acts = new FakeStepActivities();
        acts.TransientFailures["C"] = 2;
        await RunEngineAsync(acts, async tq =>
        {
            // C has the default policy: before the pivot it would compensate; after it, it waits for an operator.
            var handle = await StartAsync(tq, new([new("A"), new("B", Pivot: true), new("C")]));

            var waiting = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            waiting.Steps.Should().ContainSingle(s => s.Name == "B").Which.Outcome.Should().Be(StepOutcomes.Pivot);
            await ShouldRefuseAsync(handle, new(ReviewAction.Compensate, "ops-ana"), "past its pivot");

            await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(RetryStep));
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Completed);
            acts.Undone.Should().BeEmpty();
            acts.Calls.Should().Equal("do:A", "do:B", "do:C", "do-failed:C", "do:C", "do-failed:C", "do:C");
            state.Reviews.Should().ContainSingle().Which.Step.Should().Be("C", "a retry that names no step is recorded with the step it retried");
        });
    }

    [Fact]
    public async Task Pivot_FailureBeforeIt_Compensates()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var state = await (await StartAsync(tq, new([new("A"), new("B", Fail: true, Pivot: true), new("C")]))).GetResultAsync();

            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Undone.Should().Equal("A");
            state.Steps.Should().NotContain(s => s.Outcome == StepOutcomes.Pivot);
        });
    }

    [Fact]
    public async Task Pivot_CancelAfterIt_GoesForwardAndCompletes()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B", Pivot: true)], WaitForRelease: true));
            await acts.Started("do:B");
            while (!(await StateAsync(handle)).Steps.Any(r => r.Name == "AWAIT_RELEASE"))
            {
                await Task.Delay(50);
            }

            await handle.CancelAsync();
            await handle.SignalAsync(wf => wf.ReleaseAsync());
            var state = await handle.GetResultAsync();

            state.Status.Should().Be(SagaStatus.Completed);
            acts.Undone.Should().BeEmpty();
        });
    }

    [Fact]
    public async Task SkipCompensation_RecordsTheHandUndo_AndRetriesTheOthers()
    {
        var acts = new FakeStepActivities();
        // A's and B's undos fail for good once: both await review. The operator undid A by hand; B is retried.
        var input = new EngineTestInput([new("A", UndoFailures: 1), new("B", UndoFailures: 1), new("C", Fail: true)]);
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, input);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            await ShouldRefuseAsync(handle, new(ReviewAction.SkipCompensation, "ops-ana", "by hand", "C"), "no failed compensation 'C'");
            await ShouldRefuseAsync(handle, new(ReviewAction.SkipCompensation, "ops-ana", null, "A"), "needs a note");
            await ShouldRefuseAsync(handle, RetryStep, "is for a stuck forward step");

            var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(
                new(ReviewAction.SkipCompensation, "ops-ana", "seat released in the back office", "A")));
            var state = await handle.GetResultAsync();

            answer.WillDo.Should().Be("recording COMPENSATE_A as undone by hand; retrying 1 other compensation(s)");
            state.Status.Should().Be(SagaStatus.Compensated);
            acts.Undone.Should().Equal("B");
            state.Steps.Where(s => s.Name == "COMPENSATE_A").Select(s => s.Outcome).Should().Equal(null, UndoOutcomes.UndoneByOperator);
            state.Compensation!.Results.Should().Contain(r => r.Step == "COMPENSATE_A" && r.Success && r.Outcome == UndoOutcomes.UndoneByOperator);
            state.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(new
            {
                Action = ReviewAction.SkipCompensation,
                Operator = "ops-ana",
                Note = "seat released in the back office",
                Step = "A",
            });
        });
    }

    [Fact]
    public void Policy_ContinueOnARequiredStep_IsRefused()
    {
        FailurePolicy.Optional.Problem(optional: false).Should().Contain("only an optional step");
        FailurePolicy.Optional.Problem(optional: true).Should().BeNull();
        FailurePolicy.ReviewWhenStuck.Problem(optional: false).Should().BeNull();
    }

    private static async Task ShouldRefuseAsync(WorkflowHandle<EngineTestWorkflow, SagaState> handle, ReviewDecision decision, string reason)
    {
        var refused = await FluentActions.Awaiting(() => handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(decision)))
            .Should().ThrowAsync<WorkflowUpdateFailedException>();
        refused.Which.InnerException.Should().BeOfType<ApplicationFailureException>()
            .Which.Message.Should().Contain(reason);
    }
}
