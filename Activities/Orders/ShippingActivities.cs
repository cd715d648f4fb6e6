using Temporalio.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders.Events;

namespace TemporalSagas.Activities.Orders;

/// <summary>Shipments at the (simulated) carrier; each effect and its domain event commit together.</summary>
public class ShippingActivities(
    Idempotency idempotency, FaultInjector faults, DomainEventStore events, SimulatedCarrier carrier, OrderCompensations compensations)
{
    [Activity]
    public async Task<ShipmentInitiated> InitiateShipmentAsync(InitiateShipmentRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(OrderSteps.InitiateShipment, request.IdempotencyKey, request.Faults);
        var shipped = await idempotency.RunOnceAsync(request.IdempotencyKey, "initiate-shipment", request, async () =>
        {
            var shipment = await carrier.ShipAsync(request.OrderId, request.IdempotencyKey, request.ShippingAddress, ct);
            await events.AppendAsync(
                request.OrderId,
                OrderEventTypes.ShipmentInitiated,
                new { shipmentId = shipment.Id, trackingNumber = shipment.TrackingNumber, carrier = shipment.Carrier },
                request.IdempotencyKey,
                ct);
            return new ShipmentInitiated(shipment.Id, shipment.TrackingNumber, shipment.Carrier);
        }, ct);
        faults.AfterEffect(OrderSteps.InitiateShipment, request.IdempotencyKey, request.Faults);
        return shipped;
    }

    [Activity]
    public Task<string> CancelShipmentAsync(OrderUndoRequest request) =>
        compensations.UndoAsync(request, "cancel-shipment", ct => carrier.CancelAsync(request.StepKey, ct));
}
