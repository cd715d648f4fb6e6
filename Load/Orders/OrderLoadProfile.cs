using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Orders;

namespace TemporalSagas.Load.Orders;

/// <summary>
/// Orders under load: one line of a non-prescription SKU each, so no saga waits for a pharmacist (create order →
/// reserve inventory → initiate shipment). <c>--open</c> orders need a prescription instead and wait for the
/// pharmacist's signal (see <see cref="OrderOpenProfile"/>).
/// </summary>
/// <param name="sku">The SKU each order takes: <see cref="LoadSku"/> when the run topped up the database, else the
/// seeded vitamins (an external worker's stock, which a long run can exhaust).</param>
public sealed class OrderLoadProfile(ITemporalClient client, string taskQueue, LoadSettings settings, bool eagerStart, string sku) : ISagaLoadProfile
{
    /// <summary>A SKU of the load's own: the order invariant only balances seeded SKUs against their seeded stock,
    /// so a new SKU with all the stock the run needs leaves <c>starter verify</c> meaningful.</summary>
    public const string LoadSku = "LOAD-ITEM";

    /// <summary>Where --fail-at may point: the steps a non-prescription order runs.</summary>
    public static readonly IReadOnlyList<string> FailSteps = [OrderSteps.CreateOrder, OrderSteps.ReserveInventory, OrderSteps.InitiateShipment];

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => settings.FailAt is null ? "order" : $"order --fail-at {settings.FailAt}";

    public Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken) =>
        SagaLoadRun.MeasureAsync(
            settings,
            async token =>
            {
                var input = new OrderFulfillmentInput(
                    $"load-{run}-{index}", [new OrderLine(sku, 1)], "1 Load Lane", Faults: SagaLoadRun.Faults(settings));
                var handle = await client.StartWorkflowAsync(
                    (OrderFulfillmentWorkflow wf) => wf.RunAsync(input),
                    SagaLoadRun.Options(OrderFulfillmentWorkflow.WorkflowId(input.OrderId), taskQueue, OrderFulfillmentWorkflow.SagaType, eagerStart, token));
                var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = token });
                return new SagaOutcome(result.Status, result.FailedStep, result.ErrorType, result.SagaLog);
            },
            cancellationToken);

    /// <summary>Adds <see cref="LoadSku"/> (no prescription) with stock for every saga, or raises its stock.</summary>
    public static async Task TopUpAsync(IServiceProvider services, int sagas, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SagasDbContext>();
        var item = await db.InventoryItems().FirstOrDefaultAsync(i => i.Sku == LoadSku, cancellationToken);
        if (item is null)
        {
            db.InventoryItems().Add(new InventoryItem { Sku = LoadSku, Name = "Load test item", Stock = sagas, RequiresPrescription = false });
        }
        else if (item.Stock < sagas)
        {
            item.Stock = sagas;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
