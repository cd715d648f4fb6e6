namespace TemporalSagas.Activities.Orders.Events;

/// <summary>Versioned event types of the order aggregate; a changed payload gets a new version, never an edit.</summary>
public static class OrderEventTypes
{
    public const string FulfillmentStarted = "order.fulfillment_started.v1";
    public const string PrescriptionCreated = "order.prescription_created.v1";
    public const string PrescriptionApproved = "order.prescription_approved.v1";
    public const string InventoryReserved = "order.inventory_reserved.v1";
    public const string ShipmentInitiated = "order.shipment_initiated.v1";
    public const string CompensationRecorded = "order.compensation_recorded.v1";
    public const string FulfillmentFailed = "order.fulfillment_failed.v1";
    public const string FulfillmentTimedOut = "order.fulfillment_timed_out.v1";
    public const string FulfillmentCancelled = "order.fulfillment_cancelled.v1";
    public const string FulfillmentCompleted = "order.fulfillment_completed.v1";
}
