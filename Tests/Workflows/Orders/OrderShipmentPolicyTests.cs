using Temporalio.Client;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.Support;
using TemporalSagas.Tests.Workflows.Saga;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Orders;

/// <summary>
/// The shipment's failure policy and pivot: a carrier that refuses compensates the order at once (see
/// <see cref="OrderFulfillmentWorkflowTests"/>); one still down after the retries leaves the order as it is and waits
/// for an operator, who retries the shipment or has the order compensated; the saga deadline still bounds the wait.
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class OrderShipmentPolicyTests(TimeSkippingFixture fixture) : SagaReviewTestBase(fixture)
{
    private const int Attempts = 5; // the shipment step's retry policy (StepOptions.Default)
    private static readonly ReviewDecision RetryShipment = new(ReviewAction.RetryStep, "ops-cy", "carrier back", OrderSteps.InitiateShipment);
    private static readonly ReviewDecision CompensateOrder = new(ReviewAction.Compensate, "ops-cy", "customer asked to cancel");

    [Fact]
    public async Task RunAsync_CarrierDownPastItsRetries_WaitsWithNothingUndone_ThenRetriedShipmentCompletes()
    {
        var acts = CarrierDown(Attempts);
        await RunReviewWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = Track(await OrderSagaClient.StartAsync(Client, Input(), tq));

            var waiting = await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);
            waiting.Steps.Should().ContainSingle(s => s.Name == OrderSteps.InitiateShipment)
                .Which.Should().BeEquivalentTo(new { Status = StepStatus.Failed, ErrorType = FakeOrderActivities.ProviderDown });
            acts.Compensations.Should().BeEmpty("the stock stays reserved while the operator looks");
            acts.TransitionTypes.Should().BeEmpty("the order has not ended");

            var answer = await DecideAsync(handle, RetryShipment);
            var result = await handle.GetResultAsync();

            answer.WillDo.Should().Be($"retrying step {OrderSteps.InitiateShipment}");
            result.Status.Should().Be(SagaStatus.Completed);
            result.TrackingNumber.Should().Be("TSABCDEFGHJK");
            acts.Calls.Count(c => c == OrderSteps.InitiateShipment).Should().Be(Attempts + 1);
            acts.Compensations.Should().BeEmpty();
            acts.TransitionTypes.Should().Equal(OrderEventTypes.FulfillmentCompleted);
            var state = await StateAsync(handle);
            state.Steps.Where(s => s.Name == OrderSteps.InitiateShipment).Select(s => (s.Status, s.Outcome))
                .Should().Equal((StepStatus.Failed, UndoOutcomes.Unknown), (StepStatus.Completed, StepOutcomes.Pivot));
            state.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(
                new { Action = ReviewAction.RetryStep, Operator = "ops-cy", Step = OrderSteps.InitiateShipment });
        });
    }

    [Fact]
    public async Task RunAsync_CarrierDown_OperatorCompensates_PutsTheStockBackAndCancelsTheOrder()
    {
        var acts = CarrierDown(Attempts);
        await RunReviewWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = Track(await OrderSagaClient.StartAsync(Client, Input(), tq));
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var answer = await DecideAsync(handle, CompensateOrder);
            var result = await handle.GetResultAsync();

            answer.Action.Should().Be(ReviewAction.Compensate);
            result.Status.Should().Be(SagaStatus.Compensated);
            acts.Compensations.Should().Equal(EverythingUndone);
            acts.Calls.Count(c => c == OrderSteps.InitiateShipment).Should().Be(Attempts, "no shipment after the decision");
            acts.TransitionTypes.Should().Equal(OrderEventTypes.FulfillmentFailed);
            (await StateAsync(handle)).Reviews.Should().ContainSingle().Which.Action.Should().Be(ReviewAction.Compensate);
        });
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesWhileTheShipmentWaitsForReview_CompensatesAndEndsTimedOut()
    {
        var acts = CarrierDown(Attempts);
        await RunReviewWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = Track(await OrderSagaClient.StartAsync(Client, Input() with { Deadline = TimeSpan.FromHours(2) }, tq));
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var result = await handle.GetResultAsync(); // time skips to the deadline: nobody decided

            result.Status.Should().Be(SagaStatus.TimedOut);
            acts.Compensations.Should().Equal(EverythingUndone);
            acts.TransitionTypes.Should().Equal(OrderEventTypes.FulfillmentTimedOut);
            (await StateAsync(handle)).Reviews.Should().BeNullOrEmpty();
        });
    }

    [Fact]
    public async Task RunAsync_CarrierDownForFewerThanItsRetries_ShipsWithoutAskingAnyone()
    {
        var acts = CarrierDown(Attempts - 1);
        await RunReviewWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var result = await (await OrderSagaClient.StartAsync(Client, Input(), tq)).GetResultAsync();

            result.Status.Should().Be(SagaStatus.Completed);
            acts.Calls.Count(c => c == OrderSteps.InitiateShipment).Should().Be(Attempts);
            result.SagaLog.Single(s => s.Name == OrderSteps.InitiateShipment).Outcome.Should().Be(StepOutcomes.Pivot);
        });
    }

    // A shipment that failed on a retry may have been booked (the failed attempts' outcome is unknown): its "did it
    // happen?" check runs first, and the fake carrier says it did, so it is cancelled too.
    private static readonly string[] EverythingUndone =
        ["COMPENSATE_" + OrderSteps.InitiateShipment, "COMPENSATE_" + OrderSteps.ReserveInventory, "COMPENSATE_" + OrderSteps.CreateOrder];

    private static FakeOrderActivities CarrierDown(int failures)
    {
        var acts = new FakeOrderActivities();
        acts.TransientFailures[OrderSteps.InitiateShipment] = failures;
        return acts;
    }

    private static OrderFulfillmentInput Input() => new($"o-{Guid.NewGuid():N}"[..20], [new("VITC-500", 2)], "1 Main St, Springfield");
}
