using Temporalio.Client;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.Support;
using TemporalSagas.Tests.Workflows.Saga;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Orders;

/// <summary>Review decisions sent to an order saga: conflicting ones, one out of review, an invalid one.</summary>
[Collection(TimeSkippingCollection.Name)]
public class OrderFulfillmentReviewTests(TimeSkippingFixture fixture) : SagaReviewTestBase(fixture)
{
    private const string ReleaseInventory = "COMPENSATE_" + OrderSteps.ReserveInventory;
    private const string CancelOrder = "COMPENSATE_" + OrderSteps.CreateOrder;

    [Fact]
    public async Task ResolveManualReviewAsync_TwoDecisionsRace_OneWinsAndTheSagaEndsByItAlone()
    {
        var acts = IntoReview();
        await RaceTwoDecisionsAsync<OrderFulfillmentWorkflow, WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult>>(
            acts,
            tq => OrderSagaClient.StartAsync(Client, Input(), tq),
            async (handle, answer) =>
            {
                var result = await handle.GetResultAsync();

                if (answer.Action == ReviewAction.RetryCompensations)
                {
                    result.Status.Should().Be(SagaStatus.Compensated);
                    acts.Compensations.Should().Equal(ReleaseInventory, CancelOrder, ReleaseInventory);
                }
                else
                {
                    result.Status.Should().Be(SagaStatus.Resolved);
                    acts.Compensations.Should().Equal(ReleaseInventory, CancelOrder);
                }

                (await StateAsync(handle)).Reviews.Should().ContainSingle().Which.Operator.Should().Be(WinnerOf(answer).Operator);
                acts.TransitionTypes.Should().Equal(OrderEventTypes.FulfillmentFailed);
            });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_WaitingForThePharmacist_IsRefusedAndNothingChanges()
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add("AMOX-250");
        await RunReviewWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = Track(await OrderSagaClient.StartAsync(Client, Input("AMOX-250"), tq));
            await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));

            var refused = await RefusedAsync(handle, Retry);

            refused.Message.Should().Contain("not awaiting manual review");
            (await StateAsync(handle)).Status.Should().Be(SagaStatus.Running);
            await handle.SignalAsync(wf => wf.PrescriptionApprovedAsync(new("pharmacist-ann")));
            var result = await handle.GetResultAsync();
            result.Status.Should().Be(SagaStatus.Completed);
            acts.Compensations.Should().BeEmpty();
            (await StateAsync(handle)).Reviews.Should().BeNull();
            (await AcceptedReviewsAsync(handle)).Should().Be(0);
        });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_NoOperator_IsRefusedAndTheSagaKeepsWaiting()
    {
        var acts = IntoReview();
        await RunReviewWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = Track(await OrderSagaClient.StartAsync(Client, Input(), tq));
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var refused = await RefusedAsync(handle, NoOperator);

            refused.Message.Should().Contain("operator");
            var waiting = await StateAsync(handle);
            waiting.Status.Should().Be(SagaStatus.ManualReviewRequired);
            waiting.Reviews.Should().BeNull();

            // Had the invalid decision been taken, this one would be refused as a second decision.
            (await DecideAsync(handle, Resolve)).Action.Should().Be(ReviewAction.MarkResolved);
            (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Resolved);
            (await StateAsync(handle)).Reviews.Should().ContainSingle().Which.Operator.Should().Be(Resolve.Operator);
            (await AcceptedReviewsAsync(handle)).Should().Be(1);
        });
    }

    // The shipment fails, and releasing the stock fails for good once: the saga waits in review of that compensation.
    private static FakeOrderActivities IntoReview()
    {
        var acts = new FakeOrderActivities(new Dictionary<string, string> { [OrderSteps.InitiateShipment] = "CARRIER_DOWN" });
        acts.UndoFailures[OrderSteps.ReserveInventory] = 1;
        return acts;
    }

    private static OrderFulfillmentInput Input(params string[] extraSkus) => new(
        $"o-{Guid.NewGuid():N}"[..20],
        [new("VITC-500", 2), .. extraSkus.Select(s => new OrderLine(s, 1))],
        "1 Main St, Springfield");
}
