using Temporalio.Client;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Client.Checks;
using TemporalSagas.Workflows.Orders;

namespace TemporalSagas.Client.Orders;

/// <summary>The order's SKUs and id against the data before its saga starts (the workflow's own check, read-only).</summary>
public static class OrderDataCheck
{
    private const string OrderIdProblem = "order id:";

    public static async Task EnsureAsync(
        DataCheckContext context, OrderFulfillmentInput input, Func<Task<ITemporalClient>> clientAsync, CancellationToken cancellationToken)
    {
        var request = new OrderCheckRequest(input.OrderId, [.. input.Items.Select(i => i.Sku)]);
        var problems = await SagaDataCheck.ProblemsAsync(
            context, async (OrderActivities a) => (await a.CheckOrderAsync(request)).Problems, cancellationToken);
        foreach (var problem in problems ?? [])
        {
            // A retried start of an order whose saga still runs joins that saga (use-existing): only a finished one's id is taken.
            var idTaken = problem.StartsWith(OrderIdProblem, StringComparison.Ordinal);
            if (idTaken && await SagaDataCheck.IsRunningAsync(await clientAsync(), OrderFulfillmentWorkflow.WorkflowId(input.OrderId), cancellationToken))
            {
                continue;
            }

            throw CliException.BadInput(problem, idTaken ? "--order-id" : "--item");
        }
    }
}
