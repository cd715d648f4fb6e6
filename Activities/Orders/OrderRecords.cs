using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities.Orders;

public sealed record OrderLine(string Sku, int Quantity);

public sealed record CreateOrderRequest(
    string IdempotencyKey, string OrderId, string SagaId, IReadOnlyList<OrderLine> Items, string ShippingAddress,
    FaultPlan? Faults = null);

public sealed record OrderCreated(string OrderId, DateTime CreatedUtc);

public sealed record CreatePrescriptionRequest(string IdempotencyKey, string OrderId, IReadOnlyList<string> Skus, FaultPlan? Faults = null);

public sealed record PrescriptionCreated(string PrescriptionId, string OrderId);

public sealed record ReserveInventoryRequest(string IdempotencyKey, string OrderId, IReadOnlyList<OrderLine> Items, FaultPlan? Faults = null);

public sealed record InventoryReserved(string ReservationId, string OrderId, IReadOnlyList<OrderLine> Lines);

public sealed record InitiateShipmentRequest(string IdempotencyKey, string OrderId, string ShippingAddress, FaultPlan? Faults = null);

public sealed record ShipmentInitiated(string ShipmentId, string TrackingNumber, string Carrier);

/// <summary>A compensation of an order step: <paramref name="StepKey"/> finds the step's effect; the order id
/// names the aggregate its <c>order.compensation_recorded.v1</c> event belongs to.</summary>
public sealed record OrderUndoRequest(string IdempotencyKey, string StepKey, string OrderId, string Step, FaultPlan? Faults = null);

/// <summary>A transition that has no activity of its own (approval received, saga completed/failed/timed out).</summary>
public sealed record RecordTransitionRequest(string IdempotencyKey, string OrderId, string EventType, string PayloadJson);

/// <summary>What the workflow checks against the database before any step runs.</summary>
public sealed record OrderCheckRequest(string OrderId, IReadOnlyList<string> Skus);

/// <param name="Problems">Input problems found in the database (unknown SKU, order id taken); empty when fine.</param>
/// <param name="PrescriptionSkus">SKUs of the order that need a pharmacist's approval.</param>
public sealed record OrderCheck(IReadOnlyList<string> Problems, IReadOnlyList<string> PrescriptionSkus);
