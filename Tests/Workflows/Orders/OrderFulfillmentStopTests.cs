using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Orders;

/// <summary>Issue 17: an order cancelled where its outcome event used to go missing or be contradicted.</summary>
[Collection(TimeSkippingCollection.Name)]
public class OrderFulfillmentStopTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_CancelRacesTheTaskThatRecordsCompletion_ThePivotWinsAndTheOrderCompletes()
    {
        var acts = new FakeOrderActivities { SlowTransitionType = OrderEventTypes.FulfillmentCompleted };
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(), tq);
            await acts.SlowTransitionStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // The workflow task that records `completed` and completes the workflow is still running: the server rejects
            // it. The shipment, the order's pivot, is done: the retried task goes forward and completes the order.
            await handle.CancelAsync();

            var result = await handle.GetResultAsync();
            result.Status.Should().Be(SagaStatus.Completed);
            (await EventsAsync(handle, EventType.WorkflowTaskFailed))
                .Should().Contain(e => e.WorkflowTaskFailedEventAttributes.Cause == WorkflowTaskFailedCause.UnhandledCommand);
            acts.Compensations.Should().BeEmpty("nothing is undone once the carrier has the parcel");
            acts.TransitionTypes.Should().Equal([OrderEventTypes.FulfillmentCompleted], "the outcome is recorded once");
            (await handle.QueryAsync(wf => wf.GetState())).Status.Should().Be(SagaStatus.Completed);
        });
    }

    [Fact]
    public async Task RunAsync_CancelledDuringValidation_EndsCancelledAndRecordsTheOutcome()
    {
        var acts = new FakeOrderActivities { CheckDelay = TimeSpan.FromSeconds(20) };
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(), tq);
            await acts.CheckStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

            await handle.CancelAsync();

            var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            failure.InnerException.Should().BeOfType<CanceledFailureException>();
            acts.Calls.Should().Equal("CHECK_INPUT");
            acts.TransitionTypes.Should().Equal(OrderEventTypes.FulfillmentCancelled);
            (await handle.QueryAsync(wf => wf.GetState())).Status.Should().Be(SagaStatus.Cancelled);
            (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus)).Should().Be(nameof(SagaStatus.Cancelled));
        });
    }

    private static OrderFulfillmentInput Input() => new($"o-{Guid.NewGuid():N}"[..20], [new("VITC-500", 2)], "1 Main St, Springfield");
}
