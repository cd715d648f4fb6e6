using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client.Orders;

/// <summary>How every caller (the CLI, the demo, the tests) starts and signals an order saga.</summary>
public static class OrderSagaClient
{
    /// <summary>Starts the saga of <paramref name="input"/>'s order, or returns the one already running for it:
    /// the workflow id is <c>order-{orderId}</c> and a second start uses the existing run, so a retried request
    /// never fulfils an order twice.</summary>
    public static Task<WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult>> StartAsync(
        ITemporalClient client, OrderFulfillmentInput input, string taskQueue) =>
        client.StartWorkflowAsync(
            (OrderFulfillmentWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(OrderFulfillmentWorkflow.WorkflowId(input.OrderId), taskQueue)
            {
                TypedSearchAttributes = SagaStart.SearchAttributes(OrderFulfillmentWorkflow.SagaType),
                IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
                StaticSummary = $"order {input.OrderId}: {input.Items.Count} line(s), deadline {input.EffectiveDeadline}",
            });

    public static WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult> Handle(ITemporalClient client, string orderId) =>
        client.GetWorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult>(OrderFulfillmentWorkflow.WorkflowId(orderId));
}
