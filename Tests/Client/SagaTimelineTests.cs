using Temporalio.Common;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Client;

/// <summary><see cref="SagaTimeline"/> over recorded histories (Tests/Histories): what the server saw, paired per activity.</summary>
public sealed class SagaTimelineTests
{
    [Fact]
    public async Task Build_TransientRetries_CountsTheAttemptsAndKeepsTheErrorBeforeTheSuccess()
    {
        var timeline = await BuildAsync("flight-booking-completed-transient-retries");

        var payment = timeline.Spans.Should().ContainSingle(s => s.Name == "PROCESS_PAYMENT").Subject;
        payment.Kind.Should().Be(SpanKinds.Step);
        payment.Attempts.Should().Be(3);
        payment.Outcome.Should().Be(SpanOutcomes.Completed);
        payment.LastError.Should().StartWith("simulated transient failure at PROCESS_PAYMENT (attempt 2");
        payment.Seconds.Should().BeGreaterThan(2.5, "two retries with 1 s and 2 s back-off");
        payment.Summary.Should().Be("PROCESS_PAYMENT: charge 400.00 to card");
        payment.Result.Should().Contain("\"paymentId\"");
        timeline.Spans.Single(s => s.Name == "RESERVE_SEAT").Attempts.Should().Be(1);
        timeline.EndUtc.Should().NotBeNull();
    }

    [Fact]
    public async Task Build_CompensationRetriedAfterReview_DrawsTheReviewWaitOnceAndTheDecision()
    {
        var timeline = await BuildAsync("flight-booking-compensated-after-review");

        timeline.Spans.Single(s => s.Name == "CONFIRM_BOOKING").Outcome.Should().Be(SpanOutcomes.Failed);
        timeline.Spans.Where(s => s.Name == "COMPENSATE_PROCESS_PAYMENT").Select(s => (s.Kind, s.Outcome))
            .Should().Equal((SpanKinds.Compensation, SpanOutcomes.Failed), (SpanKinds.Compensation, SpanOutcomes.Completed));
        var review = timeline.Spans.Should().ContainSingle(s => s.Kind == SpanKinds.ReviewWait).Subject;
        review.Outcome.Should().Be(SpanOutcomes.Decided);
        review.EndUtc.Should().NotBeNull();
        timeline.Spans.Should().NotContain(s => s.Kind == SpanKinds.Timer, "the review's reminder timer is the review wait");
        var decision = timeline.Marks.Should().ContainSingle(m => m.Kind == "review-decision").Subject;
        decision.Text.Should().StartWith("retry compensations by ");
        decision.AtUtc.Should().BeOnOrAfter(review.StartUtc).And.BeOnOrBefore(review.EndUtc!.Value);
    }

    [Fact]
    public async Task Build_ShipmentRetriedByAnOperator_ShowsBothRunsOfTheStepAndNamesTheDecisionsStep()
    {
        var timeline = await BuildAsync("order-fulfillment-completed-after-review-shipment-retried");

        timeline.Spans.Where(s => s.Name == "INITIATE_SHIPMENT").Select(s => s.Outcome)
            .Should().Equal(SpanOutcomes.Failed, SpanOutcomes.Completed);
        timeline.Spans.Should().NotContain(s => s.Kind == SpanKinds.Compensation, "nothing was undone");
        timeline.Spans.Should().ContainSingle(s => s.Kind == SpanKinds.ReviewWait).Which.Outcome.Should().Be(SpanOutcomes.Decided);
        timeline.Marks.Should().ContainSingle(m => m.Kind == "review-decision")
            .Which.Text.Should().Be("retry step INITIATE_SHIPMENT by recorder: carrier back");

        // saga status lists the decision where it happened, not after everything else.
        var rows = TemporalSagas.Starter.Rendering.SagaTimelineTable.Rows(timeline);
        rows.Select(r => r.StartedUtc).Should().BeInAscendingOrder();
        rows.Select(r => r.Kind).Should().ContainInOrder("review-wait", "review-decision").And.EndWith(SpanKinds.Step);
    }

    [Fact]
    public async Task Build_WithTheState_MarksTheFailedStepsLastRunAsTheFailure()
    {
        var state = new SagaState("s", "FlightBooking", SagaStatus.Compensated, [], DateTime.UtcNow, FailedStep: "CONFIRM_BOOKING");

        var timeline = await BuildAsync("flight-booking-compensated-confirm-failed", state);

        timeline.Spans.Where(s => s.Failure).Select(s => s.Name).Should().Equal("CONFIRM_BOOKING");
    }

    [Fact]
    public async Task Build_LocalSteps_AreReadFromTheirMarkers()
    {
        var timeline = await BuildAsync("flight-booking-completed-local-steps");

        timeline.Spans.Where(s => s.Kind == SpanKinds.Step).Select(s => s.Name)
            .Should().Equal("RESERVE_SEAT", "DEDUCT_LOYALTY_POINTS", "PROCESS_PAYMENT", "CONFIRM_BOOKING");
        timeline.Spans.Should().ContainSingle(s => s.Kind == SpanKinds.Activity).Which.Name.Should().Be("CheckBooking");
        timeline.Spans.Should().OnlyContain(s => s.EndUtc >= s.StartUtc && s.Outcome == SpanOutcomes.Completed);
    }

    [Fact]
    public async Task Build_CancelledSaga_MarksTheCancelRequest()
    {
        var timeline = await BuildAsync("flight-booking-cancelled");

        timeline.Marks.Should().ContainSingle(m => m.Kind == "cancel-requested");
        timeline.Spans.Single(s => s.Name == "PROCESS_PAYMENT").Outcome.Should().Be(SpanOutcomes.Completed);
        timeline.Spans.Where(s => s.Kind == SpanKinds.Compensation).Should().HaveCount(3);
    }

    private static async Task<SagaTimelineView> BuildAsync(string name, SagaState? state = null)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Histories", $"{name}.json");
        var history = WorkflowHistory.FromJson(name, await File.ReadAllTextAsync(file));
        return await SagaTimeline.BuildAsync(name, history.Events, SagaDataConverter.Instance, state, DateTime.UtcNow);
    }
}
