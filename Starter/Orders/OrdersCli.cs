using System.CommandLine;
using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Demo;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Orders;

/// <summary>The order fulfillment saga's CLI: <c>order ...</c> and its demo scenarios.</summary>
public sealed class OrdersCli : ISagaCliModule
{
    public Command CreateCommand(CliContext context) => OrderCommands.Create(context);

    public IEnumerable<DemoScenario> DemoScenarios() =>
    [
        Scenario(
            "order with a prescription, approved by the demo",
            [new(OrderDemoData.Antibiotic, 2), new(OrderDemoData.Vitamins, 1)],
            SagaStatus.Completed,
            faults: null) with
        {
            WhileRunning = ApproveWhenWaitingAsync,
        },
        Scenario(
            "order: INITIATE_SHIPMENT fails → stock released",
            [new(OrderDemoData.Bandages, 3)],
            SagaStatus.Compensated,
            new FaultPlan(FailAt: OrderSteps.InitiateShipment)),
        Scenario(
            "order: carrier down past its retries → review → shipment retried",
            [new(OrderDemoData.Vitamins, 1)],
            SagaStatus.Completed,
            new FaultPlan(TransientAt: OrderSteps.InitiateShipment, TransientFailures: 6)) with
        {
            ReviewDecision = new(ReviewAction.RetryStep, "demo-operator", "the carrier is back", OrderSteps.InitiateShipment),
        },
    ];

    private static DemoScenario Scenario(string name, IReadOnlyList<OrderLine> items, SagaStatus expected, FaultPlan? faults) => new(
        name,
        expected,
        async start =>
        {
            var input = new OrderFulfillmentInput(start.SagaId, items, "1 Demo Street, Springfield", Faults: faults);
            return await start.Client.StartWorkflowAsync(
                (OrderFulfillmentWorkflow wf) => wf.RunAsync(input),
                new WorkflowOptions(OrderFulfillmentWorkflow.WorkflowId(start.SagaId), start.TaskQueue) { TypedSearchAttributes = SagaStart.SearchAttributes(OrderFulfillmentWorkflow.SagaType), StaticSummary = $"demo: {name}" });
        });

    // The demo plays the pharmacist: once the saga waits for the approval, it sends the update ApprovePrescription.
    private static async Task ApproveWhenWaitingAsync(WorkflowHandle handle, CancellationToken cancellationToken)
    {
        if (await DemoPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, cancellationToken))
        {
            await handle.ExecuteUpdateAsync<PrescriptionDecisionAnswer>(
                "ApprovePrescription", [new PrescriptionApproval("demo-pharmacist")], new() { Rpc = new() { CancellationToken = cancellationToken } });
        }
    }
}
