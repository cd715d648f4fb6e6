using Temporalio.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders.Events;

namespace TemporalSagas.Activities.Orders;

/// <summary>Stock reservations at the (simulated) inventory service; all lines or none, once per key.</summary>
public class InventoryActivities(
    Idempotency idempotency, FaultInjector faults, DomainEventStore events, SimulatedInventory inventory, OrderCompensations compensations)
{
    [Activity]
    public async Task<InventoryReserved> ReserveInventoryAsync(ReserveInventoryRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(OrderSteps.ReserveInventory, request.IdempotencyKey, request.Faults);
        var reserved = await idempotency.RunOnceAsync(request.IdempotencyKey, "reserve-inventory", request, async () =>
        {
            var reservation = await inventory.ReserveAsync(request.OrderId, request.IdempotencyKey, request.Items, ct);
            var lines = SimulatedInventory.Lines(reservation);
            await events.AppendAsync(
                request.OrderId,
                OrderEventTypes.InventoryReserved,
                new { reservationId = reservation.Id, lines },
                request.IdempotencyKey,
                ct);
            return new InventoryReserved(reservation.Id, request.OrderId, lines);
        }, ct);
        faults.AfterEffect(OrderSteps.ReserveInventory, request.IdempotencyKey, request.Faults);
        return reserved;
    }

    [Activity]
    public Task<string> ReleaseInventoryAsync(OrderUndoRequest request) =>
        compensations.UndoAsync(request, "release-inventory", ct => inventory.ReleaseAsync(request.StepKey, ct));
}
