using Temporalio.Client;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Load.Orders;

/// <summary>Orders waiting for a pharmacist's signal: each needs a prescription, opened once the saga log shows it
/// waiting at AWAIT_PRESCRIPTION_APPROVAL (polled with the GetState query), released with the PrescriptionRejected
/// signal, closed when the result says Compensated (<c>PRESCRIPTION_REJECTED</c>).</summary>
public sealed class OrderOpenProfile(ITemporalClient client, string taskQueue, bool eagerStart, string sku) : IOpenSagaProfile
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => "order (awaiting the pharmacist)";

    public async Task<string?> OpenAsync(int index, CancellationToken cancellationToken)
    {
        var input = new OrderFulfillmentInput(OrderId(index), [new OrderLine(sku, 1)], "1 Open Lane", RequiresPrescription: true);
        var handle = await client.StartWorkflowAsync(
            (OrderFulfillmentWorkflow wf) => wf.RunAsync(input),
            SagaLoadRun.Options(OrderFulfillmentWorkflow.WorkflowId(input.OrderId), taskQueue, OrderFulfillmentWorkflow.SagaType, eagerStart, cancellationToken));
        while (true)
        {
            var state = await handle.QueryAsync(wf => wf.GetState(), new() { Rpc = new() { CancellationToken = cancellationToken } });
            if (state.Steps.Any(s => s is { Kind: StepKind.Wait, Name: OrderSteps.AwaitPrescriptionApproval, Status: StepStatus.Running }))
            {
                return null;
            }

            if (state.Status.IsFinal())
            {
                return $"ended {state.Status} ({state.ErrorType}) before waiting";
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    public async Task<string?> CloseAsync(int index, CancellationToken cancellationToken)
    {
        var handle = OrderSagaClientHandle(index);
        await handle.SignalAsync(wf => wf.PrescriptionRejectedAsync(new("load --open released it")), new() { Rpc = new() { CancellationToken = cancellationToken } });
        var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = cancellationToken });
        return result.Status == SagaStatus.Compensated && result.ErrorType == OrderErrors.PrescriptionRejected
            ? null
            : $"closed {result.Status} ({result.ErrorType})";
    }

    private WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult> OrderSagaClientHandle(int index) =>
        client.GetWorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult>(OrderFulfillmentWorkflow.WorkflowId(OrderId(index)));

    private string OrderId(int index) => $"open-{run}-{index}";
}
