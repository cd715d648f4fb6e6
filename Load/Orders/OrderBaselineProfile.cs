using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Workflows.Orders;
using static TemporalSagas.Load.BaselineSaga;

namespace TemporalSagas.Load.Orders;

/// <summary>
/// The order saga without Temporal, as <see cref="FlightBaselineProfile"/> is the flight's: create the order,
/// reserve the stock, ship, each activity from its own DI scope with the engine's key shape, and on failure the
/// compensations of the steps done in reverse order. No retries, no durability.
/// </summary>
public sealed class OrderBaselineProfile(IServiceProvider services, LoadSettings settings) : ISagaLoadProfile
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => settings.FailAt is null ? "order" : $"order --fail-at {settings.FailAt}";

    public async Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken)
    {
        var faults = SagaLoadRun.Faults(settings);
        var orderId = $"baseline-{run}-{index}";
        var sagaId = OrderFulfillmentWorkflow.WorkflowId(orderId);
        IReadOnlyList<OrderLine> items = [new(OrderLoadProfile.LoadSku, 1)];
        const string address = "1 Load Lane";
        var undo = new Stack<(string Step, Func<Task> Compensate)>();
        var step = OrderSteps.CreateOrder;
        var clock = Stopwatch.StartNew();
        try
        {
            await CallAsync<OrderActivities>(a => a.CreateOrderAsync(new(Key(sagaId, step), orderId, sagaId, items, address, faults)));
            undo.Push((step, () => CallAsync<OrderActivities>(a => a.CancelOrderAsync(UndoRequest(sagaId, orderId, OrderSteps.CreateOrder)))));

            step = OrderSteps.ReserveInventory;
            await CallAsync<InventoryActivities>(a => a.ReserveInventoryAsync(new(Key(sagaId, step), orderId, items, faults)));
            undo.Push((step, () => CallAsync<InventoryActivities>(a => a.ReleaseInventoryAsync(UndoRequest(sagaId, orderId, OrderSteps.ReserveInventory)))));

            step = OrderSteps.InitiateShipment;
            await CallAsync<ShippingActivities>(a => a.InitiateShipmentAsync(new(Key(sagaId, step), orderId, address, faults)));

            return BaselineSaga.Completed(settings, clock);
        }
        catch (ApplicationFailureException failure)
        {
            return await BaselineSaga.CompensatedAsync(settings, clock, undo, step, failure);
        }
#pragma warning disable CA1031 // a failing call is a counted error of the run, not the end of it
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return BaselineSaga.CallFailed(clock, e);
        }
    }

    private OrderUndoRequest UndoRequest(string sagaId, string orderId, string step) =>
        new(CompensationKey(sagaId, step), Key(sagaId, step), orderId, step, SagaLoadRun.Faults(settings));

    private async Task CallAsync<TActivities>(Func<TActivities, Task> call)
        where TActivities : notnull
    {
        await using var scope = services.CreateAsyncScope();
        await call(scope.ServiceProvider.GetRequiredService<TActivities>());
    }
}
